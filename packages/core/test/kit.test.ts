import { graphql, GraphQLError, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, notInFuture } from '../src/dates.ts';
import { UserErrors, UserInputRefusal, refuse } from '../src/errors.ts';
import { idFilter, idOrRefuse, isUuid, NO_MATCH_ID } from '../src/ids.ts';
import { DATE_ID_KEY, keyCodec, pageKey, paginate, TEXT_ID_KEY } from '../src/pagination.ts';
import { hasControlCharacter, refuseControlCharactersInArguments, requireText } from '../src/text.ts';

const ID = '6f1c2b7e-3d4a-4c5b-8e9f-0a1b2c3d4e5f';
const cursorOf = (key: string) => Buffer.from(`k:${key}`, 'utf8').toString('base64url');

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof UserInputRefusal) return error.errors;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('pagination', () => {
  const rows = [
    { on: '2024-03-01', id: ID },
    { on: '2024-02-01', id: '7f1c2b7e-3d4a-4c5b-8e9f-0a1b2c3d4e5f' },
  ];
  const options = (fetched: unknown[]) => ({
    keys: DATE_ID_KEY,
    key: (row: { on: string; id: string }) => pageKey(row.on, row.id),
    fetch: async (window: unknown) => {
      fetched.push(window);
      return rows;
    },
    count: async () => rows.length,
  });

  it('refuses a forged cursor before fetching, naming the argument', async () => {
    for (const forged of [
      cursorOf('2022-03-20|not-an-id'),
      cursorOf(`2022-02-30|${ID}`),
      cursorOf(`x'; drop table t; --|${ID}`),
      cursorOf('2022-03-20'),
      'not base64 at all!',
    ]) {
      for (const arg of ['after', 'before'] as const) {
        const fetched: unknown[] = [];
        const error = await paginate({ first: 5, [arg]: forged }, options(fetched)).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(GraphQLError);
        expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: arg, field: [arg] });
        expect((error as GraphQLError).message).toMatch(new RegExp(`参数 ${arg} .* — ${arg} is not a cursor`));
        expect(fetched).toEqual([]);
      }
    }
  });

  it('hands its own cursors back as checked keys', async () => {
    const fetched: { after?: string }[] = [];
    const page = await paginate({ first: 1 }, options([]));
    await paginate({ first: 1, after: page.pageInfo.endCursor }, options(fetched));
    expect(fetched[0]!.after).toBe(pageKey('2024-03-01', ID));
  });

  it('refuses first/last out of range', async () => {
    const error = await paginate({ first: 101 }, options([])).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });

  it('codecs check every part and split text keys from the right', () => {
    expect(TEXT_ID_KEY.decode(`王|某|${ID}`)).toEqual(['王|某', ID]);
    expect(TEXT_ID_KEY.decode(`name\u0000|${ID}`)).toBeNull();
    expect(keyCodec('integer').decode('12')).toEqual(['12']);
    expect(keyCodec('integer').decode('12 or 1=1')).toBeNull();
    expect(DATE_ID_KEY.decode(`2024-13-01|${ID}`)).toBeNull();
    expect(() => keyCodec('uuid', 'text')).toThrow();
  });
});

describe('ids', () => {
  it('one id check, one code', () => {
    expect(isUuid(ID)).toBe(true);
    expect(isUuid('not-an-id')).toBe(false);
    expect(idOrRefuse(ID.toUpperCase(), ['input', 'clueId'])).toBe(ID);
    expect(refusal(() => idOrRefuse('not-an-id', ['input', 'clueId'], '线索'))).toEqual([
      { code: 'BAD_USER_INPUT', field: ['input', 'clueId'], message: '线索编号格式无效 — clueId is not a valid id' },
    ]);
    expect(idFilter('nope')).toBe(NO_MATCH_ID);
    expect(idFilter(null)).toBeNull();
  });
});

