import { enumLabel, YearStatisticsDocument } from '@hub/client';
import { type FormEvent, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { barOption, Chart } from '../Chart.tsx';
import { percent, yuan } from '../format.ts';

/** 年度数据: statistics(year) from all three subgraphs, laid out as the district's yearly table. */
export function YearFiguresPage({ year }: { year: number }) {
  const [input, setInput] = useState(String(year));
  const [{ data, fetching, error }] = useQuery({ query: YearStatisticsDocument, variables: { year } });
  const s = data?.statistics;
  const charts = useMemo(() => {
    if (!s) return null;
    return {
      clues: barOption(s.cluesDisposedByMethod.map((r) => ({ label: enumLabel('DisposalMethod', r.method), count: r.count }))),
      sanctions: barOption(
        s.sanctionsByType.map((r) => ({ label: enumLabel('SanctionType', r.type), count: r.count })),
        { horizontal: true },
      ),
      forms: barOption(s.fourForms.map((r) => ({ label: `第${'一二三四'[r.form - 1] ?? r.form}种形态`, count: r.count }))),
      findings: barOption(
        (s.inspectionFindingsByCategory ?? []).map((r) => ({ label: enumLabel('FindingCategory', r.category), count: r.count })),
        { horizontal: true },
      ),
    };
  }, [s]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const y = Number(input);
    if (Number.isInteger(y) && y >= 1990 && y <= 2100) location.hash = `#/figures/${y}`;
  };
  return (
    <section className="page figures">
      <div className="dossier-head">
        <h1>{year}年 全区纪检监察工作数据</h1>
        <form className="controls no-print" onSubmit={submit}>
          <label>
            年度
            <input name="year" type="number" min={1990} max={2100} value={input} onChange={(e) => setInput(e.target.value)} />
          </label>
          <button type="submit">查看</button>
        </form>
      </div>
      {fetching && !s && <p>查询中…</p>}
      {error && (
        <p className="error" role="alert">
          查询失败：{error.message}
        </p>
      )}
      {s && charts && (
        <>
          <table className="figures-table" data-testid="district-table">
            <thead>
              <tr>
                <th>处置问题线索</th>
                <th>立案</th>
                <th>处理</th>
                <th>给予党纪政务处分</th>
                <th>留置</th>
                <th>移送检察机关</th>
                <th>挽回经济损失</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td data-figure="cluesDisposed">{s.cluesDisposed} 件</td>
                <td data-figure="casesFiled">{s.casesFiled} 件</td>
                <td data-figure="personsHandled">{s.personsHandled} 人</td>
                <td data-figure="personsSanctioned">{s.personsSanctioned} 人</td>
                <td data-figure="detentions">{s.detentions} 人</td>
                <td data-figure="transfersToProcuratorate">{s.transfersToProcuratorate} 人</td>
                <td data-figure="lossesRecovered">{yuan(s.lossesRecovered)}</td>
              </tr>
            </tbody>
          </table>
          <div className="charts">
            <figure>
              <figcaption>问题线索处置（四类方式）</figcaption>
              <Chart option={charts.clues} label="问题线索按处置方式" />
            </figure>
            <figure>
              <figcaption>运用监督执纪“四种形态”</figcaption>
              <Chart option={charts.forms} label="四种形态" />
            </figure>
            <figure>
              <figcaption>处分（按种类）</figcaption>
              <Chart option={charts.sanctions} label="处分按种类" height={320} />
            </figure>
            <figure>
              <figcaption>巡察发现问题（按类别）</figcaption>
              <Chart option={charts.findings} label="巡察发现问题按类别" height={320} />
            </figure>
          </div>
          <table className="list compact">
            <tbody>
              <tr>
                <th>收到信访举报</th>
                <td>{s.petitionsReceived} 件</td>
                <th>结案</th>
                <td>{s.casesClosed} 件</td>
              </tr>
              <tr>
                <th>巡察轮次</th>
                <td>{s.inspectionRounds} 轮</td>
                <th>巡察单位</th>
                <td>{s.inspectionUnitsInspected} 个</td>
              </tr>
              <tr>
                <th>巡察移交问题线索</th>
                <td>
                  {s.inspectionCluesTransferred} 件（优先办理 {s.inspectionCluesTransferredWithPriority} 件）
                </td>
                <th>整改完成率</th>
                <td>
                  {percent(s.inspectionRectificationCompletionRate)}（{s.inspectionRectificationItemsCompleted}/{s.inspectionRectificationItems}）
                </td>
              </tr>
              <tr>
                <th>派驻日常监督</th>
                <td>{s.supervisionActivities} 次</td>
                <th>发现 / 解决问题</th>
                <td>
                  {s.supervisionIssuesFound} / {s.supervisionIssuesResolved} 个
                </td>
              </tr>
              <tr>
                <th>派驻组移交巡察</th>
                <td>{s.stationedEscalations} 件</td>
                <th>专项检查清退资金</th>
                <td>{yuan(s.specialInspectionFundsReturned)}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
