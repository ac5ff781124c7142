import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkCalendarYear, WorkingCalendar } from '../src/calendar.ts';
import { OFFICIAL_CALENDAR_YEARS } from '../src/calendar-data.ts';
import { addMonths } from '../src/dates.ts';
import { DEADLINE_RULES, dueDate, isOverdue, quarterEnd } from '../src/deadlines.ts';

const official = new WorkingCalendar(OFFICIAL_CALENDAR_YEARS);

describe('official calendar data (chinese-days, State Council notices)', () => {
  it('holds every year from 2015 through 2026, each citing its notice', () => {
    expect(official.years.map((y) => y.year)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of official.years) expect(y.notice).toMatch(/^国办发明电〔\d{4}〕\d+号/);
    expect(official.years.find((y) => y.year === 2025)!.notice).toContain('国办发明电〔2024〕12号');
    expect(official.lastKnownDay).toBe('2026-12-31');
  });

  it('is exactly what the chinese-days package says for those years', () => {
    const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
      holidays: Record<string, string>;
      workdays: Record<string, string>;
    };
    for (const y of official.years) {
      const inYear = (days: Record<string, string>) =>
        Object.keys(days)
          .filter((d) => d.startsWith(`${y.year}-`))
          .sort();
      expect(y.holidays).toEqual(inYear(data.holidays));
      expect(y.makeUpWorkdays).toEqual(inYear(data.workdays));
    }
  });

  it('agrees with the notices on dates checked by hand', () => {
    // 2019 国庆: 10-01…10-07 off, 09-29 (Sun) and 10-12 (Sat) worked (国办发明电〔2018〕15号).
    expect(official.isWorkingDay('2019-09-29')).toBe(true);
    expect(official.isWorkingDay('2019-10-07')).toBe(false);
    expect(official.isWorkingDay('2019-10-12')).toBe(true);
    // 2020 春节 extended to 02-02 (国办发明电〔2020〕1号): 01-31 (Fri) was a day off.
    expect(official.isWorkingDay('2020-01-31')).toBe(false);
    // 2021 春节: 02-11…02-17 off, 02-07 (Sun) and 02-20 (Sat) worked (国办发明电〔2020〕27号).
    expect(official.isWorkingDay('2021-02-07')).toBe(true);
    expect(official.isWorkingDay('2021-02-17')).toBe(false);
    expect(official.isWorkingDay('2021-02-20')).toBe(true);
    // 2015: the 70th anniversary of victory, 09-03 and 09-04 off, 09-06 (Sun) worked.
    expect(official.isWorkingDay('2015-09-04')).toBe(false);
    expect(official.isWorkingDay('2015-09-06')).toBe(true);
  });
});

describe('working-day deadlines', () => {
  it('petition received 2019-09-27, before 国庆: forward by 10-10, acknowledge by 10-23', () => {
    // +5: 09-29 (Sun, make-up), 09-30, [10-01…10-07 off], 10-08, 10-09, 10-10.
    expect(dueDate('PETITION_FORWARD', '2019-09-27', official)).toEqual({
      rule: 'PETITION_FORWARD',
      startOn: '2019-09-27',
      dueOn: '2019-10-10',
      provisional: false,
      provisionalReason: null,
    });
    // +15 continues: 10-11, 10-12 (Sat, make-up), 10-14 … 10-18, 10-21, 10-22, 10-23.
    expect(dueDate('PETITION_ACKNOWLEDGE', '2019-09-27', official).dueOn).toBe('2019-10-23');
  });

  it('petition received 2021-02-09, before 春节: forward by 02-22, acknowledge by 03-08', () => {
    // +5: 02-10, [02-11…02-17 off], 02-18, 02-19, 02-20 (Sat, make-up), 02-22.
    expect(dueDate('PETITION_FORWARD', '2021-02-09', official).dueOn).toBe('2021-02-22');
    expect(dueDate('PETITION_ACKNOWLEDGE', '2021-02-09', official).dueOn).toBe('2021-03-08');
  });

  it('the day of receipt is not counted, whatever day it is', () => {
    expect(dueDate('PETITION_FORWARD', '2021-02-06', official).dueOn).toBe('2021-02-18'); // Saturday receipt: 02-07 (Sun, make-up), 02-08, 02-09, 02-10, [02-11…02-17], 02-18
    expect(dueDate('PETITION_FORWARD', '2024-09-30', official).dueOn).toBe('2024-10-12'); // [10-01…10-07], 10-08 … 10-11, 10-12 (Sat, make-up)
  });

  it('a year not loaded is counted Monday–Friday, provisional with the reason, and final once loaded', () => {
    const before = dueDate('PETITION_ACKNOWLEDGE', '2027-01-15', official);
    expect(before).toMatchObject({ dueOn: '2027-02-05', provisional: true });
    expect(before.provisionalReason).toContain('2027');
    // A deadline that only reaches into an unknown year is provisional too.
    expect(dueDate('PETITION_FORWARD', '2026-12-28', official)).toMatchObject({ dueOn: '2027-01-04', provisional: true });
    expect(dueDate('PETITION_FORWARD', '2026-12-18', official)).toMatchObject({ dueOn: '2026-12-25', provisional: false });
    const loaded = new WorkingCalendar([
      ...OFFICIAL_CALENDAR_YEARS,
      {
        year: 2027,
        notice: '测试通知',
        holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
        makeUpWorkdays: ['2027-01-31', '2027-02-20'],
      },
    ]);
    // +15 from 01-15 (Fri): 01-18…01-22 (5), 01-25…01-29 (10), 01-31 (Sun, make-up, 11), 02-01…02-04 (15).
    expect(dueDate('PETITION_ACKNOWLEDGE', '2027-01-15', loaded)).toEqual({
      rule: 'PETITION_ACKNOWLEDGE',
      startOn: '2027-01-15',
      dueOn: '2027-02-04',
      provisional: false,
      provisionalReason: null,
    });
  });

  it('warns from 60 days before the last known day', () => {
    expect(official.warning('2026-10-31')).toBeNull();
    expect(official.warning('2026-11-01')).toMatchObject({ lastKnownDay: '2026-12-31', daysLeft: 60 });
    expect(official.warning('2026-11-30')!.message).toContain('2027');
    expect(official.warning('2027-01-05')).toMatchObject({ daysLeft: -5 });
    expect(new WorkingCalendar([]).warning('2026-01-01')).toMatchObject({ lastKnownDay: null });
  });
});

