import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, freshDatabases, type Hub, startHub } from '../support/hub.ts';

/**
 * Corrections with history, one row per record type: find a record of the demo district, amend a
 * descriptive field (the old value stays in `revisions`), void it with a reason (it stays readable,
 * marked voided), and check that a role that may not write it is refused.
 */
interface CorrectionCase {
  type: string;
  /** A query whose first `target` field is the id of the record to correct. */
  find: string;
  /** Field to amend and its new value (null: a day in the past; none: the record is only voided). */
  field?: string;
  value?: unknown;
  /** Payload field holding the record. */
  payload: string;
  /** A query reading the record by `$id` after the void, when the finding list may no longer hold it. */
  read?: string;
  /** The owning subgraph's audit log query. */
  audit: 'disciplineAuditLog' | 'inspectionAuditLog' | 'stationedAuditLog';
  /** A caller who may read but not write the record (refused), if any. */
  refused?: Caller;
}

const otherGroup: Caller = { role: 'stationed_officer', scopes: { stationedGroupIds: ['00000000-0000-4000-8000-0000000000aa'] } };
const list = (field: string, inner = 'target: id') => `{ ${field}(first: 100) { edges { node { ${inner} } } } }`;

export const CORRECTION_CASES: CorrectionCase[] = [
  {
    type: 'Petition',
    find: list('petitions'),
    field: 'summary',
    value: '更正后的摘要',
    payload: 'petition',
    audit: 'disciplineAuditLog',
    refused: { role: 'case_manager' },
  },
  {
    type: 'Clue',
    find: list('clues'),
    field: 'summary',
    value: '更正后的线索摘要',
    payload: 'clue',
    audit: 'disciplineAuditLog',
    refused: { role: 'case_officer' },
  },
  {
    type: 'Case',
    find: list('cases'),
    read: 'query($id: ID!) { case(id: $id) { target: id voided } }',
    field: 'filedOn',
    value: '2020-01-02',
    payload: 'case',
    audit: 'disciplineAuditLog',
    refused: { role: 'trial_officer' },
  },
  // The 2021 sanction of the story: decided 2021-03-15 after its trial, announced 2021-03-26; the decision may move between the two.
  {
    type: 'Sanction',
    find: `{ sanctions(first: 1, filter: { decidedFrom: "2021-01-01" }) { edges { node { target: id } } } }`,
    field: 'decidedOn',
    value: '2021-03-20',
    payload: 'sanction',
    audit: 'disciplineAuditLog',
    refused: { role: 'case_officer' },
  },
  {
    type: 'AccountabilityDecision',
    find: list('accountabilityDecisions'),
    field: 'measure',
    value: '诫勉谈话（更正）',
    payload: 'decision',
    audit: 'disciplineAuditLog',
    refused: { role: 'inspection_officer' },
  },
  { type: 'Bulletin', find: list('bulletins'), field: 'title', value: '更正后的通报标题', payload: 'bulletin', audit: 'disciplineAuditLog' },
  {
    type: 'SpecialInspection',
    find: list('specialInspections'),
    field: 'theme',
    value: '更正后的专项检查主题',
    payload: 'specialInspection',
    audit: 'disciplineAuditLog',
  },
  {
    type: 'SpecialInspectionCheck',
    find: list('specialInspections', 'checks { target: id }'),
    field: 'problemsFound',
    value: 99,
    payload: 'check',
    audit: 'disciplineAuditLog',
  },
  {
    type: 'InspectionRound',
    find: list('inspectionRounds'),
    field: 'theme',
    value: '更正后的巡察主题',
    payload: 'round',
    audit: 'inspectionAuditLog',
    refused: { role: 'case_manager' },
  },
  {
    type: 'InspectionTeam',
    find: list('inspectionRounds', 'teams { target: id }'),
    field: 'name',
    value: '第九巡察组（更正）',
    payload: 'team',
    audit: 'inspectionAuditLog',
    refused: { role: 'conduct_officer' },
  },
  { type: 'Inspection', find: list('inspections'), payload: 'inspection', audit: 'inspectionAuditLog', refused: { role: 'petition_officer' } },
  {
    type: 'Briefing',
    find: list('inspections', 'briefings { target: id }'),
    field: 'content',
    value: '更正后的通报内容',
    payload: 'briefing',
    audit: 'inspectionAuditLog',
  },
  {
    type: 'Finding',
    find: list('inspectionFindings'),
    field: 'description',
    value: '更正后的问题描述',
    payload: 'finding',
    audit: 'inspectionAuditLog',
    refused: { role: 'case_manager' },
  },
  {
    type: 'Consultation',
    find: list('inspectionFindings', 'consultations { target: id }'),
    field: 'question',
    value: '更正后的会商议题',
    payload: 'consultation',
    audit: 'inspectionAuditLog',
  },
  { type: 'ClueTransfer', find: list('clueTransfers'), payload: 'transfer', audit: 'inspectionAuditLog', refused: { role: 'case_manager' } },
  { type: 'FeedbackMeeting', find: list('inspections', 'feedbackMeeting { target: id }'), payload: 'meeting', audit: 'inspectionAuditLog' },
  {
    type: 'RectificationPlan',
    find: list('inspections', 'rectificationPlan { target: id }'),
    field: 'summary',
    value: '更正后的整改方案概要',
    payload: 'plan',
    audit: 'inspectionAuditLog',
  },
  {
    type: 'RectificationItem',
    find: list('rectificationItems'),
    field: 'description',
    value: '更正后的整改内容',
    payload: 'item',
    audit: 'inspectionAuditLog',
  },
  {
    type: 'RectificationProgress',
    find: list('rectificationItems', 'progress { target: id }'),
    field: 'note',
    value: '更正后的进展说明',
    payload: 'progress',
    audit: 'inspectionAuditLog',
  },
  {
    type: 'StationedGroup',
    find: list('stationedGroups'),
    field: 'name',
    value: '派驻第九纪检组（更名）',
    payload: 'group',
    audit: 'stationedAuditLog',
    refused: otherGroup,
  },
  {
    type: 'SupervisionActivity',
    find: list('supervisionActivities'),
    field: 'notes',
    value: '更正后的情况记录',
    payload: 'activity',
    audit: 'stationedAuditLog',
    refused: otherGroup,
  },
  {
    type: 'SupervisionIssue',
    find: list('supervisionIssues'),
    field: 'description',
    value: '更正后的问题描述',
    payload: 'issue',
    audit: 'stationedAuditLog',
    refused: otherGroup,
  },
  {
    type: 'Escalation',
    find: list('escalations'),
    field: 'reason',
    value: '更正后的移交理由',
    payload: 'escalation',
    audit: 'stationedAuditLog',
    refused: otherGroup,
  },
  {
    type: 'IntegrityFileEntry',
    find: list('persons', 'integrityFile(first: 3) { edges { node { target: id } } }'),
    field: 'summary',
    value: '更正后的档案摘要',
    payload: 'entry',
    audit: 'stationedAuditLog',
    refused: otherGroup,
  },
  {
    type: 'StaffAssignment',
    find: list('staffAssignments'),
    field: 'note',
    value: '更正后的备注',
    payload: 'assignment',
    audit: 'stationedAuditLog',
    refused: { role: 'stationed_officer' },
  },
];

