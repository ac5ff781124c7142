import { refuse, UpstreamUnavailable } from '@hub/core';
import type { Context } from './context.ts';
import type { InspectionPeriodCounts } from './domain/bulletins.ts';

/**
 * 巡察办通报数字 — the period's inspection figures, asked of inspection (their owner) through the graph
 * with discipline's service identity when 巡察办's report material is issued. The document is a
 * trusted one (operations/service/InspectionPeriodFigures.graphql).
 */
export const INSPECTION_PERIOD_FIGURES_DOCUMENT = `query InspectionPeriodFigures($periodStart: Date!, $periodEnd: Date!) {
  inspectionPeriodFigures(periodStart: $periodStart, periodEnd: $periodEnd) {
    roundsStarted
    unitsInspected
    findings
    findingsByCategory { category count }
    amountInvolved
    cluesTransferred
    cluesTransferredEscalated
    rectificationItemsCompleted
  }
}`;

/** The figures, or a retryable refusal on `input.figures` when inspection cannot be reached. */
export async function fetchInspectionPeriodFigures(ctx: Context, periodStart: string, periodEnd: string): Promise<InspectionPeriodCounts> {
  let figures: InspectionPeriodCounts | null | undefined = null;
  try {
    const response = await ctx.graph.request<{ inspectionPeriodFigures: InspectionPeriodCounts | null }>(
      INSPECTION_PERIOD_FIGURES_DOCUMENT,
      { periodStart, periodEnd },
      { purpose: `巡察办通报数字（${ctx.viewer.staffId}） — inspection figures for a bulletin`, requestId: ctx.requestId },
    );
    figures = response.errors?.length ? null : response.data?.inspectionPeriodFigures;
  } catch (error) {
    if (!(error instanceof UpstreamUnavailable)) throw error;
  }
  if (!figures) {
    ctx.log.warn({ owner: 'inspection', operation: 'issueBulletin' }, 'inspection figures unavailable; bulletin refused');
    refuse(
      'UPSTREAM_UNAVAILABLE',
      ['input', 'figures'],
      '巡察方暂时无法访问，无法生成巡察数字，未印发，请稍后重试 — inspection cannot be reached to generate the figures; nothing was issued; retry later',
    );
  }
  return figures;
}
