import { print } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InspectionRoundDocument, OverdueClueTransfersDocument } from '@hub/client';
import { ALL_UNITS, CASEWORK_2020, ELDERLY_CARE_STORY, PETITIONS, UNITS } from '@hub/demo';
import { loadDemoData as loadDiscipline } from '../../subgraphs/discipline/src/demo.ts';
import { loadDemoData as loadInspection } from '../../subgraphs/inspection/src/demo.ts';
import { loadDemoData as loadStationed } from '../../subgraphs/stationed/src/demo.ts';
import { DistrictSnapshotDocument } from '../operations/generated.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';

// One demo district for the file: loading it again changes nothing (the first test checks it).
let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
});
afterAll(() => hub?.stop());

it('loading the demo district again changes nothing', async () => {
  const snapshot = async () => (await hub.query(DistrictSnapshotDocument, {})).data;
  const first = await snapshot();
  expect(first?.units.totalCount).toBe(ALL_UNITS.length);
  const petitions = (first?.units.edges ?? []).flatMap((e) => e.node?.petitionSummary ?? []).reduce((n, row) => n + row.count, 0);
  expect(petitions).toBe(PETITIONS.length + CASEWORK_2020.petitions.length);

  await loadInspection(hub.inspection.database);
  await loadDiscipline(hub.discipline.database);
  await loadStationed(hub.stationed.database);
  expect(await snapshot()).toEqual(first);
});

it("the documents front-end teams use answer on the demo district's 2020 round", async () => {
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
});

it('the demo signals the transfer nobody registered, and not the one discipline registered', async () => {
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