describe('dates', () => {
  it('adds days and clamps months', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addMonths('2020-11-30', 3)).toBe('2021-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
  });
  it('refuses a future date with the field', () => {
    expect(notInFuture('2024-01-01', ['input', 'heldOn'], '2024-01-01')).toBe('2024-01-01');
    expect(refusal(() => notInFuture('2024-01-02', ['input', 'heldOn'], '2024-01-01'))[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'heldOn'],
    });
  });
});

describe('text', () => {
  it('trims, refuses empty, too long and control characters without echoing the value', () => {
    expect(requireText('  事由  ', ['input', 'reason'], '事由')).toBe('事由');
    expect(requireText('第一行\n第二行\t', ['input', 'reason'], '事由')).toBe('第一行\n第二行');
    expect(refusal(() => requireText('   ', ['input', 'reason'], '事由'))[0]!.message).toBe('事由不能为空 — reason must not be empty');
    expect(refusal(() => requireText('四个字符', ['input', 'reason'], '事由', 3))[0]!.code).toBe('BAD_USER_INPUT');
    const nul = refusal(() => requireText('secret\u0000value', ['input', 'reason'], '事由'))[0]!;
    expect(nul).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'reason'] });
    expect(nul.message).not.toContain('secret');
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085']) expect(hasControlCharacter(`a${c}b`)).toBe(true);
  });
});

describe('UserErrors', () => {
  it('reports all independent problems of one input together', () => {
    const problems = new UserErrors();
    problems.check(false, 'BAD_USER_INPUT', ['input', 'a'], 'a');
    problems.check(true, 'BAD_USER_INPUT', ['input', 'b'], 'b');
    expect(problems.collect(() => requireText('', ['input', 'c'], 'C'))).toBeUndefined();
    expect(problems.collect(() => idOrRefuse(ID, ['input', 'd']))).toBe(ID);
    expect(() =>
      problems.collect(() => {
        throw new Error('internal');
      }),
    ).toThrow('internal');
    expect(refusal(() => problems.throwIfAny()).map((e) => e.field.join('.'))).toEqual(['input.a', 'input.c']);
    expect(() => new UserErrors().throwIfAny()).not.toThrow();
    expect(refusal(() => refuse('CONFLICT', ['input'], 'x'))[0]!.code).toBe('CONFLICT');
  });
});

describe('control characters in arguments', () => {
  let reached = 0;
  const Input = new GraphQLInputObjectType({
    name: 'NoteInput',
    fields: { text: { type: new GraphQLNonNull(GraphQLString) }, tags: { type: new GraphQLList(GraphQLString) } },
  });
  const schema = refuseControlCharactersInArguments(
    new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          echo: {
            type: GraphQLString,
            args: { text: { type: GraphQLString }, input: { type: Input } },
            resolve: (_r, args) => {
              reached += 1;
              return JSON.stringify(args);
            },
          },
        },
      }),
    }),
  );

  it('refuses NUL in literals, variables, input objects and lists before the resolver, naming the path', async () => {
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      ['{ echo(text: "a\\u0000b") }', undefined, 'text'],
      ['query ($t: String) { echo(text: $t) }', { t: 'a\u0000b' }, 'text'],
      ['query ($i: NoteInput) { echo(input: $i) }', { i: { text: 'ok', tags: ['fine', 'x\u0001'] } }, 'input.tags.1'],
      ['{ echo(input: { text: "\\u0000" }) }', undefined, 'input.text'],
    ];
    for (const [source, variableValues, path] of cases) {
      reached = 0;
      const result = await graphql({ schema, source, variableValues });
      expect(reached).toBe(0);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: path.split('.') });
      expect(result.errors?.[0]?.message).toBe(`${path} 含有控制字符 — ${path} contains a control character`);
      expect(result.errors?.[0]?.path).toEqual(['echo']);
    }
  });

  it('lets ordinary text through, line breaks included', async () => {
    const result = await graphql({ schema, source: 'query ($t: String) { echo(text: $t) }', variableValues: { t: '第一行\n第二行' } });
    expect(result.errors).toBeUndefined();
    expect(refuseControlCharactersInArguments(schema)).toBe(schema);
  });
});
