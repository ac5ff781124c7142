import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../../../test/support/hub.ts';
import { calendarWatch } from '../src/calendar.ts';
import { insertPetition } from '../src/db/petitions.ts';

/**
 * Petition deadlines on the official calendar, through the gateway: holiday runs, a year whose notice
 * is not loaded (provisional until a leader loads it), what is due, and the calendar warning.
 */

let hub: Hub;
type Caller = Parameters<Hub['query']>[2];
const as = (role: any, scopes?: Record<string, string[]>): Caller => ({ as: { role, scopes }, purpose: '期限检查' });

async function ok(query: string, variables: Record<string, unknown>, caller: Caller = as('leader')) {
  const response = await hub.query(query, variables, caller);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data;
}

const PETITION = `query($id: ID!) { petition(id: $id) { receivedOn forwardDeadline acknowledgementDeadline overdue deadlines { rule dueOn provisional provisionalReason source } } }`;
const REGISTER = `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { petition { id } errors { code field } } }`;
const LOAD = `mutation($input: LoadCalendarYearInput!) { loadCalendarYear(input: $input) { calendarYear { year notice origin } errors { code field message } } }`;
const DUE = `query($asOf: Date, $n: Int) { whatIsDue(asOf: $asOf, withinWorkingDays: $n) { asOf dueBy dueByProvisional calendarWarning { daysLeft }
  discipline { recordType recordId owner owningBody overdue doneOn deadline { rule dueOn provisional } } } }`;

const ids: Record<string, string> = {};

async function register(receivedOn: string): Promise<string> {
  const data = await ok(
    REGISTER,
    {
      input: { receivedOn, channel: 'LETTER', category: 'INTEGRITY', named: true, reporter: { name: '实名人' }, summary: '反映问题', outOfJurisdiction: true },
    },
    as('petition_officer'),
  );
  expect(data.registerPetition.errors).toEqual([]);
  return data.registerPetition.petition.id;
}

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
});
afterAll(() => hub?.stop());

