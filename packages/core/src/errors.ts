import { GraphQLError } from 'graphql';

/**
 * The hub's one vocabulary of error codes, used by every subgraph and the gateway: as
 * `extensions.code` of a GraphQL error and as `UserError.code` in a mutation payload.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: '输入无效 — The input is not acceptable (malformed, empty, too long, control characters, not a cursor of this connection).',
  NOT_FOUND: '对象不存在 — A referenced record does not exist.',
  FORBIDDEN: '无权访问 — The caller may not read or change this.',
  CONFLICT: '与现有记录冲突 — Conflicts with other records.',
  INVALID_TRANSITION: "状态不允许此操作 — The record's state does not allow this step.",
  LIMIT_EXCEEDED: '超出规定期限或次数 — A legal limit (period, count) would be exceeded.',
  ALREADY_EXISTS: '已存在 — The record exists already.',
  UPSTREAM_UNAVAILABLE:
    '上游服务不可用；被拒绝的变更未写入，可稍后重试 — A service this answer or write depends on is unavailable; a refused write wrote nothing and can be retried.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes a mutation payload's `UserError` can carry: refusals of the caller's input. */
export const USER_ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'INVALID_TRANSITION',
  'LIMIT_EXCEEDED',
  'CONFLICT',
  'UPSTREAM_UNAVAILABLE',
] as const satisfies readonly ErrorCode[];
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/** A refusal of a mutation's input, naming the input field it concerns. */
export interface UserError {
  code: UserErrorCode;
  /** Path of the input field, e.g. ['input', 'code']. */
  field: string[];
  /** Chinese, then English; never the submitted value of a sensitive field. */
  message: string;
}

/** Thrown inside a mutation's transaction: rolls it back and becomes the payload's `errors`. */
export class UserInputRefusal extends Error {
  readonly errors: UserError[];
  constructor(errors: UserError[]) {
    super(errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; '));
    this.errors = errors;
  }
}

/** Refuses a mutation with one field-level error; the transaction around it rolls back. */
export function refuse(code: UserErrorCode, field: string[], message: string): never {
  throw new UserInputRefusal([{ code, field, message }]);
}

/**
 * Collects the problems of one input so that independent checks are all reported together:
 * `const problems = new UserErrors(); problems.check(ok, code, field, message); problems.throwIfAny();`
 */
export class UserErrors {
  readonly errors: UserError[] = [];
  /** Records a problem unless `ok` holds; returns `ok`. */
  check(ok: boolean, code: UserErrorCode, field: string[], message: string): boolean {
    if (!ok) this.errors.push({ code, field, message });
    return ok;
  }
  add(code: UserErrorCode, field: string[], message: string): void {
    this.errors.push({ code, field, message });
  }
  /**
   * Runs a check written with `refuse` (e.g. `requireText`), recording its refusal instead of
   * stopping; returns the check's value, or undefined when it refused.
   */
  collect<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (error instanceof UserInputRefusal) {
        this.errors.push(...error.errors);
        return undefined;
      }
      throw error;
    }
  }
  get any(): boolean {
    return this.errors.length > 0;
  }
  throwIfAny(): void {
    if (this.errors.length > 0) throw new UserInputRefusal([...this.errors]);
  }
}

/**
 * A request-level refusal of an argument (not a mutation payload error): `BAD_USER_INPUT`, with
 * the argument path in `extensions.field`; the message (Chinese, then English) names it too.
 */
export function badUserInput(field: readonly (string | number)[], message: string): GraphQLError {
  const path = field.map(String);
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, argumentName: path[0], field: path },
  });
}

/** A stored record that breaks a rule of the work, as `npm run check-rules` reports it (never its values). */
export interface Violation {
  body: string;
  record: string;
  id: string;
  field: string;
  message: string;
}

/** The rows not voided: the ones the rules hold for. */
export const liveRows = <T extends { voidedAt?: Date | null }>(rows: readonly T[]): T[] => rows.filter((r) => r.voidedAt == null);
