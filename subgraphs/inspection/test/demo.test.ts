import { expect, it } from 'vitest';
import { UNITS } from '@hub/demo';
import { startSubgraph } from '../../../test/support/subgraph.ts';
import { loadDemoData } from '../src/demo.ts';
import { DemoDistrictDocument } from './operations/generated.ts';

// Inspection's demo records alone (its own database seeded by its own loader). What needs the other
// bodies' demo too — the front-end's documents through the gateway, the transfer discipline's demo
// registered — is in test/e2e/demo.test.ts.
it('the demo district has a 2020 round in rectification, and loading it again changes nothing', async () => {
  await using hub = await startSubgraph('inspection', { demo: true });
  const snapshot = async () => {
    const response = await hub.query(DemoDistrictDocument, { code: UNITS.liuying.code });
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const first = await snapshot();
  expect(first.inspectionRounds?.totalCount).toBe(1);
  const round = first.inspectionRounds!.edges[0]!.node!;
  expect(round).toMatchObject({ name: '第九轮', stage: 'RECTIFICATION' });
  expect(round.stageHistory).toHaveLength(7);
  expect(round.teams![0]!.members).toHaveLength(5);
  expect(round.inspections!.every((i) => i.briefingComplete)).toBe(true);
  expect(first.unit).toEqual({
    rectificationStatus: { planStatus: 'APPROVED', itemsTotal: 2, itemsCompleted: 1, reportDueOn: '2021-02-28' },
    overdueRectificationItems: [{ description: '健全村务公开制度' }],
  });
  expect(first.inspectionStatistics?.inspectionFundsRecovered).toBe('186000.00');

  await loadDemoData(hub.database);
  expect(await snapshot()).toEqual(first);
});