describe('petition deadlines on the official calendar', () => {
  it('counts across 国庆 2019 and 春节 2021 with their make-up days', async () => {
    ids.national = await register('2019-09-27');
    ids.spring = await register('2021-02-09');
    const national = (await ok(PETITION, { id: ids.national })).petition;
    expect(national).toMatchObject({ forwardDeadline: '2019-10-10', acknowledgementDeadline: '2019-10-23', overdue: true });
    expect(national.deadlines).toEqual([
      { rule: 'PETITION_FORWARD', dueOn: '2019-10-10', provisional: false, provisionalReason: null, source: expect.stringContaining('第十五条') },
      { rule: 'PETITION_ACKNOWLEDGE', dueOn: '2019-10-23', provisional: false, provisionalReason: null, source: expect.stringContaining('检举控告工作规则') },
    ]);
    const spring = (await ok(PETITION, { id: ids.spring })).petition;
    expect(spring).toMatchObject({ forwardDeadline: '2021-02-22', acknowledgementDeadline: '2021-03-08' });
  });

  it('a 2027 petition is provisional until a leader loads the 2027 notice, then final', async () => {
    // Registration refuses a date after today, so the 2027 record is written through the repository.
    const row = await insertPetition(hub.discipline.database.db, {
      receivedOn: '2027-01-15',
      channel: 'ONLINE',
      category: 'FORMALISM',
      named: true,
      subjectUnitCode: null,
      summary: '反映问题',
      outOfJurisdiction: true,
    });
    ids.future = row.id;
    const before = (await ok(PETITION, { id: ids.future })).petition;
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
    const denied = await hub.query(LOAD, { input: notice }, as('petition_officer'));
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = (await ok(LOAD, { input: { ...notice, holidays: ['2026-12-31'], makeUpWorkdays: ['2027-02-22'] } })).loadCalendarYear;
    expect(bad.calendarYear).toBeNull();
    expect(bad.errors.map((e: any) => e.field)).toEqual([
      ['input', 'holidays', '0'],
      ['input', 'makeUpWorkdays', '0'],
    ]);

    const loaded = (await ok(LOAD, { input: notice })).loadCalendarYear;
    expect(loaded).toEqual({ calendarYear: { year: 2027, notice: notice.notice, origin: 'LOADED' }, errors: [] });
    const after = (await ok(PETITION, { id: ids.future })).petition;
    // 01-31 (Sunday) is worked: the acknowledgement falls a day earlier; nothing is provisional any more.
    expect(after).toMatchObject({ forwardDeadline: '2027-01-22', acknowledgementDeadline: '2027-02-04' });
    expect(after.deadlines.map((d: any) => d.provisional)).toEqual([false, false]);
    const audit = await hub.discipline.database.db.selectFrom('auditLog').select(['action', 'recordId']).where('recordType', '=', 'CalendarYear').execute();
    expect(audit).toEqual([{ action: 'UPDATE', recordId: '2027' }]);
    const status = (await ok(`{ calendarStatus(asOf: "2027-01-15") { lastKnownDay warning { daysLeft } years { year origin } } }`, {})).calendarStatus;
    expect(status.lastKnownDay).toBe('2027-12-31');
    expect(status.warning).toBeNull();
    expect(status.years.map((y: any) => y.year)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(status.years.at(-1).origin).toBe('LOADED');
    expect(status.years[0].origin).toBe('BUILT_IN');
  });
});

describe('what is due', () => {
  it('lists open petition steps due within N working days, and overdue ones, for the petition office', async () => {
    const soon = (await ok(DUE, { asOf: '2021-02-20', n: 10 }, as('petition_officer'))).whatIsDue;
    expect(soon).toMatchObject({ asOf: '2021-02-20', dueBy: '2021-03-05', dueByProvisional: false, calendarWarning: null });
    const mine = soon.discipline.filter((i: any) => i.recordId === ids.spring);
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

    const late = (await ok(DUE, { asOf: '2021-03-09', n: 0 }, as('petition_officer'))).whatIsDue;
    expect(late.dueBy).toBe('2021-03-09');
    expect(late.discipline.filter((i: any) => i.recordId === ids.spring).map((i: any) => [i.deadline.rule, i.overdue])).toEqual([
      ['PETITION_FORWARD', true],
      ['PETITION_ACKNOWLEDGE', true],
    ]);
    // The 2019 petition is overdue too; the 2027 one was not received yet.
    expect(late.discipline.some((i: any) => i.recordId === ids.national)).toBe(true);
    expect(late.discipline.some((i: any) => i.recordId === ids.future)).toBe(false);

    // Forwarded late: gone from what is due after that day, still overdue on the petition.
    const forward = await ok(
      `mutation { forwardPetition(input: { petitionId: "${ids.spring}", forwardedOn: "2021-03-10", forwardedTo: "市纪委监委" }) { errors { code } } }`,
      {},
      as('petition_officer'),
    );
    expect(forward.forwardPetition.errors).toEqual([]);
    const afterForward = (await ok(DUE, { asOf: '2021-03-10', n: 0 }, as('petition_officer'))).whatIsDue;
    expect(afterForward.discipline.filter((i: any) => i.recordId === ids.spring).map((i: any) => i.deadline.rule)).toEqual(['PETITION_ACKNOWLEDGE']);
    const before = (await ok(DUE, { asOf: '2021-03-09', n: 0 }, as('petition_officer'))).whatIsDue;
    expect(before.discipline.filter((i: any) => i.recordId === ids.spring)).toHaveLength(2);
  });

  it('gives each role only what it may read; analysts nothing', async () => {
    const inspection = (await ok(DUE, { asOf: '2021-03-09', n: 0 }, as('inspection_officer', { inspectionTeamIds: [crypto.randomUUID()] }))).whatIsDue;
    expect(inspection.discipline).toEqual([]);
    const officer = (await ok(DUE, { asOf: '2021-03-09', n: 0 }, as('case_officer', { departmentIds: [crypto.randomUUID()] }))).whatIsDue;
    expect(officer.discipline.filter((i: any) => i.recordType === 'Petition')).toEqual([]);
    const analyst = await hub.query(DUE, { asOf: '2021-03-09', n: 0 }, as('analyst'));
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await hub.query(DUE, { asOf: '2021-03-09', n: 400 }, as('leader'));
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("warns from 60 days before the calendar's last known day, in the answer, /health and the log once a day", async () => {
    // The 2027 notice loaded above moved the last known day to 2027-12-31.
    expect((await ok(DUE, { asOf: '2027-11-01', n: 0 })).whatIsDue.calendarWarning).toEqual({ daysLeft: 60 });
    expect((await ok(DUE, { asOf: '2027-10-31', n: 0 })).whatIsDue.calendarWarning).toBeNull();
    const status = (await ok(`{ calendarStatus(asOf: "2027-12-20") { warning { daysLeft message } } }`, {})).calendarStatus;
    expect(status.warning.daysLeft).toBe(11);
    expect(status.warning.message).toContain('2028');

    const health = (await (await fetch(new URL('/health', hub.subgraphUrls.discipline))).json()) as any;
    expect(health.workingCalendar.lastKnownDay).toBe('2027-12-31');

    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as any;
    let today = '2027-12-01';
    const watch = calendarWatch(hub.discipline.database, logger, () => today);
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
