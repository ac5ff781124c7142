import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Role, ViewerScopes } from '@hub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../../../test/support/connections.ts';
import { expectNoLeaks, markSecret } from '../../../test/support/leaks.ts';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';
import { type DirectQueryOptions, type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import {
  AcknowledgePetitionDocument,
  AssignClueDocument,
  BulletinsDocument,
  CaseDetentionDocument,
  CaseOverviewDocument,
  CasesDocument,
  CaseTrialDocument,
  ClueCasesDocument,
  ClueEscalationDocument,
  ClueOriginDocument,
  ClueOutcomeDocument,
  CluesDocument,
  ClueSummaryDocument,
  CloseCaseDocument,
  CollaborationZonesDocument,
  CreateCollaborationZoneDocument,
  CreateDepartmentDocument,
  DisciplineAuditLogDocument,
  type DisposalMethod,
  DisposeClueDocument,
  EndDetentionDocument,
  EscalateClueDocument,
  ExtendDetentionDocument,
  FileCaseDocument,
  ForwardPetitionDocument,
  ImposeSanctionDocument,
  IssueBulletinDocument,
  type IssueBulletinInput,
  PersonAndStaffEntitiesDocument,
  PersonNameDocument,
  PersonsDocument,
  PetitionOverviewDocument,
  PetitionReporterDocument,
  PetitionsDocument,
  RecordAccountabilityDecisionDocument,
  RecordLossesRecoveredAsFloatDocument,
  RecordLossesRecoveredDocument,
  RecordSpecialInspectionCheckDocument,
  RectificationItemAccountabilityDocument,
  RegisterClueDocument,
  RegisterPersonDocument,
  RegisterPetitionDocument,
  RegisterStaffDocument,
  ReportClueResultDocument,
  SanctionsDocument,
  SpecialInspectionsDocument,
  StartDetentionDocument,
  StartInvestigationDocument,
  StartSpecialInspectionDocument,
  StatisticsDocument,
  SubmitCaseForTrialDocument,
  TransferCaseToProcuratorateDocument,
  TransferredClueStatusDocument,
  TransferredClueSummaryDocument,
  UnitCluesDocument,
  UnitDisciplineSummaryDocument,
  UnitPersonsDocument,
  UnitsAllSummariesDocument,
} from './operations/generated.ts';

/**
 * The discipline subgraph's story on discipline alone, on PostgreSQL: petition → clue → disposal →
 * case → detention → trial → sanction → statistics, and every refusal on the way. The other bodies'
 * records it names (units, a clue transfer, a rectification item) are answered by the reference-check
 * stand-in; what the gateway fetches from discipline for them goes through `_entities`, as the gateway sends it.
 */

let hub: SubgraphHarness<'discipline'>;
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

const as = (role: Role, scopes?: Partial<ViewerScopes>): DirectQueryOptions => ({ as: { role, scopes }, purpose: '案件审查' });

async function ok<Data, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  caller: DirectQueryOptions = as('leader'),
): Promise<Data> {
  const response = await hub.query(document, variables, caller);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  if (response.data == null) throw new Error('no data');
  return response.data;
}

/** What each mutation document answers (test/operations/*.graphql): the written record's id as `record`, and the refusals. */
type MutationPayload = { record: { id: string } | null; errors: { code: string; field: string[]; message: string }[] } | null;
type Mutation<Input> = TypedDocumentNode<Record<string, MutationPayload>, { input: Input }>;

/** Runs a mutation and returns its payload. */
async function mutate<Input>(document: Mutation<Input>, input: Input, caller: DirectQueryOptions = as('leader')) {
  const [payload] = Object.values(await ok(document, { input }, caller));
  if (!payload) throw new Error('no payload');
  return payload;
}

async function created<Input>(document: Mutation<Input>, input: Input, caller?: DirectQueryOptions): Promise<string> {
  const payload = await mutate(document, input, caller);
  expect(payload.errors).toEqual([]);
  return payload.record!.id;
}

async function refused<Input>(document: Mutation<Input>, input: Input, code: string, field: string[], caller?: DirectQueryOptions) {
  const payload = await mutate(document, input, caller);
  expect(payload.record).toBeNull();
  expect(payload.errors.map((e) => ({ code: e.code, field: e.field }))).toEqual([{ code, field }]);
  return payload.errors[0]!.message;
}

/** The entity at `index` of an `_entities` answer, which its fragment matched (it has `field`). */
function entity<E, K extends string>(entities: readonly (E | null)[] | undefined, index: number, field: K): Extract<E, Record<K, unknown>> {
  const found = entities?.[index];
  if (found == null || typeof found !== 'object' || !(field in found)) throw new Error(`_entities[${index}] has no ${field}`);
  return found as Extract<E, Record<K, unknown>>;
}

/** A unit as the gateway represents it to discipline (inspection provides the teams assigned to it). */
const unitRef = (code: string) => ({ __typename: 'Unit', code, assignedInspectionTeamIds: [] });

const stats = async (year: number) => (await ok(StatisticsDocument, { year }, as('analyst'))).statistics!;
type Statistics = Awaited<ReturnType<typeof stats>>;
const disposed = (s: Statistics, method: DisposalMethod) => s.cluesDisposedByMethod.find((r) => r.method === method)!.count;

beforeAll(async () => {
  hub = await startSubgraph('discipline');
  // The unit is inspection's record: its lookup (the stand-in) knows it.
  await seed(hub).units([{ code: unitCode, name: '云溪镇石桥村' }]);
});
afterAll(() => hub?.stop());

