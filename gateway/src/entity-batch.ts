/**
 * Entity fetches of one batch that ask the same thing of different entities, merged into one
 * operation. The query plan of the dossier fetches a unit's fields and its sub-units' fields from
 * each subgraph as two `_entities` operations with the same selection (the plan's two paths, `unit`
 * and `unit.subUnits`). Sent as two operations of one batched HTTP request, the subgraph ran the
 * operation pipeline twice (parse cache, validation, plugins, execution, audit); merged, it runs it
 * once over all the representations, as Hive Gateway's batch delegation does. Each fetch still
 * receives its own answer: its slice of `_entities` and the errors under it.
 */

/** One operation of a subgraph request, as the gateway's data source writes its body. */
interface Operation {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: unknown;
}

/** An operation's answer, as a subgraph sends it. */
interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { path?: (string | number)[] }[];
  extensions?: unknown;
}

/** The query plan's entity fetch: `query Name($representations:[_Any!]!…){_entities(representations:$representations){…}}`. */
const ENTITY_FETCH = /^query(?: [_A-Za-z][_0-9A-Za-z]*)?\(\$representations:\[_Any!\]![^)]*\)\{_entities\(representations:\$representations\)\{/;

export interface MergedFetches {
  /** The bodies to send, one operation each, in order. */
  bodies: string[];
  /** Each fetch's answer, in the order of the fetches, from the answers to `bodies` (same order). */
  split(answers: readonly unknown[]): unknown[];
}

/**
 * Merges the entity fetches among `bodies` (JSON bodies of one gateway request to one subgraph)
 * whose query (apart from the operation's name), variables (apart from the representations) and
 * extensions are the same: one operation over their representations, in order. Any other body is
 * sent as it is.
 */
export function mergeEntityFetches(bodies: readonly string[]): MergedFetches {
  // One fetch has nothing to merge with: its body is not parsed (most batches hold one).
  if (bodies.length < 2) return { bodies: [...bodies], split: (answers) => [...answers] };
  /** Per body sent: the fetches it answers, with how many representations each brought (or -1: sent as it was). */
  const groups: { body: string; operation?: Operation; fetches: { index: number; size: number }[] }[] = [];
  const byKey = new Map<string, (typeof groups)[number]>();
  bodies.forEach((body, index) => {
    const operation = entityFetch(body);
    if (!operation) {
      groups.push({ body, fetches: [{ index, size: -1 }] });
      return;
    }
    const { representations, ...others } = operation.variables as { representations: unknown[] };
    const name = operation.operationName ? ` ${operation.operationName}(` : '(';
    const key = `${operation.query.replace(name, '(')}\n${JSON.stringify(others)}\n${JSON.stringify(operation.extensions ?? null)}`;
    const group = byKey.get(key);
    if (group) {
      (group.operation!.variables!.representations as unknown[]).push(...representations);
      group.fetches.push({ index, size: representations.length });
      return;
    }
    const created = {
      body,
      operation: { ...operation, variables: { ...operation.variables, representations: [...representations] } },
      fetches: [{ index, size: representations.length }],
    };
    byKey.set(key, created);
    groups.push(created);
  });
  return {
    bodies: groups.map((group) => (group.fetches.length > 1 ? JSON.stringify(group.operation) : group.body)),
    split(answers) {
      const result: unknown[] = new Array(bodies.length);
      groups.forEach((group, i) => {
        if (group.fetches.length === 1) {
          result[group.fetches[0]!.index] = answers[i];
          return;
        }
        const parts = splitEntities(
          answers[i],
          group.fetches.map((fetch) => fetch.size),
        );
        group.fetches.forEach((fetch, j) => {
          result[fetch.index] = parts[j];
        });
      });
      return result;
    },
  };
}

/** The body's operation when it is an entity fetch that can be merged; undefined otherwise. */
function entityFetch(body: string): Operation | undefined {
  let operation: Operation;
  try {
    operation = JSON.parse(body) as Operation;
  } catch {
    return undefined;
  }
  if (typeof operation !== 'object' || operation === null || typeof operation.query !== 'string') return undefined;
  if (!Array.isArray(operation.variables?.representations) || !ENTITY_FETCH.test(operation.query)) return undefined;
  return operation;
}

/**
 * The answer of a merged operation cut into its fetches' answers: `sizes[i]` representations each,
 * in order. An error under `_entities[n]` goes to the fetch that brought representation n (its path
 * counted from that fetch's first); an error without such a path goes to every fetch. An answer
 * without the whole `_entities` list (the operation failed as a whole) is every fetch's answer.
 */
export function splitEntities(answer: unknown, sizes: readonly number[]): unknown[] {
  const { data, errors, extensions } = (answer ?? {}) as Answer;
  const list = data && typeof data === 'object' ? data._entities : undefined;
  const total = sizes.reduce((sum, size) => sum + size, 0);
  // Each fetch gets objects of its own: the gateway may amend what a fetch returns while it merges the results.
  if (!Array.isArray(list) || list.length !== total) return sizes.map(() => structuredClone(answer));
  const entityIndex = (error: { path?: (string | number)[] }) =>
    error.path?.[0] === '_entities' && typeof error.path[1] === 'number' ? error.path[1] : undefined;
  let from = 0;
  return sizes.map((size) => {
    const to = from + size;
    const own = (errors ?? []).flatMap((error) => {
      const at = entityIndex(error);
      if (at === undefined) return [structuredClone(error)];
      if (at < from || at >= to) return [];
      return [{ ...error, path: ['_entities', at - from, ...error.path!.slice(2)] }];
    });
    const part: Answer = { data: { ...data, _entities: list.slice(from, to) } };
    if (own.length > 0) part.errors = own;
    if (extensions !== undefined) part.extensions = extensions;
    from = to;
    return part;
  });
}