describe('month and quarter deadlines (COUNTING)', () => {
  it('clamps month ends and knows leap years', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2020-11-30', 3)).toBe('2021-02-28');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addMonths('2025-12-15', 2)).toBe('2026-02-15');
  });

  it('counts the start day out for transfer feedback and rectification reports, in for detention and trial', () => {
    expect(dueDate('TRANSFER_FEEDBACK', '2020-11-30', null).dueOn).toBe('2021-02-28');
    expect(dueDate('RECTIFICATION_REPORT', '2020-12-31', null).dueOn).toBe('2021-02-28');
    expect(dueDate('DETENTION', '2025-10-27', null).dueOn).toBe('2026-01-26');
    expect(dueDate('DETENTION', '2025-10-27', null, 3).dueOn).toBe('2026-04-26');
    expect(dueDate('DETENTION', '2023-11-30', null).dueOn).toBe('2024-02-28'); // 02-29 clamped, minus the first day
    expect(dueDate('TRIAL', '2026-03-05', null).dueOn).toBe('2026-04-04');
    expect(dueDate('SANCTION_ANNOUNCEMENT', '2024-01-31', null).dueOn).toBe('2024-02-29');
    expect(dueDate('REVIEW', '2021-05-31', null).dueOn).toBe('2021-06-30');
    expect(dueDate('RECHECK', '2021-12-31', null).dueOn).toBe('2022-02-28');
  });

  it('does not carry a month period past a holiday run (the stricter reading)', () => {
    // 2019-08-01 + 2 months = 10-01, inside 国庆: still due 10-01, not 10-08.
    expect(dueDate('RECTIFICATION_REPORT', '2019-08-01', official).dueOn).toBe('2019-10-01');
  });

  it('quarterly reports fall due on the quarter end', () => {
    expect(quarterEnd('2021-02-09')).toBe('2021-03-31');
    expect(quarterEnd('2020-11-30')).toBe('2020-12-31');
    expect(quarterEnd('2024-04-01')).toBe('2024-06-30');
    expect(dueDate('QUARTERLY_DISPOSAL_REPORT', '2021-08-15', null).dueOn).toBe('2021-09-30');
  });

  it('every rule names its source', () => {
    for (const rule of Object.values(DEADLINE_RULES)) {
      expect(rule.source).toMatch(/《.+》|办法/);
      expect(rule.title).toMatch(/ — /);
    }
  });

  it('overdue: done late, or not done after the due day as of the date', () => {
    const d = { dueOn: '2021-03-08' };
    expect(isOverdue(d, null, '2021-03-08')).toBe(false);
    expect(isOverdue(d, null, '2021-03-09')).toBe(true);
    expect(isOverdue(d, '2021-03-10', '2021-04-01')).toBe(true);
    expect(isOverdue(d, '2021-03-08', '2021-04-01')).toBe(false);
    expect(isOverdue(d, '2021-03-10', '2021-03-09')).toBe(true); // not yet done on the as-of date
  });
});

describe('checking a notice before it is loaded', () => {
  it('names the field of each problem', () => {
    expect(checkCalendarYear({ year: 2027, notice: '国办发明电〔2026〕1号', holidays: ['2027-01-01'], makeUpWorkdays: ['2027-02-20'] })).toEqual([]);
    const problems = checkCalendarYear({ year: 2027, notice: ' ', holidays: ['2026-12-31', '2027-02-30'], makeUpWorkdays: ['2027-02-22'] });
    expect(problems.map((p) => p.field)).toEqual(['notice', 'holidays.0', 'holidays.1', 'makeUpWorkdays.0']);
  });
});
