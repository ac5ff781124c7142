import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { emptyPgliteDatabase } from '../../../test/support/pglite.ts';
import { DATE_ID_KEY, pageKey, type PageWindow } from '../src/pagination.ts';
import { countParentRows, findParentPages, parentPages } from '../src/parent-pages.ts';

interface Row {
  id: string;
  unitCode: string;
  heldOn: string;
}

let dir: string;
let database: Database<{ record: Row }>;
/** Three parents: A with 7 records on distinct days and two sharing a day, B with 3, C with none. */
const rows: Row[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hub-parent-pages-'));
  const migrations = path.join(dir, 'migrations');
  await mkdir(migrations);
  await writeFile(
    path.join(migrations, '20260101T000000_record.ts'),
    `export async function up(db) { await db.schema.createTable('record').addColumn('id', 'uuid', (c) => c.primaryKey()).addColumn('unit_code', 'text').addColumn('held_on', 'date').execute(); }`,
  );
  // A new embedded database (a copy of one just after initdb: test/support/pglite.ts), then the migration.
  await emptyPgliteDatabase(path.join(dir, 'db'));
  database = await openDatabase({ dataDir: path.join(dir, 'db'), migrationFolder: migrations, logger: createLogger({ name: 'test', level: 'silent' }) });
  for (let i = 0; i < 7; i++) rows.push({ id: randomUUID(), unitCode: 'A', heldOn: `2024-01-${String(10 + i).padStart(2, '0')}` });
  rows.push({ id: randomUUID(), unitCode: 'A', heldOn: '2024-01-12' }, { id: randomUUID(), unitCode: 'A', heldOn: '2024-01-12' });
  for (let i = 0; i < 3; i++) rows.push({ id: randomUUID(), unitCode: 'B', heldOn: `2023-06-0${i + 1}` });
  await database.db.insertInto('record').values(rows).execute();
});
afterAll(async () => {
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

const ORDER = { parent: 'unitCode', columns: ['heldOn', 'id'], keys: DATE_ID_KEY, order: 'desc' } as const;
const key = (row: Row) => pageKey(row.heldOn, row.id);
/** The rows of a parent in page order (newest first, then id descending), as the database would give them. */
const expected = (unitCode: string) =>
  rows.filter((r) => r.unitCode === unitCode).sort((a, b) => (a.heldOn === b.heldOn ? (a.id < b.id ? 1 : -1) : a.heldOn < b.heldOn ? 1 : -1));
const base = (codes: readonly string[]) => database.db.selectFrom('record').selectAll().where('unitCode', 'in', codes);

describe('findParentPages: per-parent keyset windows in one statement', () => {
  it("keeps each parent's first rows in page order", async () => {
    const found = await findParentPages(database.db, base(['A', 'B', 'C']), { limit: 4, inverted: false }, ORDER);
    expect(found.filter((r) => r.unitCode === 'A').map((r) => r.id)).toEqual(
      expected('A')
        .slice(0, 4)
        .map((r) => r.id),
    );
    expect(found.filter((r) => r.unitCode === 'B').map((r) => r.id)).toEqual(expected('B').map((r) => r.id));
    expect(Object.keys(found[0]!).sort()).toEqual(['heldOn', 'id', 'unitCode']);
  });

  it('walks every page of a parent by its keys, through rows sharing a date, without overlap or gap', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const found = await findParentPages(database.db, base(['A']), { after, limit: 2, inverted: false }, ORDER);
      seen.push(...found.map((r) => r.id));
      if (found.length < 2) break;
      after = key(found.at(-1)!);
    }
    expect(seen).toEqual(expected('A').map((r) => r.id));
  });

  it('pages backwards (last/before) in reverse order', async () => {
    const all = expected('A');
    const found = await findParentPages(database.db, base(['A']), { before: key(all[5]!), limit: 2, inverted: true }, ORDER);
    expect(found.map((r) => r.id)).toEqual([all[4]!.id, all[3]!.id]);
  });

  it('counts per parent in one grouped statement', async () => {
    const counts = await countParentRows(database.db, base(['A', 'B', 'C']), 'unitCode');
    expect(Object.fromEntries(counts.map((c) => [c.parent, c.count]))).toEqual({ A: 9, B: 3 });
  });
});

describe('parentPages: loaders keyed by parent and window', () => {
  function loaders() {
    const windows: PageWindow[] = [];
    let counts = 0;
    const pages = parentPages<Row>({
      fetch: (parents, window) => {
        windows.push(window);
        return findParentPages(database.db, base(parents), window, ORDER);
      },
      count: (parents) => {
        counts++;
        return countParentRows(database.db, base(parents), 'unitCode');
      },
      parentOf: (row) => row.unitCode,
      validParent: (parent) => parent !== 'not-a-code',
      keys: DATE_ID_KEY,
      key,
    });
    return { pages, windows, counts: () => counts };
  }

  it('answers the same window for many parents with one fetch and one count', async () => {
    const { pages, windows, counts } = loaders();
    const answers = await Promise.all(['A', 'B', 'C', 'not-a-code'].map((code) => pages.page(code, { first: 3 })));
    expect(windows).toHaveLength(1);
    expect(answers.map((a) => a.edges.length)).toEqual([3, 3, 0, 0]);
    expect(answers.map((a) => a.pageInfo.hasNextPage)).toEqual([true, false, false, false]);
    expect(await Promise.all(answers.map((a) => a.totalCount()))).toEqual([9, 3, 0, 0]);
    // A first page has no cursor: its statement counted each parent's rows too, so no count statement runs.
    expect(counts()).toBe(0);
    expect(answers[2]!.pageInfo.endCursor).toBeNull();
  });

  it('counts from a first or last page, and with one count statement after a cursor', async () => {
    const { pages, windows, counts } = loaders();
    const last = await Promise.all(['A', 'B', 'C'].map((code) => pages.page(code, { last: 2 })));
    expect(await Promise.all(last.map((a) => a.totalCount()))).toEqual([9, 3, 0]);
    expect(counts()).toBe(0);
    const first = await pages.page('A', { first: 2 });
    // A request that starts after a cursor has no page without one to count from.
    const later = loaders();
    const second = await Promise.all(['A', 'B'].map((code) => later.pages.page(code, { first: 2, after: first.pageInfo.endCursor })));
    expect(second[0]!.edges.map((e) => e.node.id)).toEqual(
      expected('A')
        .slice(2, 4)
        .map((r) => r.id),
    );
    // After a cursor the page statement sees only the rows past it: the count is its own statement, and
    // the totals stay those of every row.
    expect(await Promise.all(second.map((a) => a.totalCount()))).toEqual([9, 3]);
    expect(later.counts()).toBe(1);
    expect(later.windows.every((w) => w.after !== undefined)).toBe(true);
    expect(windows.every((w) => w.after === undefined)).toBe(true);
    expect(Object.keys(second[0]!.edges[0]!.node).sort()).toEqual(['heldOn', 'id', 'unitCode']);
  });

  it('follows end cursors page by page and refuses a cursor it did not hand out, naming the argument', async () => {
    const { pages } = loaders();
    const ids: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await pages.page('A', { first: 4, after });
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(expected('A').map((r) => r.id));
    const forged = Buffer.from('k:2024-01-01|x', 'utf8').toString('base64url');
    await expect(pages.page('A', { first: 2, after: forged })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
    await expect(pages.page('A', { first: 101 })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' } });
  });
});
