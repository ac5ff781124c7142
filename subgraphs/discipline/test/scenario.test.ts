import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../../../test/support/connections.ts';
import { freshDatabases, type Hub, startHub } from '../../../test/support/hub.ts';
import { expectNoLeaks, markSecret } from '../../../test/support/leaks.ts';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';

/**
 * The discipline subgraph's story through the gateway, on PostgreSQL: petition → clue → disposal →
 * case → detention → trial → sanction → statistics, and every refusal on the way.
 */

let hub: Hub;
const unitCode = randomUnitCode();
type Id =
  | 'office'
  | 'otherOffice'
  | 'officer'
  | 'township'
  | 'finance'
  | 'zone'
  | 'cadre'
  | 'clerk'
  | 'petition'
  | 'foreignPetition'
  | 'clue'
  | 'transfer'
  | 'transferClue'
  | 'auditClue'
  | 'case'
  | 'sanction';
/** Ids of the records the scenario creates, in order; later steps use earlier ones. */
const ids = {} as Record<Id, string>;

type Caller = Parameters<Hub['query']>[2];
const as = (role: any, scopes?: Record<string, string[]>): Caller => ({ as: { role, scopes }, purpose: '案件审查' });

async function ok(query: string, variables: Record<string, unknown>, caller: Caller = as('leader')) {
  const response = await hub.query(query, variables, caller);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data;
}

