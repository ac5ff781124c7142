import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Role, ViewerScopes } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DirectQueryOptions, type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { calendarWatch } from '../src/calendar.ts';
import { insertPetition } from '../src/db/petitions.ts';
import {
  CalendarStatusDocument,
  ForwardPetitionDocument,
  LoadCalendarYearDocument,
  PetitionDeadlinesDocument,
  RegisterPetitionDocument,
  WhatIsDueDocument,
} from './operations/generated.ts';

/**
 * Petition deadlines on the official calendar, on discipline alone: holiday runs, a year whose notice
 * is not loaded (provisional until a leader loads it), what is due, and the calendar warning.
 */

let hub: SubgraphHarness<'discipline'>;
const as = (role: Role, scopes?: Partial<ViewerScopes>): DirectQueryOptions => ({ as: { role, scopes }, purpose: '期限检查' });

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

const petition = async (id: string) => (await ok(PetitionDeadlinesDocument, { id })).petition!;
const due = async (asOf: string, n: number, caller?: DirectQueryOptions) => (await ok(WhatIsDueDocument, { asOf, n }, caller)).whatIsDue!;

const ids: Record<string, string> = {};

async function register(receivedOn: string): Promise<string> {
  const data = await ok(
    RegisterPetitionDocument,
    {
      input: { receivedOn, channel: 'LETTER', category: 'INTEGRITY', named: true, reporter: { name: '实名人' }, summary: '反映问题', outOfJurisdiction: true },
    },
    as('petition_officer'),
  );
  expect(data.registerPetition!.errors).toEqual([]);
  return data.registerPetition!.record!.id;
}

beforeAll(async () => {
  hub = await startSubgraph('discipline');
});
afterAll(() => hub?.stop());

