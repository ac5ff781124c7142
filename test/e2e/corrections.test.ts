import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';

/**
 * Corrections with history, one row per record type: find a record of the demo district, amend a
 * descriptive field (the old value stays in `revisions`), void it with a reason (it stays readable,
 * marked voided), and check that a role that may not write it is refused.
 */
interface CorrectionCase {
  type: string;
  /** A query whose first `id` found is the record to correct. */
  find: string;
  /** Field to amend and its new value. */
  field: string;
  value: unknown;
  /** Payload field holding the record. */
  payload: string;
  /** A role that may read but not write the record (refused), if any. */
  refusedRole?: string;
}

const CASES: CorrectionCase[] = [
  { type: 'Petition', find: '{ petitions(first: 1) { edges { node { id } } } }', field: 'summary', value: '更正后的摘要', payload: 'petition', refusedRole: 'case_manager' },
  { type: 'Clue', find: '{ clues(first: 1) { edges { node { id } } } }', field: 'summary', value: '更正后的线索摘要', payload: 'clue', refusedRole: 'case_officer' },
  { type: 'Case', find: '{ cases(first: 1) { edges { node { id } } } }', field: 'filedOn', value: '2020-01-02', payload: 'case', refusedRole: 'trial_officer' },
  { type: 'Sanction', find: '{ sanctions(first: 1) { edges { node { id } } } }', field: 'decidedOn', value: null, payload: 'sanction', refusedRole: 'case_officer' },
  { type: 'AccountabilityDecision', find: '{ accountabilityDecisions(first: 1) { edges { node { id } } } }', field: 'measure', value: '诫勉谈话（更正）', payload: 'decision', refusedRole: 'inspection_officer' },
  { type: 'Bulletin', find: '{ bulletins(first: 1) { edges { node { id } } } }', field: 'title', value: '更正后的通报标题', payload: 'bulletin' },
  { type: 'SpecialInspection', find: '{ specialInspections(first: 1) { edges { node { id } } } }', field: 'theme', value: '更正后的专项检查主题', payload: 'specialInspection' },
  { type: 'SpecialInspectionCheck', find: '{ specialInspections(first: 1) { edges { node { checks { id } } } } }', field: 'problemsFound', value: 99, payload: 'check' },
];

function firstId(data: unknown): string | undefined {
  if (data == null || typeof data !== 'object') return undefined;
  if ('id' in data && typeof (data as { id: unknown }).id === 'string') return (data as { id: string }).id;
  for (const value of Object.values(data)) {
    const found = firstId(value);
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

describe.each(CASES)('$type', (c) => {
  it('is amended with its old value kept as history, then voided with a reason and stays readable', async () => {
    const found = await hub.query(c.find, {}, { as: { role: 'leader' }, purpose: '更正测试' });
    expect(found.errors, JSON.stringify(found.errors)).toBeUndefined();
    const id = firstId(found.data);
    expect(id, `a ${c.type} in the demo district`).toBeDefined();
    const selection = `${c.payload} { id voided voidReason revisions { number kind staffId reason changes { field before after } } } errors { code field message }`;

    // A date amendment picks a day different from the record's own (both in the past).
    let value = c.value;
    if (value === null) value = '2021-06-30';
    const amended = await hub.query(
      `mutation($input: Amend${c.type}Input!) { amend${c.type}(input: $input) { ${selection} } }`,
      { input: { id, reason: '笔误更正', [c.field]: value } },
      { as: { role: 'leader', staffId: 'c0ffee00-0000-4000-8000-000000000001' } },
    );
    expect(amended.errors, JSON.stringify(amended.errors)).toBeUndefined();
    const afterAmend = amended.data[`amend${c.type}`];
    expect(afterAmend.errors).toEqual([]);
    const record = afterAmend[c.payload];
    expect(record.voided).toBe(false);
    expect(record.revisions).toHaveLength(1);
    const [revision] = record.revisions;
    expect(revision).toMatchObject({ number: 1, kind: 'AMEND', staffId: 'c0ffee00-0000-4000-8000-000000000001', reason: '笔误更正' });
    expect(revision.changes).toHaveLength(1);
    expect(revision.changes[0].field).toBe(c.field);
    expect(revision.changes[0].after).toBe(String(value));
    expect(revision.changes[0].before).not.toBe(String(value));

    // The same value again changes nothing and is refused.
    const again = await hub.query(`mutation($input: Amend${c.type}Input!) { amend${c.type}(input: $input) { errors { code field } } }`, { input: { id, [c.field]: value } });
    expect(again.data[`amend${c.type}`].errors).toEqual([{ code: 'INVALID', field: ['input'] }]);

    if (c.refusedRole) {
      const refused = await hub.query(`mutation($input: VoidRecordInput!) { void${c.type}(input: $input) { errors { code } } }`, { input: { id, reason: '无权作废' } }, { as: { role: c.refusedRole as never } });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }

    const noReason = await hub.query(`mutation($input: VoidRecordInput!) { void${c.type}(input: $input) { errors { code field } } }`, { input: { id, reason: '  ' } });
    expect(noReason.data[`void${c.type}`].errors).toEqual([{ code: 'INVALID', field: ['input', 'reason'] }]);

    const voided = await hub.query(`mutation($input: VoidRecordInput!) { void${c.type}(input: $input) { ${selection} } }`, { input: { id, reason: '重复登记' } });
    expect(voided.errors, JSON.stringify(voided.errors)).toBeUndefined();
    const afterVoid = voided.data[`void${c.type}`][c.payload];
    expect(afterVoid).toMatchObject({ id, voided: true, voidReason: '重复登记' });
    expect(afterVoid.revisions.map((r: { kind: string }) => r.kind)).toEqual(['AMEND', 'VOID']);

    // Still listed, marked voided; no second void, no amendment of a voided record.
    const listed = await hub.query(c.find.replace('first: 1', 'first: 100').replace('{ id }', '{ id voided }').replace('checks { id }', 'checks { id voided }'), {}, { as: { role: 'leader' } });
    expect(JSON.stringify(listed.data)).toContain(`"id":"${id}","voided":true`);
    const twice = await hub.query(`mutation($input: VoidRecordInput!) { void${c.type}(input: $input) { errors { code } } }`, { input: { id, reason: '再次作废' } });
    expect(twice.data[`void${c.type}`].errors).toEqual([{ code: 'INVALID_TRANSITION' }]);
    const late = await hub.query(`mutation($input: Amend${c.type}Input!) { amend${c.type}(input: $input) { errors { code } } }`, { input: { id, [c.field]: value === 99 ? 98 : value } });
    expect(late.data[`amend${c.type}`].errors).toEqual([{ code: 'INVALID_TRANSITION' }]);

    // Both corrections are audited.
    const audit = await hub.query(`query($id: String!) { disciplineAuditLog(filter: { recordId: $id, action: UPDATE }) { totalCount } }`, { id });
    expect(audit.data?.disciplineAuditLog.totalCount ?? 0).toBeGreaterThanOrEqual(2);
  });
});
