import { addMonths } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from '../src/calendar.ts';
import { periodLastDay } from '../src/schema/case.ts';

describe('official PRC working-day calendar', () => {
  it('counts 5 working days across 国庆 2025, including the make-up Saturday 10-11', () => {
    expect(isWorkingDay('2025-10-08')).toBe(false); // Wednesday, holiday
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休 make-up day
    expect(isWorkingDay('2025-10-12')).toBe(false); // ordinary Sunday
    // 09-30 (Tue) + 5: 10-09, 10-10, 10-11 (Sat, make-up), 10-13, 10-14.
    expect(addWorkingDays('2025-09-30', 5)).toBe('2025-10-14');
  });

  it('counts across 春节 2026 with the make-up Saturdays 02-14 and 02-28', () => {
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-23')).toBe(false); // Monday inside the nine-day holiday
    // 02-13 (Fri) + 5: 02-14 (Sat, make-up), 02-24, 02-25, 02-26, 02-27.
    expect(addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
    // + 15: … 02-28 (Sat, make-up) counts, ordinary weekends do not.
    expect(addWorkingDays('2026-02-13', 15)).toBe('2026-03-12');
  });

  it('counts across 春节 2025 with the make-up Sunday 01-26', () => {
    expect(addWorkingDays('2025-01-24', 5)).toBe('2025-02-07');
  });

  it('gives no deadline outside the years whose State Council notice it holds', () => {
    expect(addWorkingDays('2022-05-01', 5)).toBeNull();
    expect(addWorkingDays('2026-12-28', 5)).toBeNull();
    expect(() => isWorkingDay('2027-01-04')).toThrow(RangeError);
  });

  it('counts month periods by the calendar, clamping to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(periodLastDay('2025-10-27', 3)).toBe('2026-01-26');
    expect(periodLastDay('2025-10-27', 6)).toBe('2026-04-26');
    expect(periodLastDay('2026-03-05', 1)).toBe('2026-04-04');
  });
});
