/**
 * @hub/client — what a front end needs to talk to the hub: typed documents for the operations in
 * operations/, the Chinese label of every enum value, and cache keys for Apollo Client and urql.
 */
import { embeddedTypes, entityKeyFields, enumLabels, enumTypeLabels } from './labels.ts';

export * from './generated.ts';
export { embeddedTypes, entityKeyFields, enumLabels, enumTypeLabels } from './labels.ts';

export type EnumName = keyof typeof enumLabels;

/** 枚举值的中文术语 — the Chinese term of an enum value; the code itself when the schema has no such value. */
export function enumLabel<E extends EnumName>(type: E, value: keyof (typeof enumLabels)[E] | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const labels = enumLabels[type] as Record<string, string>;
  return labels[value as string] ?? String(value);
}

/** 枚举类型的中文名称 — the Chinese name of an enum type. */
export function enumTypeLabel(type: EnumName): string {
  return enumTypeLabels[type];
}

/**
 * Apollo Client `typePolicies`: entities keyed by something other than `id` (`Unit` by `code`,
 * `YearStatistics` by `year`). `new InMemoryCache({ typePolicies: apolloTypePolicies })`.
 */
export const apolloTypePolicies: Record<string, { keyFields: string[] | false }> = {
  ...Object.fromEntries(Object.entries(entityKeyFields).map(([type, fields]) => [type, { keyFields: [...fields] }])),
  ...Object.fromEntries(embeddedTypes.map((type) => [type, { keyFields: false as const }])),
};

type KeyFn = (data: Record<string, unknown>) => string | null;

/**
 * urql Graphcache `keys`: the same entities, and `null` for the types that have no key of their
 * own (they are stored inside their parent). `cacheExchange({ keys: urqlKeys })`.
 */
export const urqlKeys: Record<string, KeyFn> = {
  ...Object.fromEntries(
    Object.entries(entityKeyFields).map(([type, fields]): [string, KeyFn] => [
      type,
      (data) => (fields.every((f) => data[f] !== undefined && data[f] !== null) ? fields.map((f) => String(data[f])).join(':') : null),
    ]),
  ),
  ...Object.fromEntries(embeddedTypes.map((type): [string, KeyFn] => [type, () => null])),
};

/** The header carrying the stated purpose of access (访问事由), percent-encoded UTF-8. */
export const PURPOSE_HEADER = 'X-Access-Purpose';

/** Headers for a request with a stated purpose: `encodeURIComponent` of the purpose, as the gateway expects. */
export function purposeHeaders(purpose: string | null | undefined): Record<string, string> {
  return purpose ? { [PURPOSE_HEADER]: encodeURIComponent(purpose) } : {};
}
