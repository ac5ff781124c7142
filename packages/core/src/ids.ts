import { refuse } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a uuid, the form of every id the hub issues. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The nil uuid: stands in for an id that cannot match any record. */
export const NO_MATCH_ID = '00000000-0000-0000-0000-000000000000';

/**
 * An id from a mutation input: refuses one that cannot name a record (`BAD_USER_INPUT`, naming the
 * field) before it reaches SQL; returns it in lower case.
 */
export function idOrRefuse(value: string | number, field: string[], what = ''): string {
  const id = String(value);
  if (!isUuid(id)) refuse('BAD_USER_INPUT', field, `${what}编号格式无效 — ${field.at(-1)} is not a valid id`);
  return id.toLowerCase();
}

/** An id used as a filter: one that is not a uuid matches nothing (the nil uuid stands in for it). */
export function idFilter(id: string | number | null | undefined): string | null {
  if (id == null) return null;
  return isUuid(String(id)) ? String(id).toLowerCase() : NO_MATCH_ID;
}
