import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../../../test/support/connections.ts';
import { type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';
import { createGroup, mutateOk, querySubgraph, recordActivity } from '../../../test/support/seed-stationed.ts';
import {
  ActivityPersonsIntegrityFilesDocument,
  AddIntegrityFileEntryDocument,
  AssignUnitToStationedGroupDocument,
  PersonIntegrityFileDocument,
  type PersonIntegrityFileQuery,
} from './operations/generated.ts';

/** A person's answer with its two connections as plain lists of nodes. */
const flat = (person: PersonIntegrityFileQuery['_entities'][number] | undefined) => ({
  ...person,
  integrityFile: nodes(person?.integrityFile),
  stationedTalks: nodes(person?.stationedTalks),
});

const officerOf = (groupId: string) => ({ as: { role: 'stationed_officer' as const, scopes: { stationedGroupIds: [groupId] } } });

describe('integrity files of leading cadres (Person)', () => {
  let hub: SubgraphHarness<'stationed'>;
  const [u1, u2] = [randomUnitCode(), randomUnitCode()];
  const cadre = crypto.randomUUID();
  const bystander = crypto.randomUUID();
  let groupA: string;
  let groupB: string;
  let talkId: string;

  beforeAll(async () => {
    hub = await startSubgraph('stationed');
    await seed(hub).persons([cadre, bystander]);
    await seed(hub).units([{ code: u1 }, { code: u2 }]);
    groupA = await createGroup(hub, { name: '派驻第五纪检组', startOn: '2022-01-01', unitCodes: [u1] });
    groupB = await createGroup(hub, { name: '派驻第六纪检组', startOn: '2022-01-01', unitCodes: [u2] });
    talkId = (
      await recordActivity(hub, { groupId: groupA, unitCode: u1, kind: 'ADMONISHMENT_TALK', heldOn: '2024-02-01', notes: '约谈局长', personIds: [cadre] })
    ).id;
    await mutateOk(
      hub,
      'addIntegrityFileEntry',
      AddIntegrityFileEntryDocument,
      {
        input: {
          personId: cadre,
          groupId: groupA,
          unitCode: u1,
          kind: 'PERSONAL_MATTERS_REPORT',
          recordedOn: '2024-01-15',
          summary: '2023年度个人有关事项报告，如实报告',
        },
      },
      officerOf(groupA),
    );
    await mutateOk(
      hub,
      'addIntegrityFileEntry',
      AddIntegrityFileEntryDocument,
      {
        input: {
          personId: cadre,
          groupId: groupA,
          unitCode: u1,
          kind: 'TALK',
          recordedOn: '2024-02-01',
          summary: '约谈记录：提醒配偶经商问题',
          activityId: talkId,
        },
      },
      officerOf(groupA),
    );
    await mutateOk(
      hub,
      'addIntegrityFileEntry',
      AddIntegrityFileEntryDocument,
      { input: { personId: cadre, groupId: groupB, unitCode: u2, kind: 'PRIOR_FINDING', recordedOn: '2023-05-01', summary: '在原单位任职时受诫勉处理' } },
      officerOf(groupB),
    );
  });
  afterAll(() => hub?.stop());

  it('shows each group the entries it needs to know, leaders all, and audits the reads', async () => {
    const asA = await querySubgraph(
      hub,
      'stationed',
      PersonIntegrityFileDocument,
      { r: [{ __typename: 'Person', id: cadre }] },
      { role: 'stationed_officer', scopes: { stationedGroupIds: [groupA] } },
    );
    expect(asA.errors).toBeUndefined();
    expect(flat(asA.data?._entities[0])).toEqual({
      id: cadre,
      integrityFile: [
        { kind: 'TALK', recordedOn: '2024-02-01', summary: '约谈记录：提醒配偶经商问题', group: { name: '派驻第五纪检组' } },
        { kind: 'PERSONAL_MATTERS_REPORT', recordedOn: '2024-01-15', summary: '2023年度个人有关事项报告，如实报告', group: { name: '派驻第五纪检组' } },
      ],
      stationedTalks: [{ kind: 'ADMONISHMENT_TALK', heldOn: '2024-02-01' }],
    });
    const asB = await querySubgraph(
      hub,
      'stationed',
      PersonIntegrityFileDocument,
      { r: [{ __typename: 'Person', id: cadre }] },
      { role: 'stationed_officer', scopes: { stationedGroupIds: [groupB] } },
    );
    expect(nodes(asB.data?._entities[0]?.integrityFile).map((e) => e.summary)).toEqual(['在原单位任职时受诫勉处理']);
    expect(nodes(asB.data?._entities[0]?.stationedTalks)).toEqual([]);
    // Counts follow need-to-know too: only what the group may read is counted.
    expect([asB.data?._entities[0]?.integrityFile?.totalCount, asB.data?._entities[0]?.stationedTalks?.totalCount]).toEqual([1, 0]);
    expect(JSON.stringify(asB)).not.toContain('配偶经商');

    const asLeader = await hub.query(ActivityPersonsIntegrityFilesDocument, { id: talkId }, { as: { role: 'leader' }, purpose: '干部选任廉政意见' });
    expect(asLeader.data?.supervisionActivity?.persons?.map((p) => ({ ...p, integrityFile: nodes(p.integrityFile) }))).toEqual([
      { id: cadre, integrityFile: [{ kind: 'TALK' }, { kind: 'PERSONAL_MATTERS_REPORT' }, { kind: 'PRIOR_FINDING' }] },
    ]);
    const reads = await hub.database.db
      .selectFrom('auditLogRecord')
      .select(['recordType', 'purpose'])
      .where('action', '=', 'READ')
      .where('recordId', '=', cadre)
      .where('purpose', '=', '干部选任廉政意见')
      .execute();
    expect(reads).toEqual([{ recordType: 'IntegrityFile', purpose: '干部选任廉政意见' }]);

    for (const role of ['analyst', 'inspection_officer', 'case_officer'] as const) {
      const refused = await querySubgraph(hub, 'stationed', PersonIntegrityFileDocument, { r: [{ __typename: 'Person', id: cadre }] }, { role });
      expect(refused.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
      expect(JSON.stringify(refused)).not.toContain('诫勉');
    }
  });

  it('refuses an entry tied to an activity the cadre was not in, or at a unit the group does not oversee', async () => {
    const notInvolved = await hub.query(
      AddIntegrityFileEntryDocument,
      { input: { personId: bystander, groupId: groupA, unitCode: u1, kind: 'TALK', recordedOn: '2024-02-01', summary: '记录', activityId: talkId } },
      officerOf(groupA),
    );
    expect(notInvolved.data?.addIntegrityFileEntry?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'activityId'] })]);
    const otherUnit = await hub.query(
      AddIntegrityFileEntryDocument,
      { input: { personId: bystander, groupId: groupA, unitCode: u2, kind: 'OTHER', recordedOn: '2024-02-01', summary: '记录' } },
      officerOf(groupA),
    );
    expect(otherUnit.data?.addIntegrityFileEntry?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'unitCode'] })]);
    const forOtherGroup = await hub.query(
      AddIntegrityFileEntryDocument,
      { input: { personId: bystander, groupId: groupB, unitCode: u2, kind: 'OTHER', recordedOn: '2024-02-01', summary: '记录' } },
      officerOf(groupA),
    );
    expect(forOtherGroup.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const count = await hub.database.db
      .selectFrom('integrityFileEntry')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('personId', '=', bystander)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(0);
  });

  it("hands a unit's files to the group that takes the unit over", async () => {
    await mutateOk(hub, 'assignUnitToStationedGroup', AssignUnitToStationedGroupDocument, { input: { unitCode: u1, groupId: groupB, startOn: '2024-06-01' } });
    const asB = await querySubgraph(
      hub,
      'stationed',
      PersonIntegrityFileDocument,
      { r: [{ __typename: 'Person', id: cadre }] },
      { role: 'stationed_officer', scopes: { stationedGroupIds: [groupB] } },
    );
    expect(nodes(asB.data?._entities[0]?.integrityFile).map((e) => e.kind)).toEqual(['TALK', 'PERSONAL_MATTERS_REPORT', 'PRIOR_FINDING']);
    expect(nodes(asB.data?._entities[0]?.stationedTalks)).toEqual([{ kind: 'ADMONISHMENT_TALK', heldOn: '2024-02-01' }]);
    // The former group keeps what it recorded itself.
    const asA = await querySubgraph(
      hub,
      'stationed',
      PersonIntegrityFileDocument,
      { r: [{ __typename: 'Person', id: cadre }] },
      { role: 'stationed_officer', scopes: { stationedGroupIds: [groupA] } },
    );
    expect(nodes(asA.data?._entities[0]?.integrityFile).map((e) => e.kind)).toEqual(['TALK', 'PERSONAL_MATTERS_REPORT']);
  });
});