describe('petition deadlines on the official calendar', () => {
  it('counts across 国庆 2019 and 春节 2021 with their make-up days', async () => {
    ids.national = await register('2019-09-27');
    ids.spring = await register('2021-02-09');
    const national = await petition(ids.national);
    expect(national).toMatchObject({ forwardDeadline: '2019-10-10', acknowledgementDeadline: '2019-10-23', overdue: true });
    expect(national.deadlines).toEqual([
      { rule: 'PETITION_FORWARD', dueOn: '2019-10-10', provisional: false, provisionalReason: null, source: expect.stringContaining('第十五条') },
      { rule: 'PETITION_ACKNOWLEDGE', dueOn: '2019-10-23', provisional: false, provisionalReason: null, source: expect.stringContaining('检举控告工作规则') },
    ]);
    const spring = await petition(ids.spring);
    expect(spring).toMatchObject({ forwardDeadline: '2021-02-22', acknowledgementDeadline: '2021-03-08' });
  });

  it('a 2027 petition is provisional until a leader loads the 2027 notice, then final', async () => {
    // Registration refuses a date after today, so the 2027 record is written through the repository.
    const row = await insertPetition(hub.database.db, {
      receivedOn: '2027-01-15',
      channel: 'ONLINE',
      category: 'FORMALISM',
      named: true,
      subjectUnitCode: null,
      summary: '反映问题',
      outOfJurisdiction: true,
    });
    ids.future = row.id;
    const before = await petition(ids.future);
    expect(before).toMatchObject({ forwardDeadline: '2027-01-22', acknowledgementDeadline: '2027-02-05' });
    for (const d of before.deadlines) {
      expect(d.provisional).toBe(true);
      expect(d.provisionalReason).toMatch(/2027.*Monday–Friday/);
    }

    const notice = {
      year: 2027,
      notice: '国办发明电〔2026〕（测试）',
      holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
      makeUpWorkdays: ['2027-01-31', '2027-02-20'],
    };
    const denied = await hub.query(LoadCalendarYearDocument, { input: notice }, as('petition_officer'));
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = (await ok(LoadCalendarYearDocument, { input: { ...notice, holidays: ['2026-12-31'], makeUpWorkdays: ['2027-02-22'] } })).loadCalendarYear!;
    expect(bad.calendarYear).toBeNull();
    expect(bad.errors.map((e) => e.field)).toEqual([
      ['input', 'holidays', '0'],
      ['input', 'makeUpWorkdays', '0'],
    ]);

    const loaded = (await ok(LoadCalendarYearDocument, { input: notice })).loadCalendarYear;
    expect(loaded).toEqual({ calendarYear: { year: 2027, notice: notice.notice, origin: 'LOADED' }, errors: [] });
    const after = await petition(ids.future);
    // 01-31 (Sunday) is worked: the acknowledgement falls a day earlier; nothing is provisional any more.
    expect(after).toMatchObject({ forwardDeadline: '2027-01-22', acknowledgementDeadline: '2027-02-04' });
    expect(after.deadlines.map((d) => d.provisional)).toEqual([false, false]);
    const audit = await hub.database.db.selectFrom('auditLog').select(['action', 'recordId']).where('recordType', '=', 'CalendarYear').execute();
    expect(audit).toEqual([{ action: 'UPDATE', recordId: '2027' }]);
    const status = (await ok(CalendarStatusDocument, { asOf: '2027-01-15' })).calendarStatus!;
    expect(status.lastKnownDay).toBe('2027-12-31');
    expect(status.warning).toBeNull();
    expect(status.years.map((y) => y.year)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(status.years.at(-1)!.origin).toBe('LOADED');
    expect(status.years[0]!.origin).toBe('BUILT_IN');
  });
});

describe('what is due', () => {
  it('lists open petition steps due within N working days, and overdue ones, for the petition office', async () => {
    const soon = await due('2021-02-20', 10, as('petition_officer'));
    expect(soon).toMatchObject({ asOf: '2021-02-20', dueBy: '2021-03-05', dueByProvisional: false, calendarWarning: null });
    const mine = soon.discipline.filter((i) => i.recordId === ids.spring);
    expect(mine).toEqual([
      {
        recordType: 'Petition',
        recordId: ids.spring,
        owner: '信访室',
        owningBody: 'DISCIPLINE',
        overdue: false,
        doneOn: null,
        deadline: { rule: 'PETITION_FORWARD', dueOn: '2021-02-22', provisional: false },
      },
    ]);

    const late = await due('2021-03-09', 0, as('petition_officer'));
    expect(late.dueBy).toBe('2021-03-09');
    expect(late.discipline.filter((i) => i.recordId === ids.spring).map((i) => [i.deadline.rule, i.overdue])).toEqual([
      ['PETITION_FORWARD', true],
      ['PETITION_ACKNOWLEDGE', true],
    ]);
    // The 2019 petition is overdue too; the 2027 one was not received yet.
    expect(late.discipline.some((i) => i.recordId === ids.national)).toBe(true);
    expect(late.discipline.some((i) => i.recordId === ids.future)).toBe(false);

    // Forwarded late: gone from what is due after that day, still overdue on the petition.
    const forward = await ok(
      ForwardPetitionDocument,
      { input: { petitionId: ids.spring!, forwardedOn: '2021-03-10', forwardedTo: '市纪委监委' } },
      as('petition_officer'),
    );
    expect(forward.forwardPetition!.errors).toEqual([]);
    const afterForward = await due('2021-03-10', 0, as('petition_officer'));
    expect(afterForward.discipline.filter((i) => i.recordId === ids.spring).map((i) => i.deadline.rule)).toEqual(['PETITION_ACKNOWLEDGE']);
    const before = await due('2021-03-09', 0, as('petition_officer'));
    expect(before.discipline.filter((i) => i.recordId === ids.spring)).toHaveLength(2);
  });

  it('gives each role only what it may read; analysts nothing', async () => {
    const inspection = await due('2021-03-09', 0, as('inspection_officer', { inspectionTeamIds: [crypto.randomUUID()] }));
    expect(inspection.discipline).toEqual([]);
    const officer = await due('2021-03-09', 0, as('case_officer', { departmentIds: [crypto.randomUUID()] }));
    expect(officer.discipline.filter((i) => i.recordType === 'Petition')).toEqual([]);
    const analyst = await hub.query(WhatIsDueDocument, { asOf: '2021-03-09', n: 0 }, as('analyst'));
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await hub.query(WhatIsDueDocument, { asOf: '2021-03-09', n: 400 }, as('leader'));
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("warns from 60 days before the calendar's last known day, in the answer, /health and the log once a day", async () => {
    // The 2027 notice loaded above moved the last known day to 2027-12-31.
    expect((await due('2027-11-01', 0)).calendarWarning).toEqual({ daysLeft: 60 });
    expect((await due('2027-10-31', 0)).calendarWarning).toBeNull();
    const status = (await ok(CalendarStatusDocument, { asOf: '2027-12-20' })).calendarStatus!;
    expect(status.warning!.daysLeft).toBe(11);
    expect(status.warning!.message).toContain('2028');

    const health = (await (await fetch(new URL('/health', hub.url))).json()) as { workingCalendar: { lastKnownDay: string } };
    expect(health.workingCalendar.lastKnownDay).toBe('2027-12-31');

    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Parameters<typeof calendarWatch>[1];
    let today = '2027-12-01';
    const watch = calendarWatch(hub.database, logger, () => today);
    await watch.check();
    await watch.check();
    expect(warnings).toHaveLength(1);
    today = '2027-12-02';
    await watch.check();
    expect(warnings).toHaveLength(2);
    today = '2027-06-01';
    await watch.check();
    expect(warnings).toHaveLength(2);
  });
});
