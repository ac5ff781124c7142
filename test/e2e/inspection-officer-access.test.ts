import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { inspectionSteps, prepareRound } from '../support/seed-inspection.ts';
import { randomUnitCode, seed } from '../support/seed.ts';
import {
  UnitCountsInPreparationDocument,
  UnitDisciplineCountsDocument,
  UnitPetitionCountsSinceDocument,
  UnitPetitionSummariesDocument,
} from '../operations/generated.ts';

/**
 * DESIGN §6: inspection officers see, for units of an inspection they are on, counts and disposal
 * status held by discipline — and nothing for other units. Discipline learns which teams inspect a
 * unit from inspection, through the graph (@requires activeInspectionTeamIds).
 */
let hub: Hub;
const inspected = randomUnitCode();
const other = randomUnitCode();
let teamId: string;
let roundId: string;

const COUNTS = UnitDisciplineCountsDocument;

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  await seed(hub)
    .units([
      { code: inspected, name: '被巡察单位' },
      { code: other, name: '其他单位' },
    ])
    .petitions(inspected, [{ receivedOn: '2025-05-01', category: 'HEDONISM' }])
    .petitions(other, [{ receivedOn: '2025-06-01', category: 'FORMALISM' }]);
  const round = await prepareRound(hub, { unitCodes: [inspected], year: 2026, number: 1, startOn: '2026-01-05' });
  teamId = round.teamId;
  roundId = round.roundId;
});
afterAll(async () => {
  await hub?.stop();
});

const asMember = (team: string) => ({ as: { role: 'inspection_officer' as const, scopes: { inspectionTeamIds: [team] } } });

it("from its assignment in 巡前准备, before entry, the team sees the unit's counts; not another team, not another unit", async () => {
  // DESIGN §6: counts and disposal status from the team's assignment in 巡前准备 until the round closes.
  const PREPARATION = UnitCountsInPreparationDocument;
  const response = await hub.query(PREPARATION, { code: inspected }, asMember(teamId));
  expect(response.errors).toBeUndefined();
  expect(response.data?.unit).toEqual({
    activeInspectionTeamIds: [],
    assignedInspectionTeamIds: [teamId],
    petitionSummary: [{ year: 2025, count: 1 }],
    clueSummary: [],
  });
  const otherTeam = await hub.query(COUNTS, { code: inspected }, asMember('00000000-0000-4000-8000-000000000000'));
  expect(otherTeam.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  expect(otherTeam.data?.unit?.petitionSummary).toBeNull();
  const otherUnit = await hub.query(COUNTS, { code: other }, asMember(teamId));
  expect(otherUnit.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
});

it('from entry, members of the inspecting team see counts for that unit and nothing for another', async () => {
  await inspectionSteps(hub).ok('advanceInspectionRound', { roundId, stage: 'ENTRY', on: '2026-01-12' });
  const allowed = await hub.query(COUNTS, { code: inspected }, asMember(teamId));
  expect(allowed.errors).toBeUndefined();
  expect(allowed.data?.unit).toEqual({ activeInspectionTeamIds: [teamId], petitionSummary: [{ year: 2025, count: 1 }], clueSummary: [] });

  const otherUnit = await hub.query(COUNTS, { code: other }, asMember(teamId));
  expect(otherUnit.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');

  const otherTeam = await hub.query(COUNTS, { code: inspected }, asMember('00000000-0000-4000-8000-000000000000'));
  expect(otherTeam.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');

  // Counts, not content: petition records stay closed to the team.
  const content = await hub.query(UnitPetitionSummariesDocument, { code: inspected }, asMember(teamId));
  expect(content.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
});

it('counts since a date leave out what came before it, in one statement for the batch', async () => {
  const query = UnitPetitionCountsSinceDocument;
  await seed(hub).petitions(inspected, [{ receivedOn: '2026-02-01', category: 'FORMALISM' }]);
  const all = await hub.query(query, { code: inspected }, { as: { role: 'analyst' } });
  expect(all.data?.unit?.petitionSummary).toEqual([
    { year: 2025, count: 1 },
    { year: 2026, count: 1 },
  ]);
  const recent = await hub.query(query, { code: inspected, since: '2026-01-01' }, { as: { role: 'analyst' } });
  expect(recent.data?.unit?.petitionSummary).toEqual([{ year: 2026, count: 1 }]);
});
