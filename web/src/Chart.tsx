import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the pages use, rendered as SVG: sharp in print and in the PDF.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** The system's Chinese fonts (Noto Sans CJK / 文泉驿 on Debian); nothing is downloaded. */
export const FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif';

export interface ChartProps {
  option: echarts.EChartsCoreOption;
  height?: number;
  label: string;
}

export function Chart({ option, height = 260, label }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, null, { renderer: 'svg' });
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY }, ...option });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    window.addEventListener('beforeprint', resize);
    return () => {
      window.removeEventListener('resize', resize);
      window.removeEventListener('beforeprint', resize);
      chart.dispose();
    };
  }, [option]);
  return <div className="chart" role="img" aria-label={label} ref={element} style={{ height }} />;
}

/** A bar chart of labelled counts. */
export function barOption(rows: { label: string; count: number }[], options: { horizontal?: boolean } = {}): echarts.EChartsCoreOption {
  const category = { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, width: 110, overflow: 'break' } };
  const value = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: options.horizontal ? 130 : 40, right: 20, top: 20, bottom: options.horizontal ? 30 : 60 },
    xAxis: options.horizontal ? value : category,
    yAxis: options.horizontal ? { ...category, inverse: true } : value,
    series: [
      {
        type: 'bar',
        barMaxWidth: 36,
        data: rows.map((r) => r.count),
        label: { show: true, position: options.horizontal ? 'right' : 'top' },
        itemStyle: { color: '#9b1c1c' },
      },
    ],
  };
}
