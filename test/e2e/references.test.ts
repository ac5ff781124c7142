import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../support/connections.ts';
import { type Body, freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { inspectionSteps, prepareRound } from '../support/seed-inspection.ts';
import { randomUnitCode, seed } from '../support/seed.ts';
import { createGroup, recordActivity } from '../support/seed-stationed.ts';
import {
  ClueTransferFeedbackDocument,
  DisciplineOutboxDeliveredDocument,
  DisciplineOutboxWaitingDocument,
  InspectionTeamReferenceChecksDocument,
  OverdueClueTransfersDocument,
  ServiceReadsOfDisciplineDocument,
  StaffReferencesDocument,
  UnitEscalatedIssueStatusDocument,
  VoidClueTransferDocument,
} from '../operations/generated.ts';

/**
 * Issue 11, items 1 and 2: every write naming another body's record is checked through the graph
 * (service identity) before it writes — NOT_FOUND on the named field with the owner up,
 * UPSTREAM_UNAVAILABLE with it stopped, nothing written either way — and the facts one body records
 * for another (a transferred clue's result, an escalation's handling) travel by themselves.
 */

type Options = Parameters<Hub['query']>[2];
const as = (role: any, scopes: Record<string, string[]> = {}): Options => ({ as: { role, scopes }, purpose: '引用核验测试' });

async function rows(hub: Hub, body: Body, table: string): Promise<number> {
  const db = hub[body].database.db as any;
  const { rows: result } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number((result as { n: string }[])[0]!.n);
}

describe("references to another body's records are verified before the write", () => {
  let hub: Hub;
  const unitCode = randomUnitCode();
  const spareUnit = randomUnitCode();
  const ids = { person: randomUUID(), staff: randomUUID(), office: randomUUID() } as Record<string, string>;
  let teamId: string;
  let roundId: string;
  let inspectionId: string;

  /** A write naming an unknown record of `owner`, the field it names, and the table it would write. */
  interface Probe {
    name: string;
    owner: Body;
    writes: [Body, string];
    field: string[];
    send: () => Promise<any>;
  }
  const probes: Probe[] = [];
  const mutation = (name: string, input: Record<string, unknown>, options: Options, selection = 'errors { code field message }') => {
    const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    return async () => {
      const response = await hub.query(`mutation($input: ${type}!) { ${name}(input: $input) { ${selection} } }`, { input }, options);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data[name];
    };
  };
  const inspector = () => as('inspection_officer', { inspectionTeamIds: [teamId] });

  beforeAll(async () => {
    hub = await startHub({ databases: await freshDatabases() });
    await seed(hub)
      .units([
        { code: unitCode, name: '云溪镇石桥村党支部', kind: 'VILLAGE', level: 'VILLAGE', township: '云溪镇' },
        { code: spareUnit, name: '云溪镇中心小学' },
      ])
      .persons([ids.person!], unitCode)
      .staff([ids.staff!])
      .commissionLeaders([ids.staff!])
      .department(ids.office!, '第三纪检监察室');
    // The group oversees the unit before the round: it gives the round's stationed-group briefing.
    ids.group = await createGroup(hub, { name: '派驻第七纪检组', startOn: '2022-01-01', unitCodes: [unitCode] });
    const round = await prepareRound(hub, { unitCodes: [unitCode], year: 2025, number: 4, startOn: '2025-03-03' });
    ({ teamId, roundId } = round);
    inspectionId = round.inspections[unitCode]!;
    ids.leader = round.leaderStaffId;
    const special = await mutation(
      'startSpecialInspection',
      { theme: '乱发津补贴专项整治', startedOn: '2025-01-06', teams: [{ name: '第一检查组', staffIds: [ids.staff] }] },
      as('leader'),
      'specialInspection { id } errors { code }',
    )();
    ids.special = special.specialInspection.id;
    const activity = await recordActivity(hub, {
      groupId: ids.group,
      unitCode,
      kind: 'SUPERVISION_CHECK',
      heldOn: '2025-02-10',
      notes: '检查村务公开',
      issues: [{ description: '村务公开不及时' }],
    });
    ids.issue = activity.issueIds[0]!;
    // The team enters; a finding is on record (for the transfer probe).
    const { ok } = inspectionSteps(hub, { role: 'inspection_officer', scopes: { inspectionTeamIds: [teamId] } });
    await ok('advanceInspectionRound', { roundId, stage: 'ENTRY', on: '2025-03-10' });
    ids.finding = (await ok('recordFinding', { inspectionId, category: 'FUNDS_MANAGEMENT', description: '村务公开不及时', recordedOn: '2025-03-11' })).id;
    // A second round still in preparation, with an inspection not yet briefed (for the team and briefing probes).
    const preparing = await prepareRound(hub, { unitCodes: [spareUnit], year: 2025, number: 5, startOn: '2025-03-03' });
    ids.preparingTeam = preparing.teamId;
    const thirdUnit = randomUnitCode();
    await seed(hub).units([{ code: thirdUnit, name: '云溪镇卫生院' }]);
    ids.unbriefed = (await inspectionSteps(hub).ok('assignInspection', { teamId: preparing.teamId, unitCode: thirdUnit })).id;

    // A third round at feedback: one inspection without its meeting yet, one with it (for the meeting and plan probes).
    const [metUnit, unmetUnit] = [randomUnitCode(), randomUnitCode()];
    await seed(hub).units([
      { code: metUnit, name: '云溪镇农业服务中心' },
      { code: unmetUnit, name: '云溪镇文化站' },
    ]);
    const feedbackRound = await prepareRound(hub, { unitCodes: [metUnit, unmetUnit], year: 2025, number: 6, startOn: '2025-03-03' });
    const asLeader = inspectionSteps(hub, { role: 'leader' });
    for (const [stage, on] of [
      ['ENTRY', '2025-03-10'],
      ['FACT_FINDING', '2025-03-20'],
      ['REPORTING', '2025-04-01'],
      ['FEEDBACK', '2025-04-15'],
    ] as const) {
      await asLeader.ok('advanceInspectionRound', { roundId: feedbackRound.roundId, stage, on });
    }
    ids.unmet = feedbackRound.inspections[unmetUnit]!;
    ids.met = feedbackRound.inspections[metUnit]!;
    await asLeader.ok(
      'holdFeedbackMeeting',
      { inspectionId: ids.met, heldOn: '2025-04-20', attendees: [{ capacity: 'COMMISSION_LEADER', staffId: ids.staff }] },
      '{ reportDueOn }',
    );

    const unknown = randomUUID();
    const leader = as('leader');
    probes.push(
      {
        name: 'recordSpecialInspectionCheck',
        owner: 'inspection',
        writes: ['discipline', 'special_inspection_check'],
        field: ['input', 'unitCode'],
        send: mutation(
          'recordSpecialInspectionCheck',
          { specialInspectionId: ids.special, unitCode: randomUnitCode(), checkedOn: '2025-02-01', problemsFound: 1, fundsReturned: '1000.00' },
          leader,
        ),
      },
      {
        name: 'registerClue (transfer)',
        owner: 'inspection',
        writes: ['discipline', 'clue'],
        field: ['input', 'clueTransferId'],
        send: mutation(
          'registerClue',
          { source: 'INSPECTION_TRANSFER', clueTransferId: unknown, receivedOn: '2025-03-31', summary: '巡察移交', handler: { departmentId: ids.office } },
          as('case_manager'),
        ),
      },
      {
        name: 'recordAccountabilityDecision',
        owner: 'inspection',
        writes: ['discipline', 'accountability_decision'],
        field: ['input', 'rectificationItemId'],
        send: mutation(
          'recordAccountabilityDecision',
          { rectificationItemId: unknown, personId: ids.person, decidedOn: '2025-05-01', measure: '诫勉谈话', reason: '整改不力' },
          leader,
        ),
      },
      {
        name: 'escalateSupervisionIssue',
        owner: 'inspection',
        writes: ['stationed', 'escalation'],
        field: ['input', 'inspectionTeamId'],
        send: mutation(
          'escalateSupervisionIssue',
          { issueId: ids.issue, reason: '多次督促未整改', escalatedOn: '2025-03-05', inspectionTeamId: unknown },
          as('stationed_officer', { stationedGroupIds: [ids.group] }),
        ),
      },
      {
        name: 'recordFinding',
        owner: 'discipline',
        writes: ['inspection', 'finding'],
        field: ['input', 'personIds', '0'],
        send: mutation(
          'recordFinding',
          { inspectionId, category: 'FUNDS_MANAGEMENT', description: '虚报冒领', personIds: [unknown], recordedOn: '2025-03-20' },
          leader,
        ),
      },
      {
        name: 'lendStaffToInspectionTeam',
        owner: 'discipline',
        writes: ['stationed', 'staff_assignment'],
        field: ['input', 'staffId'],
        send: mutation('lendStaffToInspectionTeam', { staffId: unknown, inspectionTeamId: teamId, startOn: '2025-03-01', endOn: '2025-06-01' }, leader),
      },
      {
        name: 'transferClue',
        owner: 'discipline',
        writes: ['inspection', 'clue_transfer'],
        field: ['input', 'receiver', 'id'],
        send: mutation(
          'transferClue',
          { findingId: ids.finding, transferredOn: '2025-03-28', receiver: { kind: 'DEPARTMENT', id: unknown }, priority: true },
          leader,
        ),
      },
      {
        name: 'addInspectionTeamMember (staff)',
        owner: 'discipline',
        writes: ['inspection', 'inspection_team_member'],
        field: ['input', 'staffId'],
        send: mutation(
          'addInspectionTeamMember',
          { teamId: ids.preparingTeam, staffId: unknown, role: 'MEMBER', homeBody: { kind: 'INSPECTION_OFFICE', name: '区委巡察办' } },
          leader,
        ),
      },
      {
        name: 'recordBriefing',
        owner: 'discipline',
        writes: ['inspection', 'briefing'],
        field: ['input', 'briefedByStaffId'],
        send: mutation(
          'recordBriefing',
          { inspectionId: ids.unbriefed, body: 'PETITION_OFFICE', briefedByStaffId: unknown, briefedOn: '2025-03-03', content: '信访情况' },
          leader,
        ),
      },
      {
        name: 'addInspectionTeamMember (stationed group)',
        owner: 'stationed',
        writes: ['inspection', 'inspection_team_member'],
        field: ['input', 'homeBody', 'id'],
        send: mutation(
          'addInspectionTeamMember',
          { teamId: ids.preparingTeam, staffId: ids.staff, role: 'MEMBER', homeBody: { kind: 'STATIONED_GROUP', id: unknown, name: '派驻组' } },
          leader,
        ),
      },
      {
        name: 'holdFeedbackMeeting',
        owner: 'discipline',
        writes: ['inspection', 'feedback_meeting'],
        field: ['input', 'attendees', '0', 'staffId'],
        send: mutation(
          'holdFeedbackMeeting',
          { inspectionId: ids.unmet, heldOn: '2025-04-21', attendees: [{ capacity: 'COMMISSION_LEADER', staffId: unknown }] },
          leader,
        ),
      },
      {
        name: 'submitRectificationPlan',
        owner: 'discipline',
        writes: ['inspection', 'rectification_plan'],
        field: ['input', 'items', '0', 'responsiblePersonId'],
        send: mutation(
          'submitRectificationPlan',
          {
            inspectionId: ids.met,
            submittedOn: '2025-05-10',
            summary: '整改方案',
            items: [{ description: '规范台账', responsiblePersonId: unknown, deadline: '2025-08-31' }],
          },
          leader,
        ),
      },
      {
        name: 'registerPerson',
        owner: 'inspection',
        writes: ['discipline', 'person'],
        field: ['input', 'unitCode'],
        send: mutation('registerPerson', { name: '李某', unitCode: randomUnitCode(), post: '村委委员', rankLevel: 'VILLAGE', partyMember: true }, leader),
      },
      {
        name: 'registerPetition',
        owner: 'inspection',
        writes: ['discipline', 'petition'],
        field: ['input', 'subjectUnitCode'],
        send: mutation(
          'registerPetition',
          {
            receivedOn: '2025-02-01',
            channel: 'LETTER',
            category: 'POLITICAL_DISCIPLINE',
            named: false,
            subjectUnitCode: randomUnitCode(),
            summary: '反映村干部问题',
          },
          as('petition_officer'),
        ),
      },
      {
        name: 'registerClue (stationed group handler)',
        owner: 'stationed',
        writes: ['discipline', 'clue'],
        field: ['input', 'handler', 'stationedGroupId'],
        send: mutation(
          'registerClue',
          { source: 'OTHER', receivedOn: '2025-03-31', summary: '其他来源', handler: { stationedGroupId: unknown } },
          as('case_manager'),
        ),
      },
      {
        name: 'createStationedGroup (unit)',
        owner: 'inspection',
        writes: ['stationed', 'stationed_group'],
        field: ['input', 'unitCodes', '0'],
        send: mutation('createStationedGroup', { name: '派驻第九纪检组', startOn: '2025-01-01', members: [], unitCodes: [randomUnitCode()] }, leader),
      },
      {
        name: 'createStationedGroup (member)',
        owner: 'discipline',
        writes: ['stationed', 'stationed_group'],
        field: ['input', 'members', '0', 'staffId'],
        send: mutation(
          'createStationedGroup',
          { name: '派驻第十纪检组', startOn: '2025-01-01', members: [{ staffId: unknown, role: 'LEADER' }], unitCodes: [] },
          leader,
        ),
      },
      {
        name: 'assignUnitToStationedGroup',
        owner: 'inspection',
        writes: ['stationed', 'group_coverage'],
        field: ['input', 'unitCode'],
        send: mutation('assignUnitToStationedGroup', { unitCode: randomUnitCode(), groupId: ids.group, startOn: '2025-01-01' }, leader),
      },
      {
        name: 'addStationedGroupMember',
        owner: 'discipline',
        writes: ['stationed', 'group_member'],
        field: ['input', 'staffId'],
        send: mutation('addStationedGroupMember', { groupId: ids.group, staffId: unknown, role: 'MEMBER', startOn: '2025-01-01' }, leader),
      },
      {
        name: 'assignStaffToStationedWork',
        owner: 'discipline',
        writes: ['stationed', 'staff_assignment'],
        field: ['input', 'staffId'],
        send: mutation('assignStaffToStationedWork', { staffId: unknown, groupId: ids.group, startOn: '2025-01-01', endOn: '2025-02-01' }, leader),
      },
      {
        name: 'recordSupervisionActivity',
        owner: 'discipline',
        writes: ['stationed', 'supervision_activity'],
        field: ['input', 'personIds', '0'],
        send: mutation(
          'recordSupervisionActivity',
          { groupId: ids.group, unitCode, kind: 'SUPERVISION_CHECK', heldOn: '2025-02-11', personIds: [unknown], notes: '检查村务' },
          as('stationed_officer', { stationedGroupIds: [ids.group!] }),
        ),
      },
      {
        name: 'addIntegrityFileEntry',
        owner: 'discipline',
        writes: ['stationed', 'integrity_file_entry'],
        field: ['input', 'personId'],
        send: mutation(
          'addIntegrityFileEntry',
          { personId: unknown, groupId: ids.group, unitCode, kind: 'INTEGRITY_DECLARATION', recordedOn: '2025-02-11', summary: '个人有关事项申报' },
          as('stationed_officer', { stationedGroupIds: [ids.group!] }),
        ),
      },
      {
        name: 'addRectificationSupervisionNote',
        owner: 'inspection',
        writes: ['stationed', 'rectification_supervision_note'],
        field: ['input', 'rectificationItemId'],
        send: mutation(
          'addRectificationSupervisionNote',
          { rectificationItemId: unknown, groupId: ids.group, unitCode, notedOn: '2025-05-01', note: '督促整改' },
          as('stationed_officer', { stationedGroupIds: [ids.group!] }),
        ),
      },
      {
        name: 'recordEscalationHandling',
        owner: 'stationed',
        writes: ['inspection', 'escalation_handling'],
        field: ['input', 'escalationId'],
        send: mutation(
          'recordEscalationHandling',
          { escalationId: unknown, stationedGroupId: ids.group, inspectionId, receivedOn: '2025-03-12', action: 'VERIFIED_DURING_INSPECTION', notes: '已核实' },
          leader,
        ),
      },
    );
  });
  afterAll(() => hub?.stop());

  it('refuses each write naming an unknown record with NOT_FOUND on that field, writing nothing', async () => {
    for (const probe of probes) {
      const before = await rows(hub, ...probe.writes);
      const payload = await probe.send();
      expect(payload.errors, probe.name).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: probe.field })]);
      expect(await rows(hub, ...probe.writes), probe.name).toBe(before);
    }
  });

  it('with the owning subgraph stopped, the same writes are refused as UPSTREAM_UNAVAILABLE (retryable), writing nothing', async () => {
    for (const owner of ['inspection', 'discipline', 'stationed'] as const) {
      const mine = probes.filter((p) => p.owner === owner);
      const before = await Promise.all(mine.map((p) => rows(hub, ...p.writes)));
      await hub.stopSubgraph(owner);
      try {
        for (const probe of mine) {
          const payload = await probe.send();
          expect(payload.errors, probe.name).toContainEqual(expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', field: probe.field }));
          expect(
            payload.errors.every((e: { code: string }) => e.code === 'UPSTREAM_UNAVAILABLE'),
            probe.name,
          ).toBe(true);
        }
      } finally {
        await hub.restartSubgraph(owner);
      }
      expect(await Promise.all(mine.map((p) => rows(hub, ...p.writes))), owner).toEqual(before);
    }
  });

  it('refuses a link to a voided record as NOT_FOUND naming the field, writing nothing', async () => {
    const { ok } = inspectionSteps(hub, { role: 'inspection_officer', scopes: { inspectionTeamIds: [teamId] } });
    const finding = await ok('recordFinding', { inspectionId, category: 'FUNDS_MANAGEMENT', description: '重复报销差旅费', recordedOn: '2025-03-21' });
    const transfer = await ok('transferClue', {
      findingId: finding.id,
      transferredOn: '2025-03-28',
      receiver: { kind: 'DEPARTMENT', id: ids.office },
      priority: true,
    });
    const voided = await hub.query(VoidClueTransferDocument, { input: { id: transfer.id, reason: '误移交' } }, as('leader'));
    expect(voided.data?.voidClueTransfer?.errors).toEqual([]);
    const before = await rows(hub, 'discipline', 'clue');
    const registered = await mutation(
      'registerClue',
      {
        source: 'INSPECTION_TRANSFER',
        clueTransferId: transfer.id,
        subjectUnitCode: unitCode,
        receivedOn: '2025-03-31',
        summary: '巡察移交',
        handler: { departmentId: ids.office },
      },
      as('case_manager'),
    )();
    expect(registered.errors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'clueTransferId'], message: expect.stringContaining('已作废') }),
    ]);
    expect(await rows(hub, 'discipline', 'clue')).toBe(before);
  });

  it('audits the check on both sides: the caller notes the reference, the owner the service identity that asked', async () => {
    const callerLog = await hub.query(InspectionTeamReferenceChecksDocument, {}, as('leader'));
    expect(callerLog.data?.stationedAuditLog?.totalCount).toBeGreaterThan(0);
    const ownerLog = await hub.query(ServiceReadsOfDisciplineDocument, {}, as('leader'));
    expect(ownerLog.data?.disciplineAuditLog?.edges.length).toBeGreaterThan(0);
    expect(ownerLog.data?.disciplineAuditLog?.edges[0]?.node?.roles).toEqual(['service']);
    expect(ownerLog.data?.disciplineAuditLog?.edges[0]?.node?.purpose).toMatch(/^引用核验 /);
  });

  it("lets no person call the owners' lookups, and no forged service assertion through the gateway", async () => {
    const asLeader = await hub.query(StaffReferencesDocument, { staffIds: [ids.staff!] }, as('leader'));
    expect(asLeader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const forged = await hub.post(
      { query: '{ disciplineReferences(staffIds: []) { staff { id } } }' },
      { as: 'anonymous', headers: { 'x-hub-service-assertion': 'e30.e30.e30' } },
    );
    expect(forged.status).toBe(401);
  });

  describe('facts that travel by themselves', () => {
    let transferId: string;
    let clueId: string;
    const office = () => as('case_officer', { departmentIds: [ids.office!] });

    it("a clue registered from a village-level transfer carries the transfer's escalation and priority; only the addressee may register it", async () => {
      const { ok } = inspectionSteps(hub, { role: 'inspection_officer', scopes: { inspectionTeamIds: [teamId] } });
      const finding = await ok('recordFinding', {
        inspectionId,
        category: 'FUNDS_MANAGEMENT',
        description: '村支书虚报冒领补助资金',
        personIds: [ids.person],
        recordedOn: '2025-03-20',
      });
      const transfer = await ok(
        'transferClue',
        { findingId: finding.id, transferredOn: '2025-03-28', receiver: { kind: 'DEPARTMENT', id: ids.office }, priority: true },
        '{ id escalated priority }',
      );
      expect(transfer).toMatchObject({ escalated: true, priority: true });
      transferId = transfer.id;

      const other = randomUUID();
      await seed(hub).department(other, '第四纪检监察室');
      const input = {
        source: 'INSPECTION_TRANSFER',
        clueTransferId: transferId,
        subjectUnitCode: unitCode,
        receivedOn: '2025-03-31',
        summary: '巡察移交',
        handler: { departmentId: other },
      };
      const misaddressed = await mutation('registerClue', input, as('case_manager'))();
      expect(misaddressed.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'handler'] })]);
      const registered = await mutation(
        'registerClue',
        { ...input, handler: { departmentId: ids.office } },
        as('case_manager'),
        'clue { id escalated priority escalationReason } errors { code field }',
      )();
      expect(registered.errors).toEqual([]);
      expect(registered.clue).toMatchObject({ escalated: true, priority: true });
      clueId = registered.clue.id;
      await mutation('disposeClue', { clueId, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-04-03', handledByStaffId: ids.staff }, office())();
    });

    it('reporting the result while inspection is down reaches the transfer once inspection is back: it leaves overdueClueTransfers with no other call', async () => {
      const OVERDUE = OverdueClueTransfersDocument;
      const overdueIds = async () => nodes((await hub.query(OVERDUE, {}, as('leader'))).data?.overdueClueTransfers).map((n) => n.id);
      expect(await overdueIds()).toContain(transferId);

      // The clue's registration (clueRegistered) has reached inspection before it goes away.
      for (let i = 0; i < 100; i++) {
        if ((await hub.query(DisciplineOutboxWaitingDocument, {}, as('leader'))).data?.disciplineOutbox?.pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await hub.stopSubgraph('inspection');
      try {
        const reported = await mutation('reportClueResult', { clueId, result: '经初核，问题属实，已立案审查', reportedOn: '2025-06-12' }, office())();
        expect(reported.errors).toEqual([]);
        // The leader sees the fact waiting in discipline's outbox while inspection is away.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const waiting = (await hub.query(DisciplineOutboxWaitingDocument, {}, as('leader'))).data?.disciplineOutbox;
        expect(waiting?.pending).toBe(1);
        expect(waiting?.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
        expect(waiting?.lastError).toBeTruthy();
      } finally {
        await hub.restartSubgraph('inspection');
      }

      const deadline = Date.now() + 45_000;
      while ((await overdueIds()).includes(transferId)) {
        if (Date.now() > deadline) throw new Error('the result never reached the transfer');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const transfer = (await hub.query(ClueTransferFeedbackDocument, { id: transferId }, inspector())).data?.clueTransfer;
      expect(transfer).toEqual({ feedbackReceivedOn: '2025-06-12', feedbackSummary: '经初核，问题属实，已立案审查' });
      const done = (await hub.query(DisciplineOutboxDeliveredDocument, {}, as('leader'))).data?.disciplineOutbox;
      // Two facts travelled: the registration of the clue (clueRegistered) and its result.
      expect(done).toEqual({ pending: 0, stuck: 0, delivered: 2 });
    });

    it('a repeated delivery is acknowledged and applied once', async () => {
      const [event] = await (hub.discipline.database.db as any)
        .selectFrom('outbox')
        .select(['eventId', 'payload'])
        .where('topic', '=', 'clueResultReported')
        .execute();
      const inboxBefore = await rows(hub, 'inspection', 'inbox');
      const auditBefore = await rows(hub, 'inspection', 'audit_log');
      // Delivered again as discipline's service identity would, straight to inspection with gateway-signed claims.
      const body = JSON.stringify({
        query: 'mutation($input: ApplyClueResultReportedInput!) { applyClueResultReported(input: $input) { applied errors { code } } }',
        variables: { input: { eventId: event.eventId, ...event.payload, summary: '另一个结果' } },
      });
      const claims = await hub.signClaims(
        {
          viewer: {
            staffId: 'service:discipline',
            roles: [],
            scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] },
            service: 'discipline',
          },
          purpose: '重复投递',
        },
        'inspection',
        body,
      );
      const response = await fetch(hub.subgraphUrls.inspection, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-claims': claims },
        body,
      });
      expect(((await response.json()) as any).data.applyClueResultReported).toEqual({ applied: false, errors: [] });
      expect(await rows(hub, 'inspection', 'inbox')).toBe(inboxBefore);
      const transfer = (await hub.query(ClueTransferFeedbackDocument, { id: transferId }, inspector())).data?.clueTransfer;
      expect(transfer?.feedbackSummary).toBe('经初核，问题属实，已立案审查');
      expect(await rows(hub, 'inspection', 'audit_log')).toBeGreaterThanOrEqual(auditBefore);
    });

    it('an escalation handled by the inspection team closes the stationed issue by itself', async () => {
      const escalated = await mutation(
        'escalateSupervisionIssue',
        { issueId: ids.issue, reason: '多次督促未整改', escalatedOn: '2025-03-05', inspectionTeamId: teamId },
        as('stationed_officer', { stationedGroupIds: [ids.group!] }),
        'escalation { id issue { status } } errors { code field }',
      )();
      expect(escalated.errors).toEqual([]);
      expect(escalated.escalation.issue.status).toBe('ESCALATED');
      const handled = await mutation(
        'recordEscalationHandling',
        {
          escalationId: escalated.escalation.id,
          stationedGroupId: ids.group,
          inspectionId,
          receivedOn: '2025-03-12',
          action: 'VERIFIED_DURING_INSPECTION',
          notes: '已核实并督促整改',
        },
        inspector(),
        'errors { code field }',
      )();
      expect(handled.errors).toEqual([]);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const issue = (await hub.query(UnitEscalatedIssueStatusDocument, { code: unitCode }, as('stationed_officer', { stationedGroupIds: [ids.group!] }))).data
          ?.unit?.stationedEscalations?.edges[0]?.node?.issue;
        if (issue?.status === 'RESOLVED') {
          expect(issue.resolvedOn).toBe('2025-03-12');
          break;
        }
        if (Date.now() > deadline) throw new Error('the handling never reached the stationed issue');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    });
  });
});