describe('discipline scenario on PostgreSQL', () => {
  it('sets up departments, staff, a collaboration zone and persons', async () => {
    ids.office = await created(CreateDepartmentDocument, { name: '第一纪检监察室', kind: 'SUPERVISION_OFFICE' });
    ids.otherOffice = await created(CreateDepartmentDocument, { name: '第二纪检监察室', kind: 'SUPERVISION_OFFICE' });
    await refused(CreateDepartmentDocument, { name: '第一纪检监察室', kind: 'SUPERVISION_OFFICE' }, 'ALREADY_EXISTS', ['input', 'name']);
    ids.officer = await created(RegisterStaffDocument, { name: '王承办', homeBody: 'DISCIPLINE', departmentId: ids.office });
    ids.township = await created(RegisterStaffDocument, { name: '李乡纪委', homeBody: 'DISCIPLINE' });
    ids.finance = await created(RegisterStaffDocument, { name: '赵财政', homeBody: 'FINANCE' });
    await refused(RegisterStaffDocument, { name: '无名', homeBody: 'DISCIPLINE', departmentId: crypto.randomUUID() }, 'NOT_FOUND', ['input', 'departmentId']);
    ids.zone = await created(CreateCollaborationZoneDocument, {
      name: '东区协作区',
      leaderStaffId: ids.officer,
      memberStaffIds: [ids.officer, ids.township],
      townships: ['云溪镇', '石桥乡'],
    });
    await refused(CreateCollaborationZoneDocument, { name: '西区协作区', memberStaffIds: [ids.officer, crypto.randomUUID()], townships: [] }, 'NOT_FOUND', [
      'input',
      'memberStaffIds',
      '1',
    ]);
    ids.cadre = await created(
      RegisterPersonDocument,
      { name: '张支书', unitCode, post: '村党支部书记', rankLevel: 'VILLAGE', partyMember: true },
      as('case_manager'),
    );
    ids.clerk = await created(
      RegisterPersonDocument,
      { name: '陈会计', unitCode, post: '村报账员', rankLevel: 'VILLAGE', partyMember: false },
      as('case_manager'),
    );

    const zones = nodes((await ok(CollaborationZonesDocument, {})).collaborationZones);
    expect(zones).toEqual([
      {
        name: '东区协作区',
        leader: { name: '王承办' },
        members: expect.arrayContaining([{ name: '王承办' }, { name: '李乡纪委' }]),
        townships: ['石桥乡', '云溪镇'].sort(),
      },
    ]);
    // The unit's persons, as the gateway fetches them from discipline for inspection's unit.
    const unit = entity((await ok(UnitPersonsDocument, { r: [unitRef(unitCode)] }))._entities, 0, 'persons');
    expect(unit.persons!.totalCount).toBe(2);
    expect(
      nodes(unit.persons)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['张支书', '陈会计'].sort());
  });

  it('resolves Person and Staff references in one statement per type, a malformed id finding nothing', async () => {
    const representations = [
      { __typename: 'Person', id: ids.cadre },
      { __typename: 'Person', id: 'no-uuid' },
      { __typename: 'Staff', id: ids.officer },
      { __typename: 'Person', id: ids.clerk },
      { __typename: 'Staff', id: crypto.randomUUID() },
    ];
    const { result: response, statements } = await hub.countStatements(() =>
      hub.query(PersonAndStaffEntitiesDocument, { r: representations }, { as: { role: 'leader', staffId: 'leader-1' }, purpose: null }),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([{ name: '张支书' }, null, { name: '王承办' }, { name: '陈会计' }, null]);
    // One statement for the persons, one for the staff (no audit rows: nothing person-level sensitive
    // was read), and the one-time id of the gateway's claims.
    expect(statements.discipline).toBe(2 + 1);
  });

  it('registers petitions with the reporter identity apart, and refuses what the rules forbid', async () => {
    const before = await stats(2025);
    const reporter = { name: '刘举报', contact: '13900001111', idNumber: '340404198001011234', address: '云溪镇幸福路 8 号' };
    for (const value of Object.values(reporter)) markSecret(value);
    const msg = await refused(
      RegisterPetitionDocument,
      { receivedOn: '2025-09-30', channel: 'LETTER', category: 'HEDONISM', named: true, summary: '反映问题' },
      'BAD_USER_INPUT',
      ['input', 'reporter'],
      as('petition_officer'),
    );
    expect(msg).toMatch(/named petition/);
    await refused(
      RegisterPetitionDocument,
      { receivedOn: '2025-09-30', channel: 'LETTER', category: 'HEDONISM', named: false, reporter, summary: '反映问题' },
      'BAD_USER_INPUT',
      ['input', 'reporter'],
      as('petition_officer'),
    );
    await refused(
      RegisterPetitionDocument,
      { receivedOn: '2099-01-01', channel: 'LETTER', category: 'HEDONISM', named: false, summary: '反映问题' },
      'BAD_USER_INPUT',
      ['input', 'receivedOn'],
      as('petition_officer'),
    );
    await refused(
      RegisterPetitionDocument,
      { receivedOn: '2025-09-30', channel: 'LETTER', category: 'HEDONISM', named: false, summary: '反映问题', subjectPersonIds: [crypto.randomUUID()] },
      'NOT_FOUND',
      ['input', 'subjectPersonIds', '0'],
      as('petition_officer'),
    );
    // Only the petition office registers petitions (it alone may hold reporter identities).
    const denied = await hub.query(
      RegisterPetitionDocument,
      { input: { receivedOn: '2025-09-30', channel: 'LETTER', category: 'HEDONISM', named: false, summary: 'x' } },
      as('case_manager'),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    ids.petition = await created(
      RegisterPetitionDocument,
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
      RegisterPetitionDocument,
      { receivedOn: '2026-02-13', channel: 'PHONE', category: 'FORMALISM', named: false, summary: '反映外区单位问题', outOfJurisdiction: true },
      as('petition_officer'),
    );
    const after = await stats(2025);
    expect(after.petitionsReceived).toBe(before.petitionsReceived + 1);
    expect((await stats(2026)).petitionsReceived).toBeGreaterThanOrEqual(1);

    const petition = async (id: string, caller: DirectQueryOptions) => (await ok(PetitionOverviewDocument, { id }, caller)).petition!;
    const named = await petition(ids.petition, as('case_manager'));
    // 09-30 + 15 working days across 国庆 (10-01…10-08 off, Saturday 10-11 worked): 10-28, not 10-21 as Monday–Friday counting would give.
    expect(named).toMatchObject({
      named: true,
      outOfJurisdiction: false,
      forwardDeadline: null,
      acknowledgementDeadline: '2025-10-28',
      subjects: [{ name: '张支书' }],
    });
    const foreign = await petition(ids.foreignPetition, as('petition_officer'));
    // 2026-02-13 + 5 working days across 春节 (02-14 Saturday worked, 02-15…02-23 off).
    expect(foreign).toMatchObject({ forwardDeadline: '2026-02-27', acknowledgementDeadline: null, overdue: true });

    await refused(
      ForwardPetitionDocument,
      { petitionId: ids.petition, forwardedOn: '2025-10-09', forwardedTo: '市纪委' },
      'INVALID_TRANSITION',
      ['input', 'petitionId'],
      as('petition_officer'),
    );
    await refused(
      ForwardPetitionDocument,
      { petitionId: ids.foreignPetition, forwardedOn: '2026-02-12', forwardedTo: '市纪委' },
      'BAD_USER_INPUT',
      ['input', 'forwardedOn'],
      as('petition_officer'),
    );
    await created(ForwardPetitionDocument, { petitionId: ids.foreignPetition, forwardedOn: '2026-02-26', forwardedTo: '邻区纪委监委' }, as('petition_officer'));
    await refused(
      ForwardPetitionDocument,
      { petitionId: ids.foreignPetition, forwardedOn: '2026-02-26', forwardedTo: '邻区纪委监委' },
      'INVALID_TRANSITION',
      ['input', 'petitionId'],
      as('petition_officer'),
    );
    expect((await petition(ids.foreignPetition, as('petition_officer'))).overdue).toBe(false);
    await refused(
      AcknowledgePetitionDocument,
      { petitionId: ids.foreignPetition, acknowledgedOn: '2026-02-26' },
      'INVALID_TRANSITION',
      ['input', 'petitionId'],
      as('petition_officer'),
    );
    await created(AcknowledgePetitionDocument, { petitionId: ids.petition, acknowledgedOn: '2025-10-20' }, as('petition_officer'));
    await refused(
      AcknowledgePetitionDocument,
      { petitionId: crypto.randomUUID(), acknowledgedOn: '2025-10-20' },
      'NOT_FOUND',
      ['input', 'petitionId'],
      as('petition_officer'),
    );
  });

  it('shows reporter identity to the petition office only, audits the read, and never leaks it', async () => {
    const own = await ok(PetitionReporterDocument, { id: ids.petition }, as('petition_officer'));
    expect(own.petition!.reporter).toEqual({ name: '刘举报', contact: '13900001111', idNumber: '340404198001011234', address: '云溪镇幸福路 8 号' });
    for (const role of ['leader', 'case_manager'] as const) {
      const response = await hub.query(PetitionReporterDocument, { id: ids.petition }, as(role));
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(response)).not.toContain('刘举报');
    }
    const log = (await ok(DisciplineAuditLogDocument, { first: 10, filter: { recordType: 'PetitionReporter', recordId: ids.petition } })).disciplineAuditLog;
    expect(nodes(log)).toEqual([{ roles: ['petition_officer'], action: 'READ', purpose: '案件审查' }]);
    // The reporter name is marked secret: only the petition officer's own response may hold it.
    expectNoLeaks(hub, (response) => response.includes('"reporter":{"name"'));
  });

  it('refuses to change or delete audit records in the database itself', async () => {
    const db = hub.database.db;
    await expect(sql`update audit_log set purpose = 'changed'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('registers clues from each source, assigns, escalates and disposes of them, refusing invalid steps', async () => {
    const base = { subjectUnitCode: unitCode, subjectPersonIds: [ids.cadre], receivedOn: '2025-10-15', handler: { departmentId: ids.office } };
    await refused(RegisterClueDocument, { ...base, source: 'PETITION', summary: '线索' }, 'BAD_USER_INPUT', ['input', 'petitionId']);
    await refused(RegisterClueDocument, { ...base, source: 'PETITION', petitionId: ids.foreignPetition, summary: '线索' }, 'INVALID_TRANSITION', [
      'input',
      'petitionId',
    ]);
    await refused(RegisterClueDocument, { ...base, source: 'AUDIT', petitionId: ids.petition, summary: '线索' }, 'BAD_USER_INPUT', ['input', 'petitionId']);
    await refused(RegisterClueDocument, { ...base, source: 'INSPECTION_TRANSFER', summary: '线索' }, 'BAD_USER_INPUT', ['input', 'clueTransferId']);
    await refused(
      RegisterClueDocument,
      { ...base, source: 'AUDIT', summary: '线索', handler: { departmentId: ids.office, zoneId: ids.zone } },
      'BAD_USER_INPUT',
      ['input', 'handler'],
    );
    await refused(RegisterClueDocument, { ...base, source: 'AUDIT', summary: '线索', handler: { zoneId: crypto.randomUUID() } }, 'NOT_FOUND', [
      'input',
      'handler',
      'zoneId',
    ]);
    await refused(RegisterClueDocument, { ...base, source: 'AUDIT', summary: '   ' }, 'BAD_USER_INPUT', ['input', 'summary']);

    const before = await stats(2025);
    ids.clue = await created(RegisterClueDocument, {
      ...base,
      source: 'PETITION',
      petitionId: ids.petition,
      summary: '张支书违规操办儿子婚宴，动用村集体资金',
    });
    ids.transfer = crypto.randomUUID();
    await seed(hub).clueTransfer({ id: ids.transfer, unitCode, receiverKind: 'COLLABORATION_ZONE', receiverId: ids.zone });
    ids.transferClue = await created(RegisterClueDocument, {
      ...base,
      source: 'INSPECTION_TRANSFER',
      clueTransferId: ids.transfer,
      summary: '巡察发现虚报冒领补贴',
      handler: { zoneId: ids.zone },
    });
    await refused(RegisterClueDocument, { ...base, source: 'INSPECTION_TRANSFER', clueTransferId: ids.transfer, summary: '重复移交' }, 'ALREADY_EXISTS', [
      'input',
      'clueTransferId',
    ]);
    ids.auditClue = await created(RegisterClueDocument, {
      ...base,
      subjectPersonIds: [ids.clerk],
      source: 'AUDIT',
      sourceReference: '区审计局审计报告〔2025〕12号',
      summary: '报账员违规报销',
    });

    // Inspection transfers are handled with priority.
    const transfer = (await ok(ClueOriginDocument, { id: ids.transferClue })).clue;
    expect(transfer).toEqual({ priority: true, source: 'INSPECTION_TRANSFER', clueTransferId: ids.transfer, handlerZone: { name: '东区协作区' } });

    // Escalation: to another body, with a reason, once.
    await refused(
      EscalateClueDocument,
      { clueId: ids.auditClue, reason: '涉及多名村干部', escalatedOn: '2025-10-16', handler: { departmentId: ids.office } },
      'BAD_USER_INPUT',
      ['input', 'handler'],
    );
    await refused(
      EscalateClueDocument,
      { clueId: ids.auditClue, reason: ' ', escalatedOn: '2025-10-16', handler: { departmentId: ids.otherOffice } },
      'BAD_USER_INPUT',
      ['input', 'reason'],
    );
    await created(EscalateClueDocument, {
      clueId: ids.auditClue,
      reason: '涉及多名村干部，提级由第二室办理',
      escalatedOn: '2025-10-16',
      handler: { departmentId: ids.otherOffice },
    });
    await refused(
      EscalateClueDocument,
      { clueId: ids.auditClue, reason: '再次提级', escalatedOn: '2025-10-17', handler: { departmentId: ids.office } },
      'INVALID_TRANSITION',
      ['input', 'clueId'],
    );
    const escalated = (await ok(ClueEscalationDocument, { id: ids.auditClue })).clue;
    expect(escalated).toEqual({ escalated: true, escalationReason: '涉及多名村干部，提级由第二室办理', handlerDepartment: { name: '第二纪检监察室' } });

    // Disposal by the handling office (scope), not by another office.
    const ownOffice = as('case_officer', { departmentIds: [ids.office] });
    const otherOffice = as('case_officer', { departmentIds: [ids.otherOffice] });
    const foreign = await hub.query(
      DisposeClueDocument,
      { input: { clueId: ids.clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-10-20', handledByStaffId: ids.officer } },
      otherOffice,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await refused(
      DisposeClueDocument,
      { clueId: ids.clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-10-01', handledByStaffId: ids.officer },
      'BAD_USER_INPUT',
      ['input', 'disposedOn'],
      ownOffice,
    );
    await refused(
      DisposeClueDocument,
      { clueId: ids.clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-10-20', handledByStaffId: crypto.randomUUID() },
      'NOT_FOUND',
      ['input', 'handledByStaffId'],
      ownOffice,
    );
    await created(
      DisposeClueDocument,
      { clueId: ids.clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-10-20', handledByStaffId: ids.officer },
      ownOffice,
    );
    await refused(
      DisposeClueDocument,
      { clueId: ids.clue, method: 'CLOSED', disposedOn: '2025-10-21', handledByStaffId: ids.officer },
      'INVALID_TRANSITION',
      ['input', 'clueId'],
      ownOffice,
    );
    await refused(AssignClueDocument, { clueId: ids.clue, handler: { zoneId: ids.zone } }, 'INVALID_TRANSITION', ['input', 'clueId']);

    // Shelved clues can be disposed again; closed ones cannot become cases.
    await created(DisposeClueDocument, { clueId: ids.auditClue, method: 'SHELVED_PENDING_CHECK', disposedOn: '2025-10-20', handledByStaffId: ids.officer });
    await created(DisposeClueDocument, { clueId: ids.auditClue, method: 'CLOSED', disposedOn: '2025-11-03', handledByStaffId: ids.officer });
    await created(
      DisposeClueDocument,
      { clueId: ids.transferClue, method: 'INQUIRY_BY_TALK_OR_LETTER', disposedOn: '2025-10-22', handledByStaffId: ids.township },
      as('case_officer', { zoneIds: [ids.zone] }),
    );
    await refused(ReportClueResultDocument, { clueId: ids.transferClue, result: '函询说明属实，予以批评教育', reportedOn: '2025-10-21' }, 'BAD_USER_INPUT', [
      'input',
      'reportedOn',
    ]);
    await created(
      ReportClueResultDocument,
      { clueId: ids.transferClue, result: '函询说明属实，予以批评教育', reportedOn: '2025-11-10' },
      as('case_officer', { zoneIds: [ids.zone] }),
    );
    await refused(ReportClueResultDocument, { clueId: ids.transferClue, result: '再次反馈', reportedOn: '2025-11-11' }, 'INVALID_TRANSITION', [
      'input',
      'clueId',
    ]);

    const after = await stats(2025);
    expect(disposed(after, 'PRELIMINARY_VERIFICATION')).toBe(disposed(before, 'PRELIMINARY_VERIFICATION') + 1);
    // The shelved clue was disposed again as CLOSED: it counts once, under its current method.
    expect(disposed(after, 'CLOSED')).toBe(disposed(before, 'CLOSED') + 1);
    expect(disposed(after, 'SHELVED_PENDING_CHECK')).toBe(disposed(before, 'SHELVED_PENDING_CHECK'));
    expect(after.fourForms[0]).toEqual({ form: 1, count: before.fourForms[0]!.count + 1 });
  });

  it("lets the transferring team see its transferred clue's status through ClueTransfer.clue, but not its content; no other team", async () => {
    // The gateway fetches `inspectionTeamId` from inspection (@requires) and sends it with the key.
    const team = crypto.randomUUID();
    const r = [
      { __typename: 'ClueTransfer', id: ids.transfer, inspectionTeamId: team },
      { __typename: 'ClueTransfer', id: crypto.randomUUID(), inspectionTeamId: team },
    ];
    const caller = (role: Role, inspectionTeamIds: string[] = [team]): DirectQueryOptions => ({
      as: { role, staffId: 'inspector-1', scopes: { inspectionTeamIds } },
      purpose: '巡察',
    });
    const status = await hub.query(TransferredClueStatusDocument, { r }, caller('inspection_officer'));
    expect(status.errors).toBeUndefined();
    expect(entity(status.data?._entities, 0, 'clue').clue).toEqual({
      disposalMethod: 'INQUIRY_BY_TALK_OR_LETTER',
      disposedOn: '2025-10-22',
      resultReportedOn: '2025-11-10',
      priority: true,
      caseOutcomes: [],
    });
    expect(entity(status.data?._entities, 1, 'clue').clue).toBeNull();
    const content = await hub.query(TransferredClueSummaryDocument, { r }, caller('inspection_officer'));
    expect(content.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(content)).not.toContain('虚报冒领');
    // An inspection officer of another team (or of none) is refused the transfer's clue altogether.
    for (const teams of [[crypto.randomUUID()], []]) {
      const other = await hub.query(TransferredClueStatusDocument, { r }, caller('inspection_officer', teams));
      expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(other.errors?.[0]?.path).toEqual(['_entities', 0, 'clue']);
      expect(entity(other.data?._entities, 0, 'clue').clue).toBeNull();
      expect(JSON.stringify(other.data)).not.toContain('INQUIRY_BY_TALK_OR_LETTER');
    }
    const analyst = await hub.query(TransferredClueStatusDocument, { r }, caller('analyst'));
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('files a case only from a clue disposed by preliminary verification, against a person it names', async () => {
    const message = await refused(FileCaseDocument, { clueId: ids.auditClue, personId: ids.clerk, filedOn: '2025-11-05' }, 'INVALID_TRANSITION', [
      'input',
      'clueId',
    ]);
    expect(message).toMatch(/CLOSED/);
    await refused(FileCaseDocument, { clueId: ids.transferClue, personId: ids.cadre, filedOn: '2025-11-05' }, 'INVALID_TRANSITION', ['input', 'clueId']);
    await refused(FileCaseDocument, { clueId: ids.clue, personId: ids.clerk, filedOn: '2025-10-25' }, 'BAD_USER_INPUT', ['input', 'personId']);
    await refused(FileCaseDocument, { clueId: ids.clue, personId: ids.cadre, filedOn: '2025-10-19' }, 'BAD_USER_INPUT', ['input', 'filedOn']);
    await refused(FileCaseDocument, { clueId: 'not-an-id', personId: ids.cadre, filedOn: '2025-10-25' }, 'BAD_USER_INPUT', ['input', 'clueId']);
    const before = await stats(2025);
    ids.case = await created(
      FileCaseDocument,
      { clueId: ids.clue, personId: ids.cadre, filedOn: '2025-10-25' },
      as('case_officer', { departmentIds: [ids.office] }),
    );
    await refused(FileCaseDocument, { clueId: ids.clue, personId: ids.cadre, filedOn: '2025-10-26' }, 'ALREADY_EXISTS', ['input', 'personId']);
    expect((await stats(2025)).casesFiled).toBe(before.casesFiled + 1);
  });

  it('keeps detention within three months plus one extension of at most three', async () => {
    await refused(StartDetentionDocument, { caseId: ids.case, startedOn: '2025-10-27' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    await created(StartInvestigationDocument, { caseId: ids.case, startedOn: '2025-10-26' });
    await refused(StartInvestigationDocument, { caseId: ids.case, startedOn: '2025-10-26' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    await refused(ExtendDetentionDocument, { caseId: ids.case, months: 1, extendedOn: '2025-11-01' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    const before = await stats(2025);
    await created(StartDetentionDocument, { caseId: ids.case, startedOn: '2025-10-27' });
    expect((await stats(2025)).detentions).toBe(before.detentions + 1);
    await refused(StartDetentionDocument, { caseId: ids.case, startedOn: '2025-10-28' }, 'LIMIT_EXCEEDED', ['input', 'caseId']);
    const detention = async () => (await ok(CaseDetentionDocument, { id: ids.case })).case!.detention;
    expect(await detention()).toEqual({
      startedOn: '2025-10-27',
      lastDayOn: '2026-01-26',
      extendedMonths: null,
      endedOn: null,
    });
    await refused(ExtendDetentionDocument, { caseId: ids.case, months: 4, extendedOn: '2026-01-20' }, 'LIMIT_EXCEEDED', ['input', 'months']);
    await refused(ExtendDetentionDocument, { caseId: ids.case, months: 0, extendedOn: '2026-01-20' }, 'BAD_USER_INPUT', ['input', 'months']);
    await refused(ExtendDetentionDocument, { caseId: ids.case, months: 3, extendedOn: '2026-01-27' }, 'LIMIT_EXCEEDED', ['input', 'extendedOn']);
    await created(ExtendDetentionDocument, { caseId: ids.case, months: 3, extendedOn: '2026-01-20' });
    await refused(ExtendDetentionDocument, { caseId: ids.case, months: 1, extendedOn: '2026-02-01' }, 'LIMIT_EXCEEDED', ['input', 'caseId']);
    expect(await detention()).toEqual({
      startedOn: '2025-10-27',
      lastDayOn: '2026-04-26',
      extendedMonths: 3,
      endedOn: null,
    });
    await refused(EndDetentionDocument, { caseId: ids.case, endedOn: '2026-04-27' }, 'LIMIT_EXCEEDED', ['input', 'endedOn']);
    await created(EndDetentionDocument, { caseId: ids.case, endedOn: '2026-03-01' });
    await refused(EndDetentionDocument, { caseId: ids.case, endedOn: '2026-03-02' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    // The database holds the same limit, whatever code writes.
    await expect(sql`update detention set last_day_on = started_on + 200 where case_id = ${ids.case}::uuid`.execute(hub.database.db)).rejects.toThrow(
      /check constraint/,
    );
  });

  it('tries the case within one month, transfers it, records recoveries as Money, and sanctions the person', async () => {
    await refused(ImposeSanctionDocument, { caseId: ids.case, type: 'PARTY_EXPULSION', decidedOn: '2026-03-10', fourForm: 4 }, 'INVALID_TRANSITION', [
      'input',
      'caseId',
    ]);
    await refused(CloseCaseDocument, { caseId: ids.case, closedOn: '2026-03-10' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    await refused(TransferCaseToProcuratorateDocument, { caseId: ids.case, transferredOn: '2026-03-10' }, 'INVALID_TRANSITION', ['input', 'caseId']);
    await created(SubmitCaseForTrialDocument, { caseId: ids.case, startedOn: '2026-03-05' });
    const trial = as('trial_officer');
    expect((await ok(CaseTrialDocument, { id: ids.case }, trial)).case).toEqual({
      status: 'UNDER_TRIAL',
      trialDeadline: '2026-04-04',
    });

    await refused(
      ImposeSanctionDocument,
      { caseId: ids.case, type: 'PARTY_WARNING', decidedOn: '2026-03-20', fourForm: 3 },
      'BAD_USER_INPUT',
      ['input', 'fourForm'],
      trial,
    );
    await refused(
      ImposeSanctionDocument,
      { caseId: ids.case, type: 'PARTY_EXPULSION', decidedOn: '2026-03-20', fourForm: 2 },
      'BAD_USER_INPUT',
      ['input', 'fourForm'],
      trial,
    );
    await refused(
      ImposeSanctionDocument,
      { caseId: ids.case, type: 'PARTY_EXPULSION', decidedOn: '2026-03-01', fourForm: 4 },
      'BAD_USER_INPUT',
      ['input', 'decidedOn'],
      trial,
    );
    const before = await stats(2026);
    ids.sanction = await created(ImposeSanctionDocument, { caseId: ids.case, type: 'PARTY_EXPULSION', decidedOn: '2026-03-20', fourForm: 4 }, trial);
    await created(ImposeSanctionDocument, { caseId: ids.case, type: 'GOV_EXPULSION', decidedOn: '2026-03-20', fourForm: 4 }, trial);
    await refused(
      ImposeSanctionDocument,
      { caseId: ids.case, type: 'GOV_EXPULSION', decidedOn: '2026-03-21', fourForm: 4 },
      'ALREADY_EXISTS',
      ['input', 'type'],
      trial,
    );

    await refused(RecordLossesRecoveredDocument, { caseId: ids.case, amount: '0.00', recoveredOn: '2026-03-15' }, 'BAD_USER_INPUT', ['input', 'amount']);
    const float = await hub.query(RecordLossesRecoveredAsFloatDocument, { caseId: ids.case });
    expect(float.errors?.[0]?.message).toMatch(/Money/);
    await created(RecordLossesRecoveredDocument, { caseId: ids.case, amount: '86000.10', recoveredOn: '2026-03-15' }, trial);
    await created(RecordLossesRecoveredDocument, { caseId: ids.case, amount: '0.20', recoveredOn: '2026-03-16' }, trial);

    await refused(CloseCaseDocument, { caseId: ids.case, closedOn: '2026-04-05' }, 'LIMIT_EXCEEDED', ['input', 'closedOn'], trial);
    await created(CloseCaseDocument, { caseId: ids.case, closedOn: '2026-04-01' }, trial);
    await refused(CloseCaseDocument, { caseId: ids.case, closedOn: '2026-04-02' }, 'INVALID_TRANSITION', ['input', 'caseId'], trial);
    await created(TransferCaseToProcuratorateDocument, { caseId: ids.case, transferredOn: '2026-04-02' }, trial);
    await refused(TransferCaseToProcuratorateDocument, { caseId: ids.case, transferredOn: '2026-04-03' }, 'INVALID_TRANSITION', ['input', 'caseId'], trial);

    const c = (await ok(CaseOverviewDocument, { id: ids.case })).case;
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
    const outcome = (await ok(ClueOutcomeDocument, { id: ids.clue }, as('case_officer', { departmentIds: [ids.office] }))).clue!;
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
    expect(outcome.caseOutcomes[0]!.sanctions).toHaveLength(2);

    const after = await stats(2026);
    expect(after.personsHandled).toBe(before.personsHandled + 1);
    expect(after.fourForms[3]).toEqual({ form: 4, count: before.fourForms[3]!.count + 2 });
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
    const clue = await created(RegisterClueDocument, {
      source: 'OTHER',
      subjectUnitCode: unitCode,
      subjectPersonIds: [ids.clerk],
      receivedOn: '2026-01-05',
      summary: '报账员虚开发票',
      handler: { departmentId: ids.office },
    });
    await created(DisposeClueDocument, { clueId: clue, method: 'PRELIMINARY_VERIFICATION', disposedOn: '2026-01-10', handledByStaffId: ids.officer });
    const caseId = await created(FileCaseDocument, { clueId: clue, personId: ids.clerk, filedOn: '2026-01-12' });
    await created(StartInvestigationDocument, { caseId, startedOn: '2026-01-13' });
    await created(SubmitCaseForTrialDocument, { caseId, startedOn: '2026-02-02' });
    await refused(ImposeSanctionDocument, { caseId, type: 'PARTY_WARNING', decidedOn: '2026-02-10', fourForm: 2 }, 'BAD_USER_INPUT', ['input', 'type']);
    await created(ImposeSanctionDocument, { caseId, type: 'GOV_DEMERIT', decidedOn: '2026-02-10', fourForm: 2 });
  });

  it('answers the pre-inspection view of a unit: counts for offices and analysts, content for need-to-know only', async () => {
    // A clue that names one of the unit's cadres without naming the unit still belongs to its picture.
    await created(RegisterClueDocument, {
      source: 'JUDICIAL',
      subjectPersonIds: [ids.clerk],
      receivedOn: '2026-06-01',
      summary: '法院判决涉及报账员',
      handler: { departmentId: ids.office },
    });
    // Discipline's part of the unit, as the gateway fetches it for inspection's unit.
    const summary = entity((await ok(UnitDisciplineSummaryDocument, { r: [unitRef(unitCode)] }, as('analyst')))._entities, 0, 'clueSummary');
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
    const r = [unitRef(unitCode)];
    const clues = async (after?: string | null) => entity((await ok(UnitCluesDocument, { r, after }, as('case_manager')))._entities, 0, 'clues').clues!;
    expect((await hub.query(UnitCluesDocument, { r }, as('analyst'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const first = await clues();
    expect(first.totalCount).toBe(5);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await clues(first.pageInfo.endCursor);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const pages = [...nodes(first), ...nodes(second)].map((c) => c.id);
    expect(pages).toHaveLength(5);
    expect(new Set(pages).size).toBe(5);
    const forged = await hub.query(UnitCluesDocument, { r, after: 'forged' }, as('case_manager'));
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    const person = await hub.query(PersonNameDocument, { id: ids.cadre }, as('analyst'));
    expect(person.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("lists clues and cases per caller: everything for case management, the own office's for an office", async () => {
    const all = (await ok(CluesDocument, { f: { unitCode } }, as('case_manager'))).clues!;
    expect(all.totalCount).toBe(4);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const next = (await ok(CluesDocument, { f: { unitCode }, after: all.pageInfo.endCursor }, as('case_manager'))).clues!;
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect(new Set([...nodes(all), ...nodes(next)].map((c) => c.id)).size).toBe(4);
    const own = (await ok(CluesDocument, { f: { unitCode } }, as('case_officer', { departmentIds: [ids.office] }))).clues!;
    expect(own.totalCount).toBe(2);
    const none = (await ok(CluesDocument, { f: { unitCode } }, as('case_officer'))).clues!;
    expect(none.totalCount).toBe(0);
    const disposedFilter = (await ok(CluesDocument, { f: { unitCode, disposalMethod: 'CLOSED' } }, as('leader'))).clues!;
    expect(disposedFilter.totalCount).toBe(1);
    const other = await hub.query(ClueSummaryDocument, { id: ids.clue }, as('case_officer', { departmentIds: [ids.otherOffice] }));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect((await ok(SanctionsDocument, { f: { unitCode, fourForm: 4 } }, as('trial_officer'))).sanctions!.totalCount).toBe(2);
    expect((await ok(SanctionsDocument, { f: { personId: ids.clerk } }, as('case_manager'))).sanctions!.edges).toEqual([
      { node: { type: 'GOV_DEMERIT', decidedOn: '2026-02-10', person: { name: '陈会计' } } },
    ]);
    expect((await ok(SanctionsDocument, { f: { unitCode } }, as('case_officer', { departmentIds: [ids.otherOffice] }))).sanctions!.totalCount).toBe(0);
    expect((await ok(ClueCasesDocument, { id: ids.clue }, as('case_officer', { departmentIds: [ids.office] }))).clue!.cases).toEqual([
      { status: 'CLOSED', filedOn: '2025-10-25' },
    ]);

    expect((await ok(CasesDocument, {}, as('trial_officer'))).cases!.totalCount).toBe(2);
    expect((await ok(CasesDocument, {}, as('case_officer', { zoneIds: [ids.zone] }))).cases!.totalCount).toBe(0);
  });

  it('finds persons and petitions with filters and cursors', async () => {
    const first = (await ok(PersonsDocument, { f: { unitCode } }, as('inspection_officer'))).persons!;
    expect(first.totalCount).toBe(2);
    const second = (await ok(PersonsDocument, { f: { unitCode }, after: first.pageInfo.endCursor }, as('inspection_officer'))).persons!;
    expect([...nodes(first), ...nodes(second)].map((p) => p.name).sort()).toEqual(['张支书', '陈会计'].sort());
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect((await ok(PersonsDocument, { f: { nameContains: '支书', partyMember: true } })).persons!.edges).toEqual([{ node: { name: '张支书' } }]);
    expect((await ok(PersonsDocument, { f: { nameContains: '%' } })).persons!.totalCount).toBe(0);
    expect((await hub.query(PersonsDocument, {}, as('analyst'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect((await ok(PetitionsDocument, { f: { personId: ids.cadre } }, as('case_manager'))).petitions!.edges).toEqual([{ node: { id: ids.petition } }]);
    expect((await ok(PetitionsDocument, { f: { outOfJurisdiction: true, named: false } }, as('case_manager'))).petitions!.edges).toEqual([
      { node: { id: ids.foreignPetition } },
    ]);
  });

  it('loads unit summaries for many units in the same number of statements as for one', async () => {
    // The gateway asks discipline for the summaries of a page of inspection's units in one `_entities` batch
    // (its plan is tested in test/e2e/federation.test.ts); discipline answers any batch in the same statements.
    const codes = [unitCode, ...Array.from({ length: 20 }, randomUnitCode)];
    const cost = async (count: number) => {
      const { result, statements } = await hub.countStatements(() => ok(UnitsAllSummariesDocument, { r: codes.slice(0, count).map(unitRef) }));
      expect(result._entities.map((_, i) => entity(result._entities, i, 'code').code)).toEqual(codes.slice(0, count));
      return statements.discipline;
    };
    const one = await cost(1);
    expect(await cost(21)).toBe(one);
    // The units' clue and case links, the petition, clue, case and sanction summaries together
    // (`countByUnitLinks`), and the one-time id of the gateway's claims.
    expect(one).toBe(1 + 1 + 1);
  });

  it('records accountability over a rectification item, bulletins and a special inspection; funds move the statistics', async () => {
    const item = crypto.randomUUID();
    await seed(hub).rectificationItem({ id: item, unitCode, responsiblePersonId: ids.cadre });
    await refused(
      RecordAccountabilityDecisionDocument,
      { rectificationItemId: item, decidedOn: '2026-05-01', measure: '通报问责', reason: '整改不力' },
      'BAD_USER_INPUT',
      ['input', 'unitCode'],
    );
    await created(RecordAccountabilityDecisionDocument, {
      rectificationItemId: item,
      unitCode,
      personId: ids.cadre,
      decidedOn: '2026-05-01',
      measure: '诫勉谈话',
      reason: '巡察整改不力',
    });
    const decisions = await hub.query(
      RectificationItemAccountabilityDocument,
      { r: [{ __typename: 'RectificationItem', id: item }] },
      { as: { role: 'inspection_officer', staffId: 'x' }, purpose: null },
    );
    expect(entity(decisions.data?._entities, 0, 'accountabilityDecisions').accountabilityDecisions).toEqual([
      { measure: '诫勉谈话', reason: '巡察整改不力', decidedOn: '2026-05-01' },
    ]);

    const conduct = await created(CreateDepartmentDocument, { name: '党风政风监督室', kind: 'CONDUCT_SUPERVISION' });
    const bulletin: IssueBulletinInput = {
      kind: 'FOUR_WINDS_ANALYSIS',
      title: '2026 年第一季度四风问题分析',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      issuedOn: '2026-04-10',
      body: '一季度四风问题分析。',
      recipients: [{ kind: 'INSPECTION_OFFICE' }, { kind: 'ALL_STATIONED_GROUPS' }],
    };
    await refused(
      IssueBulletinDocument,
      { ...bulletin, periodStart: '2026-04-01', periodEnd: '2026-03-01', issuedOn: '2026-07-01' },
      'BAD_USER_INPUT',
      ['input', 'periodEnd'],
      as('conduct_officer', { departmentIds: [conduct] }),
    );
    await created(IssueBulletinDocument, bulletin, as('conduct_officer', { departmentIds: [conduct] }));
    const bulletins = (await ok(BulletinsDocument, { filter: { year: 2026, kind: 'FOUR_WINDS_ANALYSIS' } }, as('inspection_officer'))).bulletins;
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
    expect((await ok(BulletinsDocument, { filter: { year: 2024 } })).bulletins!.totalCount).toBe(0);

    const before = await stats(2026);
    await refused(
      StartSpecialInspectionDocument,
      { theme: '乱发津补贴专项整治', startedOn: '2026-05-10', teams: [{ name: '第一检查组', staffIds: [crypto.randomUUID()] }] },
      'NOT_FOUND',
      ['input', 'teams', '0', 'staffIds', '0'],
      as('conduct_officer'),
    );
    const si = await created(
      StartSpecialInspectionDocument,
      { theme: '乱发津补贴专项整治', startedOn: '2026-05-10', teams: [{ name: '第一检查组', staffIds: [ids.officer, ids.finance] }] },
      as('conduct_officer'),
    );
    await created(
      RecordSpecialInspectionCheckDocument,
      { specialInspectionId: si, unitCode, checkedOn: '2026-05-20', problemsFound: 3, fundsReturned: '15200.50' },
      as('conduct_officer'),
    );
    await refused(
      RecordSpecialInspectionCheckDocument,
      { specialInspectionId: si, teamId: crypto.randomUUID(), unitCode, checkedOn: '2026-05-20', problemsFound: 1, fundsReturned: '1.00' },
      'NOT_FOUND',
      ['input', 'teamId'],
      as('conduct_officer'),
    );
    const list = nodes((await ok(SpecialInspectionsDocument, {})).specialInspections);
    expect(list[0]).toEqual({
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
    const log = (await ok(DisciplineAuditLogDocument, { first: 100, filter: { recordType: 'Case', action: 'UPDATE' } })).disciplineAuditLog!;
    // startInvestigation, startDetention, extendDetention, endDetention, submitCaseForTrial, closeCase, transfer, 2 recoveries (+ the second case's 2 steps).
    expect(log.totalCount).toBe(11);
    // Five clues registered; the many refused registrations left no audit row (their transactions rolled back).
    const refusedWrites = (await ok(DisciplineAuditLogDocument, { first: 100, filter: { recordType: 'Clue', action: 'CREATE' } })).disciplineAuditLog!;
    expect(refusedWrites.totalCount).toBe(5);
  });
});