/** Runs a mutation returning `{ <field> { id } errors { code field message } }` and returns its payload. */
async function mutate(name: string, input: Record<string, unknown>, caller: Caller = as('leader'), selection = 'id') {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const field = PAYLOAD_FIELDS[name]!;
  const data = await ok(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { ${field} { ${selection} } errors { code field message } } }`,
    { input },
    caller,
  );
  return data[name] as { errors: { code: string; field: string[]; message: string }[] } & Record<string, any>;
}

const PAYLOAD_FIELDS: Record<string, string> = {
  createDepartment: 'department',
  registerStaff: 'staff',
  createCollaborationZone: 'zone',
  registerPerson: 'person',
  registerPetition: 'petition',
  forwardPetition: 'petition',
  acknowledgePetition: 'petition',
  registerClue: 'clue',
  assignClue: 'clue',
  escalateClue: 'clue',
  disposeClue: 'clue',
  reportClueResult: 'clue',
  fileCase: 'case',
  startInvestigation: 'case',
  startDetention: 'case',
  extendDetention: 'case',
  endDetention: 'case',
  submitCaseForTrial: 'case',
  closeCase: 'case',
  transferCaseToProcuratorate: 'case',
  recordLossesRecovered: 'case',
  imposeSanction: 'sanction',
  recordAccountabilityDecision: 'decision',
  issueBulletin: 'bulletin',
  startSpecialInspection: 'specialInspection',
  recordSpecialInspectionCheck: 'specialInspection',
};

async function created(name: string, input: Record<string, unknown>, caller?: Caller): Promise<string> {
  const payload = await mutate(name, input, caller);
  expect(payload.errors).toEqual([]);
  return payload[PAYLOAD_FIELDS[name]!].id;
}

async function refused(name: string, input: Record<string, unknown>, code: string, field: string[], caller?: Caller) {
  const payload = await mutate(name, input, caller);
  expect(payload[PAYLOAD_FIELDS[name]!]).toBeNull();
  expect(payload.errors.map((e) => ({ code: e.code, field: e.field }))).toEqual([{ code, field }]);
  return payload.errors[0]!.message;
}

const STATISTICS = `query($year: Int!) { statistics(year: $year) { year petitionsReceived cluesDisposedByMethod { method count } casesFiled casesClosed personsHandled
  sanctionsByType { type count } fourForms { form count } detentions transfersToProcuratorate lossesRecovered specialInspectionFundsReturned } }`;

const stats = async (year: number) => (await ok(STATISTICS, { year }, as('analyst'))).statistics;
const disposed = (s: any, method: string) => s.cluesDisposedByMethod.find((r: any) => r.method === method).count;

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  await seed(hub).units([{ code: unitCode, name: '云溪镇石桥村' }]);
});
afterAll(() => hub?.stop());

describe('discipline scenario on PostgreSQL', () => {
  it('sets up departments, staff, a collaboration zone and persons', async () => {
    ids.office = await created('createDepartment', { name: '第一纪检监察室', kind: 'SUPERVISION_OFFICE' });
    ids.otherOffice = await created('createDepartment', { name: '第二纪检监察室', kind: 'SUPERVISION_OFFICE' });
    await refused('createDepartment', { name: '第一纪检监察室', kind: 'SUPERVISION_OFFICE' }, 'ALREADY_EXISTS', ['input', 'name']);
    ids.officer = await created('registerStaff', { name: '王承办', homeBody: 'DISCIPLINE', departmentId: ids.office });
    ids.township = await created('registerStaff', { name: '李乡纪委', homeBody: 'DISCIPLINE' });
    ids.finance = await created('registerStaff', { name: '赵财政', homeBody: 'FINANCE' });
    await refused('registerStaff', { name: '无名', homeBody: 'DISCIPLINE', departmentId: crypto.randomUUID() }, 'NOT_FOUND', ['input', 'departmentId']);
    ids.zone = await created('createCollaborationZone', {
      name: '东区协作区',
      leaderStaffId: ids.officer,
      memberStaffIds: [ids.officer, ids.township],
      townships: ['云溪镇', '石桥乡'],
    });
    await refused('createCollaborationZone', { name: '西区协作区', memberStaffIds: [ids.officer, crypto.randomUUID()], townships: [] }, 'NOT_FOUND', [
      'input',
      'memberStaffIds',
      '1',
    ]);
    ids.cadre = await created(
      'registerPerson',
      { name: '张支书', unitCode, post: '村党支部书记', rankLevel: 'VILLAGE', partyMember: true },
      as('case_manager'),
    );
    ids.clerk = await created('registerPerson', { name: '陈会计', unitCode, post: '村报账员', rankLevel: 'VILLAGE', partyMember: false }, as('case_manager'));

    const zones = (
      await ok(`{ collaborationZones(first: 100) { edges { node { name leader { name } members { name } townships } } } }`, {})
    ).collaborationZones.edges.map((e: any) => e.node);
    expect(zones).toEqual([
      {
        name: '东区协作区',
        leader: { name: '王承办' },
        members: expect.arrayContaining([{ name: '王承办' }, { name: '李乡纪委' }]),
        townships: ['石桥乡', '云溪镇'].sort(),
      },
    ]);
    const unit = (
      await ok(`query($code: UnitCode!) { unit(code: $code) { name persons { totalCount edges { node { name rankLevel partyMember } } } } }`, {
        code: unitCode,
      })
    ).unit;
    expect(unit.persons.totalCount).toBe(2);
    expect(
      nodes<any>(unit.persons)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['张支书', '陈会计'].sort());
  });

  it('resolves Person and Staff references in one statement per type, a malformed id finding nothing', async () => {
    const requestBody = JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name } ... on Staff { name } } }`,
      variables: {
        r: [
          { __typename: 'Person', id: ids.cadre },
          { __typename: 'Person', id: 'no-uuid' },
          { __typename: 'Staff', id: ids.officer },
          { __typename: 'Person', id: ids.clerk },
          { __typename: 'Staff', id: crypto.randomUUID() },
        ],
      },
    });
    const token = await hub.signClaims(
      {
        viewer: { staffId: 'leader-1', roles: ['leader'], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] } },
        purpose: null,
      },
      'discipline',
      requestBody,
    );
    const { result: response, statements } = await hub.countStatements(() =>
      fetch(hub.subgraphUrls.discipline, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-claims': token, 'x-request-id': hub.directRequestId() },
        body: requestBody,
      }),
    );
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([{ name: '张支书' }, null, { name: '王承办' }, { name: '陈会计' }, null]);
    // One statement for the persons, one for the staff (no audit rows: nothing person-level sensitive
    // was read), and the one-time id of the gateway's claims.
    expect(statements.discipline).toBe(2 + 1);
  });

  it('registers petitions with the reporter identity apart, and refuses what the rules forbid', async () => {
    const before = await stats(2025);
    const reporter = { name: '刘举报', contact: '13900001111', idNumber: '340404198001011234', address: '云溪镇幸福路 8 号' };
    for (const value of Object.values(reporter)) markSecret(value);
    const msg = await refused(
      'registerPetition',
      { receivedOn: '2025-09-30', channel: 'LETTER', category: 'HEDONISM', named: true, summary: '反映问题' },
      'BAD_USER_INPUT',
      ['input', 'reporter'],
      as('petition_officer'),
    );
    expect(msg).toMatch(/named petition/);
    await refused(
      'registerPetition',
      { receivedOn: '2025-09-30', channel: 'LETTER', category: 'HEDONISM', named: false, reporter, summary: '反映问题' },
      'BAD_USER_INPUT',
      ['input', 'reporter'],
      as('petition_officer'),
    );
    await refused(
      'registerPetition',
      { receivedOn: '2099-01-01', channel: 'LETTER', category: 'HEDONISM', named: false, summary: '反映问题' },
      'BAD_USER_INPUT',
      ['input', 'receivedOn'],
      as('petition_officer'),
    );
    await refused(
      'registerPetition',
      { receivedOn: '2025-09-30', channel: 'LETTER', category: 'HEDONISM', named: false, summary: '反映问题', subjectPersonIds: [crypto.randomUUID()] },
      'NOT_FOUND',
      ['input', 'subjectPersonIds', '0'],
      as('petition_officer'),
    );
    // Only the petition office registers petitions (it alone may hold reporter identities).
    const denied = await hub.query(
      `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { errors { code } } }`,
      { input: { receivedOn: '2025-09-30', channel: 'LETTER', category: 'HEDONISM', named: false, summary: 'x' } },
      as('case_manager'),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    ids.petition = await created(
      'registerPetition',
      {
        receivedOn: '2025-09-30',
        channel: 'ONLINE',
        category: 'EXTRAVAGANCE',
        named: true,
        reporter,
        subjectUnitCode: unitCode,
        subjectPersonIds: [ids.cadre],
        summary: '反映张支书用村集体资金大操大办',
      },
      as('petition_officer'),
    );
    ids.foreignPetition = await created(
      'registerPetition',
      { receivedOn: '2026-02-13', channel: 'PHONE', category: 'FORMALISM', named: false, summary: '反映外区单位问题', outOfJurisdiction: true },
      as('petition_officer'),
    );
    const after = await stats(2025);
    expect(after.petitionsReceived).toBe(before.petitionsReceived + 1);
    expect((await stats(2026)).petitionsReceived).toBeGreaterThanOrEqual(1);

    const PETITION = `query($id: ID!) { petition(id: $id) { receivedOn named outOfJurisdiction forwardDeadline acknowledgementDeadline overdue subjects { name } summary } }`;
    const named = (await ok(PETITION, { id: ids.petition }, as('case_manager'))).petition;
    // 09-30 + 15 working days across 国庆 (10-01…10-08 off, Saturday 10-11 worked): 10-28, not 10-21 as Monday–Friday counting would give.
    expect(named).toMatchObject({
      named: true,
      outOfJurisdiction: false,
      forwardDeadline: null,
      acknowledgementDeadline: '2025-10-28',
      subjects: [{ name: '张支书' }],
    });
    const foreign = (await ok(PETITION, { id: ids.foreignPetition }, as('petition_officer'))).petition;
    // 2026-02-13 + 5 working days across 春节 (02-14 Saturday worked, 02-15…02-23 off).
    expect(foreign).toMatchObject({ forwardDeadline: '2026-02-27', acknowledgementDeadline: null, overdue: true });

    await refused(
      'forwardPetition',
      { petitionId: ids.petition, forwardedOn: '2025-10-09', forwardedTo: '市纪委' },
      'INVALID_TRANSITION',
      ['input', 'petitionId'],
      as('petition_officer'),
    );
    await refused(
      'forwardPetition',
      { petitionId: ids.foreignPetition, forwardedOn: '2026-02-12', forwardedTo: '市纪委' },
      'BAD_USER_INPUT',
      ['input', 'forwardedOn'],
      as('petition_officer'),
    );
    await created('forwardPetition', { petitionId: ids.foreignPetition, forwardedOn: '2026-02-26', forwardedTo: '邻区纪委监委' }, as('petition_officer'));
    await refused(
      'forwardPetition',
      { petitionId: ids.foreignPetition, forwardedOn: '2026-02-26', forwardedTo: '邻区纪委监委' },
      'INVALID_TRANSITION',
      ['input', 'petitionId'],
      as('petition_officer'),
    );
    expect((await ok(PETITION, { id: ids.foreignPetition }, as('petition_officer'))).petition.overdue).toBe(false);
    await refused(
      'acknowledgePetition',
      { petitionId: ids.foreignPetition, acknowledgedOn: '2026-02-26' },
      'INVALID_TRANSITION',
      ['input', 'petitionId'],
      as('petition_officer'),
    );
    await created('acknowledgePetition', { petitionId: ids.petition, acknowledgedOn: '2025-10-20' }, as('petition_officer'));
    await refused(
      'acknowledgePetition',
      { petitionId: crypto.randomUUID(), acknowledgedOn: '2025-10-20' },
      'NOT_FOUND',
      ['input', 'petitionId'],
      as('petition_officer'),
    );
  });

  it('shows reporter identity to the petition office only, audits the read, and never leaks it', async () => {
    const REPORTER = `query($id: ID!) { petition(id: $id) { reporter { name contact idNumber address } } }`;
    const own = await ok(REPORTER, { id: ids.petition }, as('petition_officer'));
    expect(own.petition.reporter).toEqual({ name: '刘举报', contact: '13900001111', idNumber: '340404198001011234', address: '云溪镇幸福路 8 号' });
    for (const role of ['leader', 'case_manager']) {
      const response = await hub.query(REPORTER, { id: ids.petition }, as(role));
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(response)).not.toContain('刘举报');
    }
    const log = (
      await ok(
        `query($id: String!) { disciplineAuditLog(first: 10, filter: { recordType: "PetitionReporter", recordId: $id }) { edges { node { roles action purpose } } } }`,
        { id: ids.petition },
      )
    ).disciplineAuditLog.edges;
    expect(log.map((e: any) => e.node)).toEqual([{ roles: ['petition_officer'], action: 'READ', purpose: '案件审查' }]);
    // The reporter name is marked secret: only the petition officer's own response may hold it.
    expectNoLeaks(hub, (response) => response.includes('"reporter":{"name"'));
  });

  it('refuses to change or delete audit records in the database itself', async () => {
    const db = hub.discipline.database.db;
    await expect(sql`update audit_log set purpose = 'changed'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('registers clues from each source, assigns, escalates and disposes of them, refusing invalid steps', async () => {
    const base = { subjectUnitCode: unitCode, subjectPersonIds: [ids.cadre], receivedOn: '2025-10-15', handler: { departmentId: ids.office } };
    await refused('registerClue', { ...base, source: 'PETITION', summary: '线索' }, 'BAD_USER_INPUT', ['input', 'petitionId']);
    await refused('registerClue', { ...base, source: 'PETITION', petitionId: ids.foreignPetition, summary: '线索' }, 'INVALID_TRANSITION', [
      'input',
      'petitionId',
    ]);
    await refused('registerClue', { ...base, source: 'AUDIT', petitionId: ids.petition, summary: '线索' }, 'BAD_USER_INPUT', ['input', 'petitionId']);
    await refused('registerClue', { ...base, source: 'INSPECTION_TRANSFER', summary: '线索' }, 'BAD_USER_INPUT', ['input', 'clueTransferId']);
    await refused('registerClue', { ...base, source: 'AUDIT', summary: '线索', handler: { departmentId: ids.office, zoneId: ids.zone } }, 'BAD_USER_INPUT', [
      'input',
      'handler',
    ]);
    await refused('registerClue', { ...base, source: 'AUDIT', summary: '线索', handler: { zoneId: crypto.randomUUID() } }, 'NOT_FOUND', [
      'input',
      'handler',
      'zoneId',
    ]);
    await refused('registerClue', { ...base, source: 'AUDIT', summary: '   ' }, 'BAD_USER_INPUT', ['input', 'summary']);

    const before = await stats(2025);
    ids.clue = await created('registerClue', { ...base, source: 'PETITION', petitionId: ids.petition, summary: '张支书违规操办儿子婚宴，动用村集体资金' });
    ids.transfer = crypto.randomUUID();
    await seed(hub).clueTransfer({ id: ids.transfer, unitCode, receiverKind: 'COLLABORATION_ZONE', receiverId: ids.zone });
    ids.transferClue = await created('registerClue', {
      ...base,
      source: 'INSPECTION_TRANSFER',
      clueTransferId: ids.transfer,
      summary: '巡察发现虚报冒领补贴',
      handler: { zoneId: ids.zone },
    });
    await refused('registerClue', { ...base, source: 'INSPECTION_TRANSFER', clueTransferId: ids.transfer, summary: '重复移交' }, 'ALREADY_EXISTS', [
      'input',
      'clueTransferId',
    ]);
    ids.auditClue = await created('registerClue', {
      ...base,
      subjectPersonIds: [ids.clerk],
      source: 'AUDIT',
      sourceReference: '区审计局审计报告〔2025〕12号',
      summary: '报账员违规报销',
    });

    // Inspection transfers are handled with priority.
    const transfer = (await ok(`query($id: ID!) { clue(id: $id) { priority source clueTransferId handlerZone { name } } }`, { id: ids.transferClue })).clue;
    expect(transfer).toEqual({ priority: true, source: 'INSPECTION_TRANSFER', clueTransferId: ids.transfer, handlerZone: { name: '东区协作区' } });

    // Escalation: to another body, with a reason, once.
    await refused(
      'escalateClue',
      { clueId: ids.auditClue, reason: '涉及多名村干部', escalatedOn: '2025-10-16', handler: { departmentId: ids.office } },
      'BAD_USER_INPUT',
      ['input', 'handler'],
    );
    await refused(
      'escalateClue',
      { clueId: ids.auditClue, reason: ' ', escalatedOn: '2025-10-16', handler: { departmentId: ids.otherOffice } },
      'BAD_USER_INPUT',
      ['input', 'reason'],
    );
    await created('escalateClue', {
      clueId: ids.auditClue,
      reason: '涉及多名村干部，提级由第二室办理',
      escalatedOn: '2025-10-16',
      handler: { departmentId: ids.otherOffice },
    });
    await refused(
      'escalateClue',
      { clueId: ids.auditClue, reason: '再次提级', escalatedOn: '2025-10-17', handler: { departmentId: ids.office } },
      'INVALID_TRANSITION',
      ['input', 'clueId'],
    );
    const escalated = (await ok(`query($id: ID!) { clue(id: $id) { escalated escalationReason handlerDepartment { name } } }`, { id: ids.auditClue })).clue;
    expect(escalated).toEqual({ escalated: true, escalationReason: '涉及多名村干部，提级由第二室办理', handlerDepartment: { name: '第二纪检监察室' } });

    // Disposal by the handling office (scope), not by another office.
    const ownOffice = as('case_officer', { departmentIds: [ids.office] });
    const otherOffice = as('case_officer', { departmentIds: [ids.otherOffice] });
    const foreign = await hub.query(
      `mutation($input: DisposeClueInput!) { disposeClue(input: $input) { errors { code } } }`,
      { input: { clueId: ids.clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-10-20', handledByStaffId: ids.officer } },
      otherOffice,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await refused(
      'disposeClue',
      { clueId: ids.clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-10-01', handledByStaffId: ids.officer },
      'BAD_USER_INPUT',
      ['input', 'disposedOn'],
      ownOffice,
    );
    await refused(
      'disposeClue',
      { clueId: ids.clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-10-20', handledByStaffId: crypto.randomUUID() },
      'NOT_FOUND',
      ['input', 'handledByStaffId'],
      ownOffice,
    );
    await created('disposeClue', { clueId: ids.clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-10-20', handledByStaffId: ids.officer }, ownOffice);
    await refused(
      'disposeClue',
      { clueId: ids.clue, method: 'CLOSED', disposedOn: '2025-10-21', handledByStaffId: ids.officer },
      'INVALID_TRANSITION',
      ['input', 'clueId'],
      ownOffice,
    );
    await refused('assignClue', { clueId: ids.clue, handler: { zoneId: ids.zone } }, 'INVALID_TRANSITION', ['input', 'clueId']);

    // Shelved clues can be disposed again; closed ones cannot become cases.
    await created('disposeClue', { clueId: ids.auditClue, method: 'SHELVED_PENDING_CHECK', disposedOn: '2025-10-20', handledByStaffId: ids.officer });
    await created('disposeClue', { clueId: ids.auditClue, method: 'CLOSED', disposedOn: '2025-11-03', handledByStaffId: ids.officer });
    await created(
      'disposeClue',
      { clueId: ids.transferClue, method: 'INQUIRY_BY_TALK_OR_LETTER', disposedOn: '2025-10-22', handledByStaffId: ids.township },
      as('case_officer', { zoneIds: [ids.zone] }),
    );
    await refused('reportClueResult', { clueId: ids.transferClue, result: '函询说明属实，予以批评教育', reportedOn: '2025-10-21' }, 'BAD_USER_INPUT', [
      'input',
      'reportedOn',
    ]);
    await created(
      'reportClueResult',
      { clueId: ids.transferClue, result: '函询说明属实，予以批评教育', reportedOn: '2025-11-10' },
      as('case_officer', { zoneIds: [ids.zone] }),
    );
    await refused('reportClueResult', { clueId: ids.transferClue, result: '再次反馈', reportedOn: '2025-11-11' }, 'INVALID_TRANSITION', ['input', 'clueId']);

    const after = await stats(2025);
    expect(disposed(after, 'PRELIMINARY_VERIFICATION')).toBe(disposed(before, 'PRELIMINARY_VERIFICATION') + 1);
    // The shelved clue was disposed again as CLOSED: it counts once, under its current method.
    expect(disposed(after, 'CLOSED')).toBe(disposed(before, 'CLOSED') + 1);
    expect(disposed(after, 'SHELVED_PENDING_CHECK')).toBe(disposed(before, 'SHELVED_PENDING_CHECK'));
    expect(after.fourForms[0]).toEqual({ form: 1, count: before.fourForms[0].count + 1 });
  });

  it("lets the transferring team see its transferred clue's status through ClueTransfer.clue, but not its content; no other team", async () => {
    // The gateway fetches `inspectionTeamId` from inspection (@requires) and sends it with the key.
    const team = crypto.randomUUID();
    const call = async (role: string, selection: string, inspectionTeamIds: string[] = [team]) => {
      const requestBody = JSON.stringify({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ClueTransfer { id clue { ${selection} } } } }`,
        variables: {
          r: [
            { __typename: 'ClueTransfer', id: ids.transfer, inspectionTeamId: team },
            { __typename: 'ClueTransfer', id: crypto.randomUUID(), inspectionTeamId: team },
          ],
        },
      });
      const token = await hub.signClaims(
        {
          viewer: { staffId: 'inspector-1', roles: [role as any], scopes: { stationedGroupIds: [], inspectionTeamIds, departmentIds: [], zoneIds: [] } },
          purpose: '巡察',
        },
        'discipline',
        requestBody,
      );
      const response = await fetch(hub.subgraphUrls.discipline, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-claims': token },
        body: requestBody,
      });
      return (await response.json()) as any;
    };
    const status = await call('inspection_officer', 'disposalMethod disposedOn resultReportedOn priority caseOutcomes { status }');
    expect(status.errors).toBeUndefined();
    expect(status.data._entities[0].clue).toEqual({
      disposalMethod: 'INQUIRY_BY_TALK_OR_LETTER',
      disposedOn: '2025-10-22',
      resultReportedOn: '2025-11-10',
      priority: true,
      caseOutcomes: [],
    });
    expect(status.data._entities[1].clue).toBeNull();
    const content = await call('inspection_officer', 'summary');
    expect(content.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(content)).not.toContain('虚报冒领');
    // An inspection officer of another team (or of none) is refused the transfer's clue altogether.
    for (const teams of [[crypto.randomUUID()], []]) {
      const other = await call('inspection_officer', 'disposalMethod', teams);
      expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(other.errors?.[0]?.path).toEqual(['_entities', 0, 'clue']);
      expect(other.data._entities[0].clue).toBeNull();
      expect(JSON.stringify(other.data)).not.toContain('INQUIRY_BY_TALK_OR_LETTER');
    }
    const analyst = await call('analyst', 'disposalMethod');
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('files a case only from a clue disposed by preliminary verification, against a person it names', async () => {
    const message = await refused('fileCase', { clueId: ids.auditClue, personId: ids.clerk, filedOn: '2025-11-05' }, 'INVALID_TRANSITION', ['input', 'clueId']);
    expect(message).toMatch(/CLOSED/);
    await refused('fileCase', { clueId: ids.transferClue, personId: ids.cadre, filedOn: '2025-11-05' }, 'INVALID_TRANSITION', ['input', 'clueId']);
    await refused('fileCase', { clueId: ids.clue, personId: ids.clerk, filedOn: '2025-10-25' }, 'BAD_USER_INPUT', ['input', 'personId']);
    await refused('fileCase', { clueId: ids.clue, personId: ids.cadre, filedOn: '2025-10-19' }, 'BAD_USER_INPUT', ['input', 'filedOn']);
    await refused('fileCase', { clueId: 'not-an-id', personId: ids.cadre, filedOn: '2025-10-25' }, 'BAD_USER_INPUT', ['input', 'clueId']);
    const before = await stats(2025);
    ids.case = await created('fileCase', { clueId: ids.clue, personId: ids.cadre, filedOn: '2025-10-25' }, as('case_officer', { departmentIds: [ids.office] }));
    await refused('fileCase', { clueId: ids.clue, personId: ids.cadre, filedOn: '2025-10-26' }, 'ALREADY_EXISTS', ['input', 'personId']);
    expect((await stats(2025)).casesFiled).toBe(before.casesFiled + 1);
  });

  it('keeps detention within three months plus one extension of at most three', async () => {
    await refused('startDetention', { caseId: ids.case, startedOn: '2025-10-27' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    await created('startInvestigation', { caseId: ids.case, startedOn: '2025-10-26' });
    await refused('startInvestigation', { caseId: ids.case, startedOn: '2025-10-26' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    await refused('extendDetention', { caseId: ids.case, months: 1, extendedOn: '2025-11-01' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    const before = await stats(2025);
    await created('startDetention', { caseId: ids.case, startedOn: '2025-10-27' });
    expect((await stats(2025)).detentions).toBe(before.detentions + 1);
    await refused('startDetention', { caseId: ids.case, startedOn: '2025-10-28' }, 'LIMIT_EXCEEDED', ['input', 'caseId']);
    const DETENTION = `query($id: ID!) { case(id: $id) { status detention { startedOn lastDayOn extendedMonths endedOn } } }`;
    expect((await ok(DETENTION, { id: ids.case })).case.detention).toEqual({
      startedOn: '2025-10-27',
      lastDayOn: '2026-01-26',
      extendedMonths: null,
      endedOn: null,
    });
    await refused('extendDetention', { caseId: ids.case, months: 4, extendedOn: '2026-01-20' }, 'LIMIT_EXCEEDED', ['input', 'months']);
    await refused('extendDetention', { caseId: ids.case, months: 0, extendedOn: '2026-01-20' }, 'BAD_USER_INPUT', ['input', 'months']);
    await refused('extendDetention', { caseId: ids.case, months: 3, extendedOn: '2026-01-27' }, 'LIMIT_EXCEEDED', ['input', 'extendedOn']);
    await created('extendDetention', { caseId: ids.case, months: 3, extendedOn: '2026-01-20' });
    await refused('extendDetention', { caseId: ids.case, months: 1, extendedOn: '2026-02-01' }, 'LIMIT_EXCEEDED', ['input', 'caseId']);
    expect((await ok(DETENTION, { id: ids.case })).case.detention).toEqual({
      startedOn: '2025-10-27',
      lastDayOn: '2026-04-26',
      extendedMonths: 3,
      endedOn: null,
    });
    await refused('endDetention', { caseId: ids.case, endedOn: '2026-04-27' }, 'LIMIT_EXCEEDED', ['input', 'endedOn']);
    await created('endDetention', { caseId: ids.case, endedOn: '2026-03-01' });
    await refused('endDetention', { caseId: ids.case, endedOn: '2026-03-02' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    // The database holds the same limit, whatever code writes.
    await expect(
      sql`update detention set last_day_on = started_on + 200 where case_id = ${ids.case}::uuid`.execute(hub.discipline.database.db),
    ).rejects.toThrow(/check constraint/);
  });

  it('tries the case within one month, transfers it, records recoveries as Money, and sanctions the person', async () => {
    await refused('imposeSanction', { caseId: ids.case, type: 'PARTY_EXPULSION', decidedOn: '2026-03-10', fourForm: 4 }, 'INVALID_TRANSITION', [
      'input',
      'caseId',
    ]);
    await refused('closeCase', { caseId: ids.case, closedOn: '2026-03-10' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    await refused('transferCaseToProcuratorate', { caseId: ids.case, transferredOn: '2026-03-10' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    await created('submitCaseForTrial', { caseId: ids.case, startedOn: '2026-03-05' });
    const trial = as('trial_officer');
    expect((await ok(`query($id: ID!) { case(id: $id) { status trialDeadline } }`, { id: ids.case }, trial)).case).toEqual({
      status: 'UNDER_TRIAL',
      trialDeadline: '2026-04-04',
    });

    await refused(
      'imposeSanction',
      { caseId: ids.case, type: 'PARTY_WARNING', decidedOn: '2026-03-20', fourForm: 3 },
      'BAD_USER_INPUT',
      ['input', 'fourForm'],
      trial,
    );
    await refused(
      'imposeSanction',
      { caseId: ids.case, type: 'PARTY_EXPULSION', decidedOn: '2026-03-20', fourForm: 2 },
      'BAD_USER_INPUT',
      ['input', 'fourForm'],
      trial,
    );
    await refused(
      'imposeSanction',
      { caseId: ids.case, type: 'PARTY_EXPULSION', decidedOn: '2026-03-01', fourForm: 4 },
      'BAD_USER_INPUT',
      ['input', 'decidedOn'],
      trial,
    );
    const before = await stats(2026);
    ids.sanction = await created('imposeSanction', { caseId: ids.case, type: 'PARTY_EXPULSION', decidedOn: '2026-03-20', fourForm: 4 }, trial);
    await created('imposeSanction', { caseId: ids.case, type: 'GOV_EXPULSION', decidedOn: '2026-03-20', fourForm: 4 }, trial);
    await refused(
      'imposeSanction',
      { caseId: ids.case, type: 'GOV_EXPULSION', decidedOn: '2026-03-21', fourForm: 4 },
      'ALREADY_EXISTS',
      ['input', 'type'],
      trial,
    );

    await refused('recordLossesRecovered', { caseId: ids.case, amount: '0.00', recoveredOn: '2026-03-15' }, 'BAD_USER_INPUT', ['input', 'amount']);
    const float = await hub.query(
      `mutation { recordLossesRecovered(input: { caseId: "${ids.case}", amount: 12.5, recoveredOn: "2026-03-15" }) { errors { code } } }`,
    );
    expect(float.errors?.[0]?.message).toMatch(/Money/);
    await created('recordLossesRecovered', { caseId: ids.case, amount: '86000.10', recoveredOn: '2026-03-15' }, trial);
    await created('recordLossesRecovered', { caseId: ids.case, amount: '0.20', recoveredOn: '2026-03-16' }, trial);

    await refused('closeCase', { caseId: ids.case, closedOn: '2026-04-05' }, 'LIMIT_EXCEEDED', ['input', 'closedOn'], trial);
    await created('closeCase', { caseId: ids.case, closedOn: '2026-04-01' }, trial);
    await refused('closeCase', { caseId: ids.case, closedOn: '2026-04-02' }, 'INVALID_TRANSITION', ['input', 'caseId'], trial);
    await created('transferCaseToProcuratorate', { caseId: ids.case, transferredOn: '2026-04-02' }, trial);
    await refused('transferCaseToProcuratorate', { caseId: ids.case, transferredOn: '2026-04-03' }, 'INVALID_TRANSITION', ['input', 'caseId'], trial);

    const c = (
      await ok(
        `query($id: ID!) { case(id: $id) { status closedOn transferredToProcuratorateOn lossesRecovered person { name } sanctions { type kind fourForm } clue { source } } }`,
        { id: ids.case },
      )
    ).case;
    expect(c).toEqual({
      status: 'CLOSED',
      closedOn: '2026-04-01',
      transferredToProcuratorateOn: '2026-04-02',
      lossesRecovered: '86000.30',
      person: { name: '张支书' },
      sanctions: expect.arrayContaining([
        { type: 'PARTY_EXPULSION', kind: 'PARTY', fourForm: 4 },
        { type: 'GOV_EXPULSION', kind: 'GOVERNMENT', fourForm: 4 },
      ]),
      clue: { source: 'PETITION' },
    });

    // The clue's outcome, as the inspection side would see it for a transferred clue: stages and sanctions, no person.
    const outcome = (
      await ok(
        `query($id: ID!) { clue(id: $id) { caseOutcomes { status filedOn closedOn transferredToProcuratorateOn sanctions { type kind fourForm decidedOn } } } }`,
        { id: ids.clue },
        as('case_officer', { departmentIds: [ids.office] }),
      )
    ).clue;
    expect(outcome.caseOutcomes).toEqual([
      {
        status: 'CLOSED',
        filedOn: '2025-10-25',
        closedOn: '2026-04-01',
        transferredToProcuratorateOn: '2026-04-02',
        sanctions: expect.arrayContaining([
          { type: 'PARTY_EXPULSION', kind: 'PARTY', fourForm: 4, decidedOn: '2026-03-20' },
          { type: 'GOV_EXPULSION', kind: 'GOVERNMENT', fourForm: 4, decidedOn: '2026-03-20' },
        ]),
      },
    ]);
    expect(outcome.caseOutcomes[0].sanctions).toHaveLength(2);

    const after = await stats(2026);
    expect(after.personsHandled).toBe(before.personsHandled + 1);
    expect(after.fourForms[3]).toEqual({ form: 4, count: before.fourForms[3].count + 2 });
    expect(after.casesClosed).toBe(before.casesClosed + 1);
    expect(after.transfersToProcuratorate).toBe(before.transfersToProcuratorate + 1);
    expect(after.lossesRecovered).toBe('86000.30');
    expect(after.sanctionsByType).toEqual(
      expect.arrayContaining([
        { type: 'PARTY_EXPULSION', count: 1 },
        { type: 'GOV_EXPULSION', count: 1 },
      ]),
    );
  });

  it('refuses a party sanction for a person who is not a party member', async () => {
    const clue = await created('registerClue', {
      source: 'OTHER',
      subjectUnitCode: unitCode,
      subjectPersonIds: [ids.clerk],
      receivedOn: '2026-01-05',
      summary: '报账员虚开发票',
      handler: { departmentId: ids.office },
    });
    await created('disposeClue', { clueId: clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2026-01-10', handledByStaffId: ids.officer });
    const caseId = await created('fileCase', { clueId: clue, personId: ids.clerk, filedOn: '2026-01-12' });
    await created('startInvestigation', { caseId, startedOn: '2026-01-13' });
    await created('submitCaseForTrial', { caseId, startedOn: '2026-02-02' });
    await refused('imposeSanction', { caseId, type: 'PARTY_WARNING', decidedOn: '2026-02-10', fourForm: 2 }, 'BAD_USER_INPUT', ['input', 'type']);
    await created('imposeSanction', { caseId, type: 'GOV_DEMERIT', decidedOn: '2026-02-10', fourForm: 2 });
  });

  it('answers the pre-inspection view of a unit: counts for offices and analysts, content for need-to-know only', async () => {
    // A clue that names one of the unit's cadres without naming the unit still belongs to its picture.
    await created('registerClue', {
      source: 'JUDICIAL',
      subjectPersonIds: [ids.clerk],
      receivedOn: '2026-06-01',
      summary: '法院判决涉及报账员',
      handler: { departmentId: ids.office },
    });
    const SUMMARY = `query($code: UnitCode!) { unit(code: $code) { clueSummary { disposalMethod count } caseSummary { status count } sanctionSummary { type count } } }`;
    const summary = (await ok(SUMMARY, { code: unitCode }, as('analyst'))).unit;
    expect(summary.clueSummary).toHaveLength(4);
    expect(summary.clueSummary).toEqual(
      expect.arrayContaining([
        { disposalMethod: null, count: 1 },
        { disposalMethod: 'PRELIMINARY_VERIFICATION', count: 2 },
        { disposalMethod: 'CLOSED', count: 1 },
        { disposalMethod: 'INQUIRY_BY_TALK_OR_LETTER', count: 1 },
      ]),
    );
    expect(summary.caseSummary).toEqual(
      expect.arrayContaining([
        { status: 'CLOSED', count: 1 },
        { status: 'UNDER_TRIAL', count: 1 },
      ]),
    );
    expect(summary.sanctionSummary).toEqual(
      expect.arrayContaining([
        { type: 'PARTY_EXPULSION', count: 1 },
        { type: 'GOV_DEMERIT', count: 1 },
      ]),
    );
    const CONTENT = `query($code: UnitCode!, $after: String) { unit(code: $code) { clues(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id summary } } } } }`;
    expect((await hub.query(CONTENT, { code: unitCode }, as('analyst'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const first = (await ok(CONTENT, { code: unitCode }, as('case_manager'))).unit.clues;
    expect(first.totalCount).toBe(5);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await ok(CONTENT, { code: unitCode, after: first.pageInfo.endCursor }, as('case_manager'))).unit.clues;
    expect(second.pageInfo.hasNextPage).toBe(false);
    const pages = [...nodes<any>(first), ...nodes<any>(second)].map((c) => c.id);
    expect(pages).toHaveLength(5);
    expect(new Set(pages).size).toBe(5);
    const forged = await hub.query(CONTENT, { code: unitCode, after: 'forged' }, as('case_manager'));
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    const person = await hub.query(`query($id: ID!) { person(id: $id) { name } }`, { id: ids.cadre }, as('analyst'));
    expect(person.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("lists clues and cases per caller: everything for case management, the own office's for an office", async () => {
    const CLUES = `query($f: ClueFilter) { clues(first: 2, filter: $f) { totalCount edges { node { id receivedOn } } pageInfo { hasNextPage endCursor } } }`;
    const all = (await ok(CLUES, { f: { unitCode } }, as('case_manager'))).clues;
    expect(all.totalCount).toBe(4);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const next = (
      await ok(
        `query($f: ClueFilter, $after: String) { clues(first: 2, after: $after, filter: $f) { edges { node { id } } pageInfo { hasNextPage } } }`,
        { f: { unitCode }, after: all.pageInfo.endCursor },
        as('case_manager'),
      )
    ).clues;
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect(new Set([...all.edges, ...next.edges].map((e: any) => e.node.id)).size).toBe(4);
    const own = (await ok(CLUES, { f: { unitCode } }, as('case_officer', { departmentIds: [ids.office] }))).clues;
    expect(own.totalCount).toBe(2);
    const none = (await ok(CLUES, { f: { unitCode } }, as('case_officer'))).clues;
    expect(none.totalCount).toBe(0);
    const disposedFilter = (await ok(CLUES, { f: { unitCode, disposalMethod: 'CLOSED' } }, as('leader'))).clues;
    expect(disposedFilter.totalCount).toBe(1);
    const other = await hub.query(`query($id: ID!) { clue(id: $id) { summary } }`, { id: ids.clue }, as('case_officer', { departmentIds: [ids.otherOffice] }));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const SANCTIONS = `query($f: SanctionFilter) { sanctions(first: 10, filter: $f) { totalCount edges { node { type decidedOn person { name } } } } }`;
    expect((await ok(SANCTIONS, { f: { unitCode, fourForm: 4 } }, as('trial_officer'))).sanctions.totalCount).toBe(2);
    expect((await ok(SANCTIONS, { f: { personId: ids.clerk } }, as('case_manager'))).sanctions.edges).toEqual([
      { node: { type: 'GOV_DEMERIT', decidedOn: '2026-02-10', person: { name: '陈会计' } } },
    ]);
    expect((await ok(SANCTIONS, { f: { unitCode } }, as('case_officer', { departmentIds: [ids.otherOffice] }))).sanctions.totalCount).toBe(0);
    expect(
      (await ok(`query($id: ID!) { clue(id: $id) { cases { status filedOn } } }`, { id: ids.clue }, as('case_officer', { departmentIds: [ids.office] }))).clue
        .cases,
    ).toEqual([{ status: 'CLOSED', filedOn: '2025-10-25' }]);

    const CASES = `query { cases(first: 10) { totalCount edges { node { status } } } }`;
    expect((await ok(CASES, {}, as('trial_officer'))).cases.totalCount).toBe(2);
    expect((await ok(CASES, {}, as('case_officer', { zoneIds: [ids.zone] }))).cases.totalCount).toBe(0);
  });

  it('finds persons and petitions with filters and cursors', async () => {
    const PERSONS = `query($f: PersonFilter, $after: String) { persons(first: 1, after: $after, filter: $f) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
    const first = (await ok(PERSONS, { f: { unitCode } }, as('inspection_officer'))).persons;
    expect(first.totalCount).toBe(2);
    const second = (await ok(PERSONS, { f: { unitCode }, after: first.pageInfo.endCursor }, as('inspection_officer'))).persons;
    expect([...first.edges, ...second.edges].map((e: any) => e.node.name).sort()).toEqual(['张支书', '陈会计'].sort());
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect((await ok(PERSONS, { f: { nameContains: '支书', partyMember: true } })).persons.edges).toEqual([{ node: { name: '张支书' } }]);
    expect((await ok(PERSONS, { f: { nameContains: '%' } })).persons.totalCount).toBe(0);
    expect((await hub.query(PERSONS, {}, as('analyst'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const PETITIONS = `query($f: PetitionFilter) { petitions(first: 10, filter: $f) { totalCount edges { node { id } } } }`;
    expect((await ok(PETITIONS, { f: { personId: ids.cadre } }, as('case_manager'))).petitions.edges).toEqual([{ node: { id: ids.petition } }]);
    expect((await ok(PETITIONS, { f: { outOfJurisdiction: true, named: false } }, as('case_manager'))).petitions.edges).toEqual([
      { node: { id: ids.foreignPetition } },
    ]);
  });

  it('loads unit summaries for many units in the same number of statements as for one', async () => {
    const codes = Array.from({ length: 20 }, randomUnitCode);
    await seed(hub).units(codes.map((code) => ({ code })));
    const Q = `query($first: Int!) { units(first: $first) { edges { node { code clueSummary { count } caseSummary { count } sanctionSummary { count } petitionSummary { count } } } } }`;
    const cost = async (first: number) => {
      const { statements } = await hub.countStatements(() => ok(Q, { first }));
      return statements.discipline;
    };
    const one = await cost(1);
    expect(await cost(21)).toBe(one);
    // One statement per summary, and the one-time id of the gateway's claims.
    expect(one).toBe(4 + 1);
  });

  it('records accountability over a rectification item, bulletins and a special inspection; funds move the statistics', async () => {
    const item = crypto.randomUUID();
    await seed(hub).rectificationItem({ id: item, unitCode, responsiblePersonId: ids.cadre });
    await refused(
      'recordAccountabilityDecision',
      { rectificationItemId: item, decidedOn: '2026-05-01', measure: '通报问责', reason: '整改不力' },
      'BAD_USER_INPUT',
      ['input', 'unitCode'],
    );
    await created('recordAccountabilityDecision', {
      rectificationItemId: item,
      unitCode,
      personId: ids.cadre,
      decidedOn: '2026-05-01',
      measure: '诫勉谈话',
      reason: '巡察整改不力',
    });
    const requestBody = JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on RectificationItem { accountabilityDecisions { measure reason decidedOn } } } }`,
      variables: { r: [{ __typename: 'RectificationItem', id: item }] },
    });
    const token = await hub.signClaims(
      {
        viewer: { staffId: 'x', roles: ['inspection_officer'], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] } },
        purpose: null,
      },
      'discipline',
      requestBody,
    );
    const response = await fetch(hub.subgraphUrls.discipline, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-claims': token },
      body: requestBody,
    });
    expect(((await response.json()) as any).data._entities[0].accountabilityDecisions).toEqual([
      { measure: '诫勉谈话', reason: '巡察整改不力', decidedOn: '2026-05-01' },
    ]);

    const conduct = await created('createDepartment', { name: '党风政风监督室', kind: 'CONDUCT_SUPERVISION' });
    const bulletin = {
      kind: 'FOUR_WINDS_ANALYSIS',
      title: '2026 年第一季度四风问题分析',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      issuedOn: '2026-04-10',
      body: '一季度四风问题分析。',
      recipients: [{ kind: 'INSPECTION_OFFICE' }, { kind: 'ALL_STATIONED_GROUPS' }],
    };
    await refused(
      'issueBulletin',
      { ...bulletin, periodStart: '2026-04-01', periodEnd: '2026-03-01', issuedOn: '2026-07-01' },
      'BAD_USER_INPUT',
      ['input', 'periodEnd'],
      as('conduct_officer', { departmentIds: [conduct] }),
    );
    await created('issueBulletin', bulletin, as('conduct_officer', { departmentIds: [conduct] }));
    const bulletins = (
      await ok(
        `{ bulletins(first: 5, filter: { year: 2026, kind: FOUR_WINDS_ANALYSIS }) { totalCount edges { node { title issuer recipients { kind } } } } }`,
        {},
        as('inspection_officer'),
      )
    ).bulletins;
    expect(bulletins).toEqual({
      totalCount: 1,
      edges: [
        {
          node: {
            title: '2026 年第一季度四风问题分析',
            issuer: 'CONDUCT_SUPERVISION',
            recipients: [{ kind: 'ALL_STATIONED_GROUPS' }, { kind: 'INSPECTION_OFFICE' }],
          },
        },
      ],
    });
    expect((await ok(`{ bulletins(first: 5, filter: { year: 2024 }) { totalCount } }`, {})).bulletins.totalCount).toBe(0);

    const before = await stats(2026);
    await refused(
      'startSpecialInspection',
      { theme: '乱发津补贴专项整治', startedOn: '2026-05-10', teams: [{ name: '第一检查组', staffIds: [crypto.randomUUID()] }] },
      'NOT_FOUND',
      ['input', 'teams', '0', 'staffIds', '0'],
      as('conduct_officer'),
    );
    const si = await created(
      'startSpecialInspection',
      { theme: '乱发津补贴专项整治', startedOn: '2026-05-10', teams: [{ name: '第一检查组', staffIds: [ids.officer, ids.finance] }] },
      as('conduct_officer'),
    );
    await created(
      'recordSpecialInspectionCheck',
      { specialInspectionId: si, unitCode, checkedOn: '2026-05-20', problemsFound: 3, fundsReturned: '15200.50' },
      as('conduct_officer'),
    );
    await refused(
      'recordSpecialInspectionCheck',
      { specialInspectionId: si, teamId: crypto.randomUUID(), unitCode, checkedOn: '2026-05-20', problemsFound: 1, fundsReturned: '1.00' },
      'NOT_FOUND',
      ['input', 'teamId'],
      as('conduct_officer'),
    );
    const list = (
      await ok(
        `{ specialInspections(first: 5) { edges { node { theme problemsFound teams { name staff { name homeBody } } checks { fundsReturned } } } } }`,
        {},
      )
    ).specialInspections.edges;
    expect(list[0].node).toEqual({
      theme: '乱发津补贴专项整治',
      problemsFound: 3,
      teams: [
        {
          name: '第一检查组',
          staff: expect.arrayContaining([
            { name: '王承办', homeBody: 'DISCIPLINE' },
            { name: '赵财政', homeBody: 'FINANCE' },
          ]),
        },
      ],
      checks: [{ fundsReturned: '15200.50' }],
    });
    const after = await stats(2026);
    expect(Number(after.specialInspectionFundsReturned) * 100 - Number(before.specialInspectionFundsReturned) * 100).toBe(1520050);
  });

  it('records every mutation in the audit log, in its transaction', async () => {
    const log = (await ok(`{ disciplineAuditLog(first: 100, filter: { recordType: "Case", action: UPDATE }) { totalCount } }`, {})).disciplineAuditLog;
    // startInvestigation, startDetention, extendDetention, endDetention, submitCaseForTrial, closeCase, transfer, 2 recoveries (+ the second case's 2 steps).
    expect(log.totalCount).toBe(11);
    // Five clues registered; the many refused registrations left no audit row (their transactions rolled back).
    const refusedWrites = (await ok(`{ disciplineAuditLog(first: 100, filter: { recordType: "Clue", action: CREATE }) { totalCount } }`, {}))
      .disciplineAuditLog;
    expect(refusedWrites.totalCount).toBe(5);
  });
});
