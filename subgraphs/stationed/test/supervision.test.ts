import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLResponse } from '../../../test/support/hub.ts';
import { type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';
import { createGroup, recordActivity } from '../../../test/support/seed-stationed.ts';
import {
  AdmonishmentTalksDocument,
  GroupActivityNotesDocument,
  GroupsUnitsActivitiesDocument,
  GroupUnitsActivitiesDocument,
  RecordSupervisionActivityDocument,
  ResolveSupervisionIssueDocument,
  SupervisionActivityGroupsDocument,
  SupervisionActivityNotesDocument,
  UnitActivitiesPageDocument,
  UnitActivityNotesDocument,
  UnitSupervisionDocument,
} from './operations/generated.ts';

const officerOf = (groupId: string) => ({ as: { role: 'stationed_officer' as const, scopes: { stationedGroupIds: [groupId] } }, purpose: '日常监督' });

describe('daily supervision: activities and issues', () => {
  let hub: SubgraphHarness<'stationed'>;
  const codes = Array.from({ length: 12 }, randomUnitCode);
  const [own, other] = [codes[0]!, codes[11]!];
  let groupA: string;
  let groupB: string;
  const person = crypto.randomUUID();

  beforeAll(async () => {
    hub = await startSubgraph('stationed');
    await seed(hub).persons([person]);
    await seed(hub).units(codes.map((code, i) => ({ code, name: `单位${i}` })));
    groupA = await createGroup(hub, { name: '派驻第一纪检组', startOn: '2022-01-01', unitCodes: codes.slice(0, 11) });
    groupB = await createGroup(hub, { name: '派驻第二纪检组', startOn: '2022-01-01', unitCodes: [other] });
  });
  afterAll(() => hub?.stop());

  it('records an activity with persons and issues and shows it on the unit and the group', async () => {
    const talk = await recordActivity(hub, {
      groupId: groupA,
      unitCode: own,
      kind: 'HEART_TO_HEART_TALK',
      heldOn: '2024-03-05',
      notes: '与局长谈心谈话，提醒公车使用问题',
      personIds: [person],
      issues: [{ description: '公务用车登记不全' }],
    });
    await recordActivity(hub, {
      groupId: groupA,
      unitCode: own,
      kind: 'ATTEND_PARTY_GROUP_MEETING',
      heldOn: '2024-04-10',
      notes: '列席党组会，研究三重一大事项',
    });
    expect(talk.issueIds).toHaveLength(1);

    const response = await hub.query(UnitSupervisionDocument, { r: [{ __typename: 'Unit', code: own }] }, officerOf(groupA));
    expect(response.errors).toBeUndefined();
    expect(response.data?.unit[0]?.supervisionActivities?.totalCount).toBe(2);
    expect(response.data?.unit[0]?.supervisionActivities?.edges.map((e) => e.node)).toEqual([
      {
        kind: 'ATTEND_PARTY_GROUP_MEETING',
        heldOn: '2024-04-10',
        notes: '列席党组会，研究三重一大事项',
        persons: [],
        group: { name: '派驻第一纪检组' },
        issues: [],
      },
      {
        kind: 'HEART_TO_HEART_TALK',
        heldOn: '2024-03-05',
        notes: '与局长谈心谈话，提醒公车使用问题',
        persons: [{ id: person }],
        group: { name: '派驻第一纪检组' },
        issues: [{ description: '公务用车登记不全', status: 'OPEN' }],
      },
    ]);
    expect(response.data?.unit[0]?.openSupervisionIssues).toEqual({
      edges: [{ node: { description: '公务用车登记不全', foundOn: '2024-03-05', status: 'OPEN' } }],
    });

    // The reads of notes, persons and issue text are in the audit log, with the stated purpose.
    const audit = await hub.database.db.selectFrom('auditLogRecord').selectAll().where('action', '=', 'READ').where('recordId', '=', talk.id).execute();
    expect(audit).toEqual([expect.objectContaining({ recordType: 'SupervisionActivity', purpose: '日常监督', roles: ['stationed_officer'] })]);
  });

  it("pages through a unit's activities with cursors, forwards and backwards", async () => {
    const PAGE = UnitActivitiesPageDocument;
    const page1 = (await hub.query(PAGE, { r: [{ __typename: 'Unit', code: own }], first: 1 })).data?.unit[0]?.supervisionActivities;
    expect(page1?.edges).toEqual([{ node: { heldOn: '2024-04-10' } }]);
    expect(page1?.pageInfo.hasNextPage).toBe(true);
    const page2 = (await hub.query(PAGE, { r: [{ __typename: 'Unit', code: own }], first: 1, after: page1?.pageInfo.endCursor })).data?.unit[0]
      ?.supervisionActivities;
    expect(page2?.edges).toEqual([{ node: { heldOn: '2024-03-05' } }]);
    expect(page2?.pageInfo.hasNextPage).toBe(false);
    const back = (await hub.query(PAGE, { r: [{ __typename: 'Unit', code: own }], last: 1, before: page2?.pageInfo.startCursor })).data?.unit[0]
      ?.supervisionActivities;
    expect(back?.edges).toEqual([{ node: { heldOn: '2024-04-10' } }]);
  });

  it('tracks an issue to resolution and refuses resolving it twice', async () => {
    const { issueIds } = await recordActivity(hub, {
      groupId: groupA,
      unitCode: codes[1]!,
      kind: 'SUPERVISION_CHECK',
      heldOn: '2024-05-01',
      notes: '监督检查财务报销',
      issues: [{ description: '差旅费超标准报销' }],
    });
    const RESOLVE = ResolveSupervisionIssueDocument;
    const early = await hub.query(RESOLVE, { input: { issueId: issueIds[0]!, resolvedOn: '2024-04-01', resolution: '已退回' } }, officerOf(groupA));
    expect(early.data?.resolveSupervisionIssue).toEqual({ issue: null, errors: [{ code: 'BAD_USER_INPUT', field: ['input', 'resolvedOn'] }] });
    const done = await hub.query(RESOLVE, { input: { issueId: issueIds[0]!, resolvedOn: '2024-06-01', resolution: '超标部分已退回' } }, officerOf(groupA));
    expect(done.data?.resolveSupervisionIssue).toEqual({ issue: { status: 'RESOLVED', resolvedOn: '2024-06-01', resolution: '超标部分已退回' }, errors: [] });
    const again = await hub.query(RESOLVE, { input: { issueId: issueIds[0]!, resolvedOn: '2024-06-02', resolution: '再次' } }, officerOf(groupA));
    expect(again.data?.resolveSupervisionIssue?.errors).toEqual([{ code: 'INVALID_TRANSITION', field: ['input', 'issueId'] }]);
    const other = await hub.query(RESOLVE, { input: { issueId: issueIds[0]!, resolvedOn: '2024-06-02', resolution: '越权' } }, officerOf(groupB));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('resolves an issue once when two officers resolve it at the same moment', async () => {
    const { issueIds } = await recordActivity(hub, {
      groupId: groupA,
      unitCode: codes[2]!,
      kind: 'SUPERVISION_CHECK',
      heldOn: '2024-05-01',
      notes: '检查',
      issues: [{ description: '并发问题' }],
    });
    const RESOLVE = ResolveSupervisionIssueDocument;
    const results = await Promise.all(
      ['甲', '乙'].map((who) =>
        hub.query(RESOLVE, { input: { issueId: issueIds[0]!, resolvedOn: '2024-06-01', resolution: `${who}办结` } }, officerOf(groupA)),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
    expect(results.flatMap((r) => r.data?.resolveSupervisionIssue?.errors.map((e) => e.code) ?? [])).toEqual(['INVALID_TRANSITION']);
    const writes = await hub.database.db.selectFrom('auditLog').select('action').where('recordId', '=', issueIds[0]!).where('action', '=', 'UPDATE').execute();
    expect(writes).toHaveLength(1);
  });

  it('refuses an activity at a unit the group did not oversee that day, and invalid input, writing nothing', async () => {
    const before = (
      await hub.database.db
        .selectFrom('supervisionActivity')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const notOurs = await hub.query(
      RecordSupervisionActivityDocument,
      { input: { groupId: groupA, unitCode: other, kind: 'ADMONISHMENT_TALK', heldOn: '2024-01-01', notes: '约谈' } },
      officerOf(groupA),
    );
    expect(notOurs.data?.recordSupervisionActivity?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'unitCode'] })]);
    const beforeCoverage = await hub.query(
      RecordSupervisionActivityDocument,
      { input: { groupId: groupA, unitCode: own, kind: 'ADMONISHMENT_TALK', heldOn: '2021-12-31', notes: '约谈' } },
      officerOf(groupA),
    );
    expect(beforeCoverage.data?.recordSupervisionActivity?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'unitCode'] })]);
    const emptyIssue = await hub.query(
      RecordSupervisionActivityDocument,
      {
        input: {
          groupId: groupA,
          unitCode: own,
          kind: 'SPECIAL_CHECK',
          heldOn: '2024-01-01',
          notes: '专项检查',
          issues: [{ description: '问题' }, { description: '  ' }],
        },
      },
      officerOf(groupA),
    );
    expect(emptyIssue.data?.recordSupervisionActivity?.errors).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'issues', '1', 'description'] }),
    ]);
    const future = await hub.query(
      RecordSupervisionActivityDocument,
      { input: { groupId: groupA, unitCode: own, kind: 'SPECIAL_CHECK', heldOn: '2999-01-01', notes: '专项检查' } },
      officerOf(groupA),
    );
    expect(future.data?.recordSupervisionActivity?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'heldOn'] })]);
    const forOtherGroup = await hub.query(
      RecordSupervisionActivityDocument,
      { input: { groupId: groupB, unitCode: other, kind: 'SPECIAL_CHECK', heldOn: '2024-01-01', notes: '专项检查' } },
      officerOf(groupA),
    );
    expect(forOtherGroup.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = (
      await hub.database.db
        .selectFrom('supervisionActivity')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(after).toBe(before);
  });

  it('loads the activities of many units with the same number of statements as of one', async () => {
    for (const [i, code] of codes.slice(0, 11).entries()) {
      await recordActivity(hub, {
        groupId: groupA,
        unitCode: code,
        kind: 'SUPERVISION_CHECK',
        heldOn: `2024-07-${String(i + 1).padStart(2, '0')}`,
        notes: `检查${i}`,
        issues: [{ description: `问题${i}` }],
      });
    }
    const lone = randomUnitCode();
    await seed(hub).units([{ code: lone }]);
    const groupC = await createGroup(hub, { name: '派驻第三纪检组', startOn: '2022-01-01', unitCodes: [lone] });
    await recordActivity(hub, {
      groupId: groupC,
      unitCode: lone,
      kind: 'SUPERVISION_CHECK',
      heldOn: '2024-07-01',
      notes: '检查',
      issues: [{ description: '问题' }],
    });
    const statements = async <Data>(send: () => Promise<GraphQLResponse<Data>>) => {
      const { result: response, statements: counts } = await hub.countStatements(send);
      expect(response.errors).toBeUndefined();
      return { count: counts.stationed, data: response.data };
    };
    const many = await statements(() => hub.query(GroupsUnitsActivitiesDocument, {}));
    const one = await statements(() => hub.query(GroupUnitsActivitiesDocument, { id: groupC }));
    const unitsOfA = many.data?.stationedGroups.edges.flatMap((e) => e.node?.units ?? []) ?? [];
    expect(unitsOfA).toHaveLength(13);
    const withActivities = unitsOfA.filter((u) => (u.supervisionActivities?.edges.length ?? 0) >= 1 && (u.supervisionActivities?.totalCount ?? 0) >= 1);
    expect(withActivities.map((u) => u.code).sort()).toEqual([...codes.slice(0, 11), lone].sort());
    expect(one.data?.stationedGroup?.units).toHaveLength(1);
    // Twelve units and one cost the same: group(s), coverage, overseeing group (need-to-know check),
    // first pages (which count their lists too), issues of the activities, open issues; and the one-time
    // id of the request's claims (this test calls stationed alone, in one request).
    expect(many.count).toBe(one.count);
    expect(one.count).toBe(6 + 1);
  });

  it("refuses another group the unit's records, its own list and a record by id", async () => {
    const { id } = await recordActivity(hub, {
      groupId: groupA,
      unitCode: own,
      kind: 'ADMONISHMENT_TALK',
      heldOn: '2024-08-01',
      notes: '约谈副局长，涉及工程项目',
    });
    const viaUnit = await hub.query(UnitActivityNotesDocument, { r: [{ __typename: 'Unit', code: own }] }, officerOf(groupB));
    expect(viaUnit.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(viaUnit)).not.toContain('工程项目');
    const viaGroup = await hub.query(GroupActivityNotesDocument, { id: groupA }, officerOf(groupB));
    expect(viaGroup.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byId = await hub.query(SupervisionActivityNotesDocument, { id }, officerOf(groupB));
    expect(byId.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(byId)).not.toContain('工程项目');
    const list = await hub.query(SupervisionActivityGroupsDocument, {}, officerOf(groupB));
    expect(list.data?.supervisionActivities?.totalCount).toBe(0);
    const ownList = await hub.query(AdmonishmentTalksDocument, {}, officerOf(groupA));
    expect(ownList.data?.supervisionActivities).toEqual({ totalCount: 1, edges: [{ node: { notes: '约谈副局长，涉及工程项目' } }] });
    const asInspector = await hub.query(SupervisionActivityNotesDocument, { id }, { as: { role: 'inspection_officer' } });
    expect(asInspector.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
