import { addMonths } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { rectificationReportDue, transferFeedbackDue } from '../src/deadlines.ts';
import { roundName } from '../src/schema/round.ts';

describe('deadline arithmetic (calendar months, end-of-month clamping)', () => {
  it.each([
    ['2020-11-30', 3, '2021-02-28'],
    ['2023-11-30', 3, '2024-02-29'],
    ['2021-01-31', 1, '2021-02-28'],
    ['2020-12-31', 2, '2021-02-28'],
    ['2020-10-31', 2, '2020-12-31'],
    ['2020-08-31', 3, '2020-11-30'],
    ['2020-03-15', 3, '2020-06-15'],
    ['2020-11-15', 2, '2021-01-15'],
    ['2099-12-31', 1, '2100-01-31'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('transfer feedback is due 3 months after transfer, the rectification report 2 months after feedback', () => {
    expect(transferFeedbackDue('2020-11-30')).toBe('2021-02-28');
    expect(rectificationReportDue('2020-12-31')).toBe('2021-02-28');
    expect(rectificationReportDue('2020-11-25')).toBe('2021-01-25');
  });
});

describe('round names', () => {
  it.each([
    [1, '第一轮'],
    [9, '第九轮'],
    [10, '第十轮'],
    [12, '第十二轮'],
    [20, '第二十轮'],
    [35, '第三十五轮'],
  ])('%i → %s', (n, name) => expect(roundName(n)).toBe(name));
});
