import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { usccProblem } from './uscc.ts';

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function stringLiteral(node: ValueNode, scalar: string): string {
  if (node.kind !== Kind.STRING) throw badInput(`${scalar} must be a string`);
  return node.value;
}

const USCC_MESSAGES = {
  length: 'must be 18 characters',
  characters: 'contains characters a 统一社会信用代码 cannot have (I, O, S, V, Z or lower case)',
  'organisation-code-check': 'organisation-code check character (position 17) is wrong',
  'check-character': 'check character (position 18) is wrong',
} as const;

function parseUnitCode(value: unknown): string {
  if (typeof value !== 'string') throw badInput('UnitCode must be a string');
  const problem = usccProblem(value);
  if (problem) throw badInput(`UnitCode is not a valid 统一社会信用代码: ${USCC_MESSAGES[problem]}`);
  return value;
}

export const UnitCodeScalar = new GraphQLScalarType<string, string>({
  name: 'UnitCode',
  description: '统一社会信用代码（GB 32100-2015，18 位，含校验位） — Unified social credit code of a unit, 18 characters, both check characters validated.',
  serialize: (value) => String(value),
  parseValue: parseUnitCode,
  parseLiteral: (node) => parseUnitCode(stringLiteral(node, 'UnitCode')),
});

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a calendar date string YYYY-MM-DD (real day of a real month). */
export function parseDate(value: unknown): string {
  if (typeof value !== 'string') throw badInput('Date must be a string YYYY-MM-DD');
  const m = DATE.exec(value);
  if (!m) throw badInput('Date must have the form YYYY-MM-DD');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    throw badInput('Date is not a day of the calendar');
  }
  return value;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日期（YYYY-MM-DD） — Calendar date, YYYY-MM-DD.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: parseDate,
  parseLiteral: (node) => parseDate(stringLiteral(node, 'Date')),
});

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** Formats an instant in Asia/Shanghai (UTC+08:00, no daylight saving since 1991). */
export function formatShanghai(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 23)}+08:00`;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) {
    throw badInput('DateTime must be ISO 8601 with an offset, e.g. 2026-03-01T09:30:00+08:00');
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw badInput('DateTime is not a real instant');
  return instant;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: '日期时间（ISO 8601，含时区偏移，按北京时间输出） — Instant, ISO 8601 with offset; output in Asia/Shanghai.',
  serialize: (value) => formatShanghai(value instanceof Date ? value : new Date(String(value))),
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(stringLiteral(node, 'DateTime')),
});

const MONEY = /^-?\d{1,12}(\.\d{1,2})?$/;

/** Normalises a yuan amount to a decimal string with exactly two places; rejects floats and excess precision. */
export function parseMoney(value: unknown): string {
  if (typeof value !== 'string') throw badInput('Money must be a decimal string in yuan, e.g. "4408700.00"');
  if (!MONEY.test(value)) {
    throw badInput('Money must be a decimal with at most 12 integer digits and 2 decimals');
  }
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

export const MoneyScalar = new GraphQLScalarType<string, string>({
  name: 'Money',
  description: '金额（元，十进制字符串，两位小数） — Amount in yuan as a decimal string with two places; never a float.',
  serialize: (value) => parseMoney(String(value)),
  parseValue: parseMoney,
  parseLiteral: (node) => parseMoney(stringLiteral(node, 'Money')),
});

/** Scalar types for the Pothos `Scalars` generic shared by every subgraph. */
export type HubScalars = {
  UnitCode: { Input: string; Output: string };
  Date: { Input: string; Output: string };
  DateTime: { Input: Date; Output: Date | string };
  Money: { Input: string; Output: string };
};

export const hubScalars = {
  UnitCode: UnitCodeScalar,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
} as const;

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, where the commission works. */
export function todayInShanghai(now: Date = new Date()): string {
  return formatShanghai(now).slice(0, 10);
}

/** Adds yuan amounts exactly (in fen, as integers), never through floats. */
export function sumMoney(amounts: readonly string[]): string {
  let fen = 0n;
  for (const amount of amounts) {
    const [whole, fraction = ''] = parseMoney(amount).split('.');
    const sign = whole!.startsWith('-') ? -1n : 1n;
    fen += sign * (BigInt(whole!.replace('-', '')) * 100n + BigInt(fraction.padEnd(2, '0')));
  }
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
