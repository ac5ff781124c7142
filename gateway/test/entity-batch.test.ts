import { describe, expect, it } from 'vitest';
import { mergeEntityFetches, splitEntities } from '../src/entity-batch.ts';

/** An entity fetch as the query plan writes it (the dossier's unit and sub-units fetches). */
const entityFetch = (name: string, codes: string[], variables: Record<string, unknown> = { since: '2020-01-01' }) =>
  JSON.stringify({
    query: `query ${name}($representations:[_Any!]!$since:Date!){_entities(representations:$representations){...on Unit{clues(since:$since){totalCount}}}}`,
    operationName: name,
    variables: { representations: codes.map((code) => ({ __typename: 'Unit', code })), ...variables },
  });

describe('entity fetches of one batch', () => {
  it('a batch of one fetch is sent and answered as it is', () => {
    const body = entityFetch('One', ['A']);
    const merged = mergeEntityFetches([body]);
    expect(merged.bodies).toEqual([body]);
    const answer = { data: { _entities: [{ clues: { totalCount: 1 } }] } };
    expect(merged.split([answer])).toEqual([answer]);
  });

  it('asking the same of different units become one operation over all their representations, in order', () => {
    const merged = mergeEntityFetches([entityFetch('D__discipline__3', ['U1']), entityFetch('D__discipline__6', ['U2', 'U3'])]);
    expect(merged.bodies).toHaveLength(1);
    const sent = JSON.parse(merged.bodies[0]!);
    expect(sent.operationName).toBe('D__discipline__3');
    expect(sent.variables).toEqual({ representations: ['U1', 'U2', 'U3'].map((code) => ({ __typename: 'Unit', code })), since: '2020-01-01' });
    const answer = {
      data: { _entities: [{ clues: { totalCount: 1 } }, null, { clues: { totalCount: 3 } }] },
      errors: [
        { message: 'refused', path: ['_entities', 1, 'clues'], extensions: { code: 'FORBIDDEN' } },
        { message: 'whole request', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
    };
    const [first, second] = merged.split([answer]) as { errors: unknown[] }[];
    expect(first).toEqual({ data: { _entities: [{ clues: { totalCount: 1 } }] }, errors: [answer.errors[1]] });
    expect(second).toEqual({
      data: { _entities: [null, { clues: { totalCount: 3 } }] },
      errors: [{ message: 'refused', path: ['_entities', 0, 'clues'], extensions: { code: 'FORBIDDEN' } }, answer.errors[1]],
    });
    // An error both fetches receive is a copy each: the gateway may amend one without the other.
    expect(first!.errors[0]).not.toBe(second!.errors[1]);
  });

  it('stay apart when their selections or other variables differ, and other operations are sent as they are', () => {
    const other = JSON.stringify({ query: 'query D__discipline__0{units{totalCount}}', operationName: 'D__discipline__0', variables: {} });
    const bodies = [
      entityFetch('D__discipline__1', ['U1']),
      entityFetch('D__discipline__2', ['U2'], { since: '2021-01-01' }),
      other,
      entityFetch('D__discipline__4', ['U4']),
    ];
    const merged = mergeEntityFetches(bodies);
    expect(merged.bodies).toHaveLength(3);
    expect(JSON.parse(merged.bodies[0]!).variables.representations.map((r: { code: string }) => r.code)).toEqual(['U1', 'U4']);
    expect(merged.bodies[1]).toBe(bodies[1]);
    expect(merged.bodies[2]).toBe(other);
    const answers = [{ data: { _entities: ['a1', 'a4'] } }, { data: { _entities: ['a2'] } }, { data: { units: { totalCount: 9 } } }];
    expect(merged.split(answers)).toEqual([
      { data: { _entities: ['a1'] } },
      { data: { _entities: ['a2'] } },
      { data: { units: { totalCount: 9 } } },
      { data: { _entities: ['a4'] } },
    ]);
  });

  it('a merged operation that failed as a whole is every fetch answer', () => {
    const failed = { data: null, errors: [{ message: 'no', path: ['_entities'] }] };
    const parts = splitEntities(failed, [1, 4]);
    expect(parts).toEqual([failed, failed]);
    expect(parts[0]).not.toBe(parts[1]);
    expect(splitEntities({ errors: [{ message: 'invalid' }] }, [2, 2])).toEqual([{ errors: [{ message: 'invalid' }] }, { errors: [{ message: 'invalid' }] }]);
  });
});
