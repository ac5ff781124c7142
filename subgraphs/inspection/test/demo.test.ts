import { print } from 'graphql';
import { expect, it } from 'vitest';
import { InspectionRoundDocument, OverdueClueTransfersDocument } from '@hub/client';
import { ELDERLY_CARE_STORY, UNITS } from '@hub/demo';
import { freshDatabases, startHub } from '../../../test/support/hub.ts';
import { loadDemoData } from '../src/demo.ts';

it('the demo district has a 2020 round in rectification, and loading it again changes nothing', async () => {
  await using hub = await startHub({ databases: await freshDatabases() }, { demo: true });
  const snapshot = async () => {
    const response = await hub.query(
      `query($code: UnitCode!) { inspectionRounds(first: 5) { totalCount edges { node { name stage stageHistory { stage } teams { members { role } } inspections { briefingComplete findings { category clueTransfer { escalated feedbackDueOn } } } } } } unit(code: $code) { rectificationStatus { planStatus itemsTotal itemsCompleted reportDueOn } overdueRectificationItems(asOf: "2021-05-01") { description } } inspectionStatistics(year: 2021) { inspectionFundsRecovered } }`,
      { code: UNITS.liuying.code },
    );
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const first = await snapshot();
  expect(first.inspectionRounds.totalCount).toBe(1);
  const round = first.inspectionRounds.edges[0].node;
  expect(round).toMatchObject({ name: '第九轮', stage: 'RECTIFICATION' });
  expect(round.stageHistory).toHaveLength(7);
  expect(round.teams[0].members).toHaveLength(5);
  expect(round.inspections.every((i: { briefingComplete: boolean }) => i.briefingComplete)).toBe(true);
  expect(first.unit).toEqual({
    rectificationStatus: { planStatus: 'APPROVED', itemsTotal: 2, itemsCompleted: 1, reportDueOn: '2021-02-28' },
    overdueRectificationItems: [{ description: '健全村务公开制度' }],
  });
  expect(first.inspectionStatistics.inspectionFundsRecovered).toBe('186000.00');

  // The documents front-end teams use answer on the demo district.
  const overdue = await hub.query(print(OverdueClueTransfersDocument), { asOf: '2021-03-01' }, { as: { role: 'inspection_officer' } });
  expect(overdue.errors).toBeUndefined();
  expect(overdue.data.overdueClueTransfers.edges.map((e: any) => e.node)).toEqual([
    expect.objectContaining({
      unit: { code: UNITS.liuying.code, name: UNITS.liuying.name },
      category: 'FUNDS_MANAGEMENT',
      escalated: true,
      priority: true,
      feedbackDueOn: '2021-02-28',
    }),
  ]);
  const roundId = (await hub.query(`{ inspectionRounds(first: 1) { edges { node { id } } } }`)).data.inspectionRounds.edges[0].node.id;
  const progress = await hub.query(print(InspectionRoundDocument), { id: roundId }, { as: { role: 'inspection_officer' } });
  expect(progress.errors).toBeUndefined();
  expect(progress.data.inspectionRound.inspections.map((i: any) => i.rectificationPlan?.status ?? null).sort()).toEqual(['APPROVED', null]);

  await loadDemoData(hub.inspection.database);
  expect(await snapshot()).toEqual(first);
});

it('the demo signals the transfer nobody registered, and not the one discipline registered', async () => {
  await using hub = await startHub({ databases: await freshDatabases() }, { demo: true });
  const SIGNALS = `query($code: UnitCode!) { unit(code: $code) { inspectionSignals(since: "2020-01-01", asOf: "2021-06-30") { kind evidence } } }`;
  const notRegistered = async (code: string) => {
    const response = await hub.query(SIGNALS, { code }, { as: { role: 'leader' } });
    expect(response.errors).toBeUndefined();
    return response.data.unit.inspectionSignals
      .filter((s: { kind: string }) => s.kind === 'TRANSFER_NOT_REGISTERED')
      .flatMap((s: { evidence: string[] }) => s.evidence);
  };
  const story = await hub.query(
    `query($id: ID!) { clueTransfer(id: $id) { unit { code } } }`,
    { id: ELDERLY_CARE_STORY.transfer.id },
    { as: { role: 'leader' } },
  );
  expect(story.errors).toBeUndefined();
  // 第二纪检监察室 registered the elderly-care clue on 2021-01-04 (discipline's demo): no signal for it.
  expect(await notRegistered(story.data.clueTransfer.unit.code)).not.toContain(ELDERLY_CARE_STORY.transfer.id);
  // The 柳营村 funds transfer (2020-11-30) has no clue in discipline's demo: it is signalled.
  expect(await notRegistered(UNITS.liuying.code)).toHaveLength(1);
});
