import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitCode } from '../../../test/support/seed.ts';
import { createGroup, mutateOk } from '../../../test/support/seed-stationed.ts';
import { type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { AddRectificationSupervisionNoteDocument, RectificationItemNotesDocument } from './operations/generated.ts';

describe('rectification supervision notes (RectificationItem)', () => {
  let hub: SubgraphHarness<'stationed'>;
  const [u1, u2] = [randomUnitCode(), randomUnitCode()];
  const [item1, item2] = [crypto.randomUUID(), crypto.randomUUID()];
  let groupA: string;
  let groupB: string;
  const officerOf = (groupId: string) => ({ as: { role: 'stationed_officer' as const, scopes: { stationedGroupIds: [groupId] } } });

  beforeAll(async () => {
    hub = await startSubgraph('stationed');
    hub.references.unit(u1);
    hub.references.unit(u2);
    // The items are inspection's records, of the units the groups oversee (as inspection's lookup answers them).
    hub.references.add('rectificationItem', { id: item1, unitCode: u1, status: 'PENDING' }, { id: item2, unitCode: u2, status: 'PENDING' });
    groupA = await createGroup(hub, { name: '派驻第七纪检组', startOn: '2022-01-01', unitCodes: [u1] });
    groupB = await createGroup(hub, { name: '派驻第八纪检组', startOn: '2022-01-01', unitCodes: [u2] });
    await mutateOk(
      hub,
      'addRectificationSupervisionNote',
      AddRectificationSupervisionNoteDocument,
      { input: { rectificationItemId: item1, groupId: groupA, unitCode: u1, notedOn: '2024-09-01', note: '督促制定公车管理制度，尚未印发' } },
      officerOf(groupA),
    );
    await mutateOk(
      hub,
      'addRectificationSupervisionNote',
      AddRectificationSupervisionNoteDocument,
      { input: { rectificationItemId: item1, groupId: groupA, unitCode: u1, notedOn: '2024-10-15', note: '制度已印发，跟踪执行' } },
      officerOf(groupA),
    );
    await mutateOk(
      hub,
      'addRectificationSupervisionNote',
      AddRectificationSupervisionNoteDocument,
      { input: { rectificationItemId: item2, groupId: groupB, unitCode: u2, notedOn: '2024-09-03', note: '整改台账不完整' } },
      officerOf(groupB),
    );
  });
  afterAll(() => hub?.stop());

  it("adds the overseeing group's notes to inspection's rectification items, batched", async () => {
    const { result: asInspector, statements } = await hub.countStatements(() =>
      hub.query(
        RectificationItemNotesDocument,
        {
          r: [
            { __typename: 'RectificationItem', id: item1 },
            { __typename: 'RectificationItem', id: item2 },
            { __typename: 'RectificationItem', id: 'no-notes' },
          ],
        },
        { as: { role: 'inspection_officer' } },
      ),
    );
    expect(asInspector.errors).toBeUndefined();
    expect(asInspector.data?._entities).toEqual([
      {
        id: item1,
        supervisionNotes: [
          { notedOn: '2024-09-01', note: '督促制定公车管理制度，尚未印发', group: { name: '派驻第七纪检组' }, unit: { code: u1 } },
          { notedOn: '2024-10-15', note: '制度已印发，跟踪执行', group: { name: '派驻第七纪检组' }, unit: { code: u1 } },
        ],
      },
      { id: item2, supervisionNotes: [{ notedOn: '2024-09-03', note: '整改台账不完整', group: { name: '派驻第八纪检组' }, unit: { code: u2 } }] },
      { id: 'no-notes', supervisionNotes: [] },
    ]);
    // notes, overseeing groups (need-to-know), group names: one statement each for three items; and
    // the one-time id of the gateway's claims.
    expect(statements.stationed).toBe(3 + 1);
  });

  it("shows a group only its own units' notes and refuses roles without need to know", async () => {
    const asA = await hub.query(
      RectificationItemNotesDocument,
      {
        r: [
          { __typename: 'RectificationItem', id: item1 },
          { __typename: 'RectificationItem', id: item2 },
        ],
      },
      officerOf(groupA),
    );
    expect(asA.data?._entities.map((item) => (item && 'supervisionNotes' in item ? item.supervisionNotes?.length : null))).toEqual([2, 0]);
    expect(JSON.stringify(asA)).not.toContain('台账');
    for (const role of ['analyst', 'petition_officer'] as const) {
      const refused = await hub.query(RectificationItemNotesDocument, { r: [{ __typename: 'RectificationItem', id: item1 }] }, { as: { role } });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a note on a unit the group does not oversee', async () => {
    const response = await hub.query(
      AddRectificationSupervisionNoteDocument,
      { input: { rectificationItemId: item2, groupId: groupA, unitCode: u2, notedOn: '2024-09-05', note: '越界记录' } },
      officerOf(groupA),
    );
    expect(response.data?.addRectificationSupervisionNote).toEqual({ note: null, errors: [{ code: 'BAD_USER_INPUT', field: ['input', 'unitCode'] }] });
    const forOther = await hub.query(
      AddRectificationSupervisionNoteDocument,
      { input: { rectificationItemId: item2, groupId: groupB, unitCode: u2, notedOn: '2024-09-05', note: '越权' } },
      officerOf(groupA),
    );
    expect(forOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
