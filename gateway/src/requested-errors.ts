import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

/**
 * Whether an error's path leads to a field of the client's answer. The answer holds every field the
 * operation asked for (a refused or unavailable one as null); a field it did not ask for — one under
 * `@include(if: false)` that the query planner fetched anyway alongside a field sharing its
 * `@requires` — is absent. Walking the path through the answer tells the two apart.
 */
export function pathIsInAnswer(data: unknown, path: readonly (string | number)[]): boolean {
  let node: unknown = data;
  for (const key of path) {
    if (node === null || node === undefined) return true;
    if (typeof node !== 'object') return true;
    if (!(key in (node as object))) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}

/**
 * Errors of fields the client did not ask for are not the client's: a refusal of a section the
 * caller switched off would otherwise reach the answer (DESIGN §3: switches only ask for less).
 * Errors without a path, and every error of an answer without data, stay.
 */
export function errorsOfRequestedFields<Ctx extends object>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.errors?.length || result.data === null || result.data === undefined) return;
          const kept = result.errors.filter((error: GraphQLFormattedError) => !error.path || pathIsInAnswer(result.data, error.path));
          if (kept.length === result.errors.length) return;
          response.body.singleResult = kept.length > 0 ? { ...result, errors: kept } : { ...result, errors: undefined };
        },
      };
    },
  };
}