/** A value other than `value`, of the same kind. */
function anotherValue(value: unknown): unknown {
  if (typeof value === 'number') return value - 1;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return value.endsWith('-01') ? value.replace(/-01$/, '-03') : value.replace(/-\d{2}$/, '-01');
  return `${String(value)}（二）`;
}

function firstTarget(data: unknown): string | undefined {
  if (data == null || typeof data !== 'object') return undefined;
  if ('target' in data && typeof (data as { target: unknown }).target === 'string') return (data as { target: string }).target;
  for (const value of Object.values(data)) {
    const found = firstTarget(value);
    if (found) return found;
  }
  return undefined;
}

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
});
afterAll(async () => {
  await hub?.stop();
});

describe.each(CORRECTION_CASES)('$type', (c) => {
  it('is amended with its old value kept as history, then voided with a reason and stays readable, marked voided', async () => {
    const found = await hub.query(c.find, {}, { as: { role: 'leader' }, purpose: '更正测试' });
    expect(found.errors, JSON.stringify(found.errors)).toBeUndefined();
    const id = firstTarget(found.data);
    expect(id, `a ${c.type} in the demo district`).toBeDefined();
    const selection = `${c.payload} { id voided voidReason revisions { number kind staffId reason changes { field before after } } } errors { code field message }`;
    const corrector = { role: 'leader' as const, staffId: 'c0ffee00-0000-4000-8000-000000000001' };
    let kinds = ['VOID'];

    if (c.field) {
      const value = c.value === null ? '2021-06-30' : c.value;
      const amended = await hub.query(
        `mutation($input: Amend${c.type}Input!) { amend${c.type}(input: $input) { ${selection} } }`,
        { input: { id, correctionReason: '笔误更正', [c.field]: value } },
        { as: corrector },
      );
      expect(amended.errors, JSON.stringify(amended.errors)).toBeUndefined();
      const afterAmend = amended.data[`amend${c.type}`];
      expect(afterAmend.errors).toEqual([]);
      const record = afterAmend[c.payload];
      expect(record.voided).toBe(false);
      expect(record.revisions).toHaveLength(1);
      expect(record.revisions[0]).toMatchObject({ number: 1, kind: 'AMEND', staffId: corrector.staffId, reason: '笔误更正' });
      expect(record.revisions[0].changes).toHaveLength(1);
      expect(record.revisions[0].changes[0].field).toBe(c.field);
      expect(record.revisions[0].changes[0].after).toBe(String(value));
      expect(record.revisions[0].changes[0].before).not.toBe(String(value));
      // The same value again changes nothing and is refused.
      const again = await hub.query(`mutation($input: Amend${c.type}Input!) { amend${c.type}(input: $input) { errors { code field } } }`, {
        input: { id, [c.field]: value },
      });
      expect(again.data[`amend${c.type}`].errors).toEqual([{ code: 'BAD_USER_INPUT', field: ['input'] }]);
      kinds = ['AMEND', 'VOID'];
    }

    if (c.refused) {
      const refused = await hub.query(
        `mutation($input: VoidRecordInput!) { void${c.type}(input: $input) { errors { code } } }`,
        { input: { id, reason: '无权作废' } },
        { as: c.refused },
      );
      expect(refused.errors?.[0]?.extensions?.code, JSON.stringify(refused)).toBe('FORBIDDEN');
    }

    const noReason = await hub.query(`mutation($input: VoidRecordInput!) { void${c.type}(input: $input) { errors { code field } } }`, {
      input: { id, reason: '  ' },
    });
    expect(noReason.data[`void${c.type}`].errors).toEqual([{ code: 'BAD_USER_INPUT', field: ['input', 'reason'] }]);

    const voided = await hub.query(
      `mutation($input: VoidRecordInput!) { void${c.type}(input: $input) { ${selection} } }`,
      { input: { id, reason: '重复登记' } },
      { as: corrector },
    );
    expect(voided.errors, JSON.stringify(voided.errors)).toBeUndefined();
    const afterVoid = voided.data[`void${c.type}`][c.payload];
    expect(afterVoid).toMatchObject({ id, voided: true, voidReason: '重复登记' });
    expect(afterVoid.revisions.map((r: { kind: string }) => r.kind)).toEqual(kinds);

    // Still listed where it was, marked voided; no second void, no amendment of a voided record.
    const listed = await hub.query(c.read ?? c.find.replace('target: id', 'target: id voided'), c.read ? { id } : {}, { as: { role: 'leader' } });
    expect(JSON.stringify(listed.data)).toContain(`"target":"${id}","voided":true`);
    const twice = await hub.query(`mutation($input: VoidRecordInput!) { void${c.type}(input: $input) { errors { code } } }`, {
      input: { id, reason: '再次作废' },
    });
    expect(twice.data[`void${c.type}`].errors).toEqual([{ code: 'INVALID_TRANSITION' }]);
    if (c.field) {
      const late = await hub.query(`mutation($input: Amend${c.type}Input!) { amend${c.type}(input: $input) { errors { code } } }`, {
        input: { id, [c.field]: anotherValue(c.value === null ? '2021-06-30' : c.value) },
      });
      expect(late.data[`amend${c.type}`].errors).toEqual([{ code: 'INVALID_TRANSITION' }]);
    }

    // Every correction is audited in the owning subgraph.
    const audit = await hub.query(`query($id: String!) { ${c.audit}(filter: { recordId: $id, action: UPDATE }) { totalCount } }`, { id });
    expect(audit.errors).toBeUndefined();
    expect(audit.data[c.audit].totalCount).toBe(kinds.length);
  });
});
