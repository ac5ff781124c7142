import { randomUUID } from 'node:crypto';
import type { PageWindow } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitCode } from '../../../test/support/seed.ts';
import { type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import type { Context } from '../src/context.ts';
import {
  findCasePagesByPersonIds,
  findCasePagesByUnitLinks,
  findCasesByIds,
  findSanctionPagesByPersonIds,
  findSanctionPagesByUnitLinks,
  findSanctionsByIds,
  findUnitLinks,
  insertCase,
  insertSanction,
} from '../src/db/cases.ts';
import { insertClue } from '../src/db/clues.ts';
import type { Case, CaseStatus, HandlerKind, Sanction } from '../src/db/database.ts';
import { insertDepartment, insertPerson, insertStaff, insertZone } from '../src/db/reference.ts';
import { createLoaders } from '../src/loaders.ts';
import { caseScopes, sanctionScopes } from '../src/schema/case.ts';

/**
 * Who may read a case or a sanction (`caseScopes`, `sanctionScopes`) is decided from the facts a row
 * of a page carries (its clue's handling body; for a sanction also its case's stage) exactly as from
 * the records looked up by key, which every other row still does: for clues handled by each kind of
 * body, at each stage, and when the clue or the case does not exist.
 */

let hub: SubgraphHarness<'discipline'>;
beforeAll(async () => {
  hub = await startSubgraph('discipline');
});
afterAll(() => hub?.stop());

/** The loaders of one request, as the subgraph makes them. */
const lookingUp = () => ({ loaders: createLoaders(hub.database.db) }) as unknown as Context;

/** Loaders that fail any lookup of a clue or a case: a decision made with them looked nothing up. */
const lookingNothingUp = () => {
  const ctx = lookingUp();
  const refuse = () => {
    throw new Error('looked up');
  };
  ctx.loaders.clueById.load = refuse;
  ctx.loaders.caseById.load = refuse;
  return ctx;
};

/** The row without the facts a page adds: as `caseById` or `sanctionById` would give it. */
function withoutFacts<T extends object>(row: T): T {
  const {
    clueFound: _a,
    clueHandlerDepartmentId: _b,
    clueHandlerZoneId: _c,
    clueHandlerStationedGroupId: _d,
    caseFound: _e,
    caseStatus: _f,
    unitCode: _g,
    ...rest
  } = row as Record<string, unknown>;
  return rest as T;
}

const FIRST_PAGE: PageWindow = { limit: 100, inverted: false };
const STAGES: CaseStatus[] = ['FILED', 'UNDER_INVESTIGATION', 'UNDER_TRIAL', 'CLOSED'];

describe('need-to-know of cases and sanctions from the facts their page carries', () => {
  it('decides as the lookups do for clues handled by a department, a zone and a stationed group, at every stage', async () => {
    const db = hub.database.db;
    const code = randomUnitCode();
    const department = await insertDepartment(db, { name: `范围测试室-${code}`, kind: 'SUPERVISION_OFFICE' });
    const officer = await insertStaff(db, { name: `范围测试承办人-${code.slice(-6)}`, homeBody: 'DISCIPLINE', departmentId: department.id });
    const zone = await insertZone(db, { name: `范围测试协作区-${code}`, leaderStaffId: null, memberStaffIds: [], townships: [] });
    const groupId = randomUUID();
    const person = await insertPerson(db, { name: `范围测试干部-${code.slice(-6)}`, unitCode: code, post: '科长', rankLevel: 'SECTION', partyMember: false });
    const handlers: Record<HandlerKind, { handlerDepartmentId: string | null; handlerZoneId: string | null; handlerStationedGroupId: string | null }> = {
      DEPARTMENT: { handlerDepartmentId: department.id, handlerZoneId: null, handlerStationedGroupId: null },
      ZONE: { handlerDepartmentId: null, handlerZoneId: zone.id, handlerStationedGroupId: null },
      STATIONED_GROUP: { handlerDepartmentId: null, handlerZoneId: null, handlerStationedGroupId: groupId },
    };
    const expected = new Map<string, object>();
    let day = 1;
    for (const kind of ['DEPARTMENT', 'ZONE', 'STATIONED_GROUP'] as const) {
      for (const status of STAGES) {
        const on = `2024-03-${String(day++).padStart(2, '0')}`;
        const clue = await insertClue(
          db,
          {
            source: 'OTHER',
            petitionId: null,
            clueTransferId: null,
            sourceReference: null,
            subjectUnitCode: code,
            summary: '范围测试',
            receivedOn: on,
            priority: false,
            handlerKind: kind,
            ...handlers[kind],
            escalationReason: null,
            escalatedOn: null,
            disposalMethod: 'PRELIMINARY_VERIFICATION',
            disposedOn: on,
            disposedByStaffId: officer.id,
            resultReport: null,
            resultReportedOn: null,
          },
          [person.id],
        );
        const atTrial = status === 'UNDER_TRIAL' || status === 'CLOSED';
        const filed = await insertCase(db, {
          clueId: clue.id,
          personId: person.id,
          filedOn: on,
          status,
          investigationStartedOn: status === 'FILED' ? null : on,
          trialStartedOn: atTrial ? on : null,
          closedOn: status === 'CLOSED' ? on : null,
          transferredToProcuratorateOn: null,
        });
        await insertSanction(db, { caseId: filed.id, personId: person.id, type: 'PARTY_WARNING', decidedOn: on, fourForm: 2 });
        // The scopes written out: leaders, case management, the trial office from trial on, and the handling body.
        const body = kind === 'DEPARTMENT' ? { department: department.id } : kind === 'ZONE' ? { zone: zone.id } : { stationedGroup: groupId };
        expected.set(filed.id, { role: ['leader', 'case_manager', ...(atTrial ? ['trial_officer'] : [])], ...body });
      }
    }

    const links = (await findUnitLinks(db, [code])).filter((link) => link.kind === 'case').map(({ id, unitCode }) => ({ id, unitCode }));
    const casePages = [...(await findCasePagesByUnitLinks(db, links, FIRST_PAGE)), ...(await findCasePagesByPersonIds(db, [person.id], FIRST_PAGE))];
    const sanctionPages = [
      ...(await findSanctionPagesByUnitLinks(db, links, FIRST_PAGE)),
      ...(await findSanctionPagesByPersonIds(db, [person.id], FIRST_PAGE)),
    ];
    expect(casePages).toHaveLength(24);
    expect(sanctionPages).toHaveLength(24);

    for (const row of casePages) {
      const fromFacts = await caseScopes(row, lookingNothingUp());
      const [byId] = await findCasesByIds(db, [row.id]);
      const fromLookup = await caseScopes(byId!, lookingUp());
      expect(fromFacts).toEqual(fromLookup);
      expect(fromFacts).toEqual(expected.get(row.id));
      // The same row without its facts falls back to the lookup.
      expect(await caseScopes(withoutFacts(row), lookingUp())).toEqual(fromLookup);
      await expect(caseScopes(withoutFacts(row), lookingNothingUp())).rejects.toThrow('looked up');
    }
    for (const row of sanctionPages) {
      const fromFacts = await sanctionScopes(row, lookingNothingUp());
      const [byId] = await findSanctionsByIds(db, [row.id]);
      const fromLookup = await sanctionScopes(byId!, lookingUp());
      expect(fromFacts).toEqual(fromLookup);
      expect(fromFacts).toEqual(expected.get(row.caseId));
      expect(await sanctionScopes(withoutFacts(row), lookingUp())).toEqual(fromLookup);
      await expect(sanctionScopes(withoutFacts(row), lookingNothingUp())).rejects.toThrow('looked up');
    }
  });

  it('without the clue or the case: leaders and case management only (and the trial office from trial on, for a case), both ways', async () => {
    const noClue = { clueFound: false, clueHandlerDepartmentId: null, clueHandlerZoneId: null, clueHandlerStationedGroupId: null };
    for (const status of STAGES) {
      const atTrial = status === 'UNDER_TRIAL' || status === 'CLOSED';
      const expected = { role: ['leader', 'case_manager', ...(atTrial ? ['trial_officer'] : [])] };
      // A case whose clue does not exist: from the facts, and looked up (the clue is not found).
      const kase = { id: randomUUID(), clueId: randomUUID(), personId: randomUUID(), status, filedOn: '2024-01-01' } as Case;
      expect(await caseScopes({ ...kase, ...noClue }, lookingNothingUp())).toEqual(expected);
      expect(await caseScopes(kase, lookingUp())).toEqual(expected);
      // A sanction whose case exists but whose case's clue does not.
      const sanction = { id: randomUUID(), caseId: kase.id, personId: kase.personId, type: 'PARTY_WARNING', decidedOn: '2024-02-01', fourForm: 2 } as Sanction;
      expect(await sanctionScopes({ ...sanction, caseFound: true, caseStatus: status, ...noClue } as Sanction, lookingNothingUp())).toEqual(expected);
      const ctx = lookingUp();
      ctx.loaders.caseById.load = async (id: string) => (id === kase.id ? kase : null);
      expect(await sanctionScopes(sanction, ctx)).toEqual(expected);
    }
    // A sanction whose case does not exist: leaders and case management, both ways.
    const orphan = { id: randomUUID(), caseId: randomUUID(), personId: randomUUID(), type: 'PARTY_WARNING', decidedOn: '2024-02-01', fourForm: 2 } as Sanction;
    const leadersOnly = { role: ['leader', 'case_manager'] };
    expect(await sanctionScopes({ ...orphan, caseFound: false, caseStatus: null, ...noClue } as Sanction, lookingNothingUp())).toEqual(leadersOnly);
    expect(await sanctionScopes(orphan, lookingUp())).toEqual(leadersOnly);
  });
});
