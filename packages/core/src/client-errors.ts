import { GraphQLError } from 'graphql';

/**
 * Messages graphql-js writes for bad input quote the submitted value (`Variable "$i" got invalid
 * value { name: "…", contact: "…" } at "i.reporter"; …`, `Expected value of type "Int", found
 * "abc"`). A reporter's contact or an ID number must never come back in an error or reach a log,
 * so these messages are rewritten to name the variable, the path and the rule only.
 */

const INVALID_VARIABLE = /^Variable "\$([A-Za-z_]\w*)" got invalid value /;
const PATH_AT_END = / at "([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*)"$/;
const EXPECTED_VALUE = /^Expected value of type "([^"]+)", found /;
const EXPECTED_TYPE = /^Expected type "([^"]+)"\./;

/** graphql-js's own scalar and enum refusals end by quoting the value: keep the rule, drop the value. */
const QUOTING_RULES: [RegExp, string][] = [
  [/^(\w+) cannot represent (.*?)value: [\s\S]*$/, '$1 cannot represent $2value.'],
  [/^Enum "(\w+)" cannot represent (.*?)value: [\s\S]*$/, 'Enum "$1" cannot represent $2value.'],
  [/^Value [\s\S]* does not exist in "(\w+)" enum\.[\s\S]*$/, 'Value does not exist in "$1" enum.'],
];

function withoutQuotedValue(message: string): string {
  for (const [pattern, replacement] of QUOTING_RULES) if (pattern.test(message)) return message.replace(pattern, replacement);
  return message;
}

/** A refusal from one of the hub's scalars: its message names the rule and never the value. */
function hubScalarMessage(error: unknown): string | undefined {
  if (error instanceof GraphQLError && error.extensions?.code === 'BAD_USER_INPUT') return error.message;
  return undefined;
}

/** The rule an input value broke, from the error coerceInputValue raised, without the value. */
function ruleOf(inner: Error): string {
  const leaf = EXPECTED_TYPE.exec(inner.message);
  if (leaf) {
    const scalar = hubScalarMessage((inner as GraphQLError).originalError);
    return scalar ? `Expected type "${leaf[1]}": ${scalar}` : `Expected type "${leaf[1]}".`;
  }
  const quoting = withoutQuotedValue(inner.message);
  if (quoting !== inner.message || hubScalarMessage(inner)) return quoting;
  // Structural rules name fields and types only: unknown field, missing field, not an object, null.
  if (/^(Field "\w+" is not defined by type|Field "\w+" of required type|Expected type "[^"]+" to be an object|Expected non-nullable type)/.test(inner.message))
    return inner.message;
  return 'the value does not match its type';
}

/** The message a client may see (and a log may keep) for an error; unchanged when it quotes no value. */
export function withoutSubmittedValues(message: string, error: unknown): string {
  const variable = INVALID_VARIABLE.exec(message);
  if (variable) {
    const inner = error instanceof GraphQLError ? error.originalError : undefined;
    let path = variable[1]!;
    let rule = 'the value does not match its type';
    if (inner && message.endsWith(`; ${inner.message}`)) {
      const prefix = message.slice(0, message.length - inner.message.length - 2);
      const at = PATH_AT_END.exec(prefix);
      if (at && (at[1] === path || at[1]!.startsWith(`${path}.`) || at[1]!.startsWith(`${path}[`))) path = at[1]!;
      rule = ruleOf(inner);
    }
    return `变量 $${variable[1]} 的值无效 — Variable "$${variable[1]}" has an invalid value at "${path}": ${rule}`;
  }
  const literal = EXPECTED_VALUE.exec(message);
  if (literal) {
    const scalar = hubScalarMessage(error instanceof GraphQLError ? error.originalError : undefined);
    return `参数值无效 — Expected value of type "${literal[1]}"${scalar ? `: ${scalar}` : '.'}`;
  }
  return withoutQuotedValue(message);
}

/** Years the hub's records can concern; a year outside is refused before any statement runs. */
export const FIRST_YEAR = 1949;
export const LAST_YEAR = 2100;

/** Refuses a year argument or filter field outside FIRST_YEAR–LAST_YEAR (null and undefined pass). */
export function checkYear<T extends number | null | undefined>(year: T, argumentName: string): T {
  if (year != null && (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR)) {
    throw new GraphQLError(`年度须在 ${FIRST_YEAR}–${LAST_YEAR} 之间 — ${argumentName} must be a year between ${FIRST_YEAR} and ${LAST_YEAR}`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName },
    });
  }
  return year;
}
