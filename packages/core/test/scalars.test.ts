import { describe, expect, it } from 'vitest';
import { DateTimeScalar, formatShanghai, parseDate, parseMoney, todayInShanghai } from '../src/scalars.ts';

describe('scalars', () => {
  it('Date accepts real calendar days only', () => {
    expect(parseDate('2020-02-29')).toBe('2020-02-29');
    expect(() => parseDate('2021-02-29')).toThrow(/not a day of the calendar/);
    expect(() => parseDate('2021-2-1')).toThrow(/YYYY-MM-DD/);
    expect(() => parseDate(20210201)).toThrow(/string/);
  });

  it('Money is a decimal string in yuan, never a float', () => {
    expect(parseMoney('4408700')).toBe('4408700.00');
    expect(parseMoney('2315000.5')).toBe('2315000.50');
    expect(parseMoney('-12.34')).toBe('-12.34');
    expect(() => parseMoney(12.5)).toThrow(/decimal string/);
    expect(() => parseMoney('1.005')).toThrow(/2 decimals/);
    expect(() => parseMoney('1e5')).toThrow();
  });

  it('DateTime needs an offset and is written in Asia/Shanghai', () => {
    expect(DateTimeScalar.parseValue('2026-03-01T09:30:00+08:00')).toEqual(new Date('2026-03-01T01:30:00Z'));
    expect(() => DateTimeScalar.parseValue('2026-03-01T09:30:00')).toThrow(/offset/);
    expect(formatShanghai(new Date('2026-03-01T20:00:00Z'))).toBe('2026-03-02T04:00:00.000+08:00');
    expect(todayInShanghai(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
  });
});

describe('sumMoney', () => {
  it('adds exactly where floats would not', async () => {
    const { sumMoney } = await import('../src/scalars.ts');
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(['4408699.99', '0.01'])).toBe('4408700.00');
    expect(sumMoney(['-1.50', '1.25'])).toBe('-0.25');
    expect(sumMoney([])).toBe('0.00');
  });
});

describe('logger', () => {
  it('never writes the row values PostgreSQL puts in an error detail', async () => {
    const { Writable } = await import('node:stream');
    const { createLogger } = await import('../src/logger.ts');
    const lines: string[] = [];
    const destination = new Writable({
      write: (chunk, _e, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ name: 'test', destination });
    const error = Object.assign(new Error('new row for relation "petition_reporter" violates check constraint'), {
      detail: 'Failing row contains (张举报人, 13800000000)',
      code: '23514',
    });
    logger.error({ err: error }, 'statement failed');
    expect(lines.join('')).toContain('violates check constraint');
    expect(lines.join('')).not.toContain('张举报人');
  });
});
