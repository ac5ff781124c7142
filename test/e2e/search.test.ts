import { SearchDocument } from '@hub/client';
import { ELDERLY_CARE_STORY as story } from '@hub/demo';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { ClueSearchCountDocument, ClueSearchIdsDocument } from '../operations/generated.ts';

let hub: Hub;
const SEARCH = SearchDocument;
const PURPOSE = '巡前通报材料准备（检索）';

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
});
afterAll(async () => {
  await hub?.stop();
});

const ids = (connection: { edges: { node: { id: string } | null }[] } | null | undefined) => (connection?.edges ?? []).map((e) => e.node?.id);

describe('全文检索 under need-to-know', () => {
  it('a leader searching 养老服务中心 finds the 东湖镇 finding, clue and case, and the reads are audited with the purpose', async () => {
    const result = await hub.query(SEARCH, { text: '养老服务中心' }, { as: { role: 'leader', staffId: 'search-leader' }, purpose: PURPOSE });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(ids(result.data?.inspectionFindings)).toContain(story.finding.id);
    expect(ids(result.data?.clues)).toContain(story.clue.id);
    expect(ids(result.data?.cases)).toContain(story.case.id);
    const clue = result.data?.clues?.edges.find((e) => e.node?.id === story.clue.id)?.node;
    expect(clue?.summary).toContain('东湖镇养老服务中心');
    // Chinese n-grams, not words: a part of a word finds it too; an unrelated phrase finds nothing.
    const part = await hub.query(SEARCH, { text: '服务中' }, { as: { role: 'leader' }, purpose: PURPOSE });
    expect(ids(part.data?.clues)).toContain(story.clue.id);
    const none = await hub.query(SEARCH, { text: '不存在的检索词组' }, { as: { role: 'leader' }, purpose: PURPOSE });
    expect([none.data?.clues?.totalCount, none.data?.cases?.totalCount, none.data?.inspectionFindings?.totalCount]).toEqual([0, 0, 0]);

    const audited = await sql<{
      recordType: string;
      recordId: string;
    }>`select record_type, record_id from audit_log_record where staff_id = 'search-leader' and purpose = ${PURPOSE}`.execute(hub.discipline.database.db);
    expect(audited.rows).toEqual(expect.arrayContaining([{ recordType: 'Clue', recordId: story.clue.id }]));
  });

  it("a search by a person's name finds their clues and cases", async () => {
    const director = (await sql<{ name: string }>`select name from person where id = ${story.directorId}`.execute(hub.discipline.database.db)).rows[0]!.name;
    const result = await hub.query(SEARCH, { text: director }, { as: { role: 'leader' }, purpose: PURPOSE });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(ids(result.data?.cases)).toContain(story.case.id);
    expect(ids(result.data?.persons)).toContain(story.directorId);
  });

  it('an analyst finds nothing person-level: every list is refused by path', async () => {
    const result = await hub.query(SEARCH, { text: '养老服务中心' }, { as: { role: 'analyst' }, purpose: PURPOSE });
    // Each refused list is null (the whole answer while the root lists are non-null), never a record.
    expect(result.data === null || (result.data !== undefined && Object.values(result.data).every((v) => v === null))).toBe(true);
    expect(result.errors!.length).toBeGreaterThan(0);
    expect(new Set(result.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
    expect(JSON.stringify(result)).not.toContain('养老服务中心');
    for (const field of ['clues', 'cases', 'petitions', 'inspectionFindings', 'persons']) {
      const alone = await hub.query(
        `query($t: String!) { ${field}(first: 5, filter: { ${field === 'persons' ? 'nameContains' : 'text'}: $t }) { totalCount } }`,
        { t: '养老服务中心' },
        { as: { role: 'analyst' }, purpose: PURPOSE },
      );
      expect(
        alone.errors?.map((e) => [e.extensions?.code, e.path?.[0]]),
        field,
      ).toEqual([['FORBIDDEN', field]]);
    }
  });

  it('a case officer finds only the clues their own office handles', async () => {
    const result = await hub.query(
      ClueSearchIdsDocument,
      { t: '养老服务中心' },
      { as: { role: 'case_officer', scopes: { departmentIds: ['00000000-0000-4000-8000-000000000000'] } }, purpose: PURPOSE },
    );
    expect(result.errors).toBeUndefined();
    expect(ids(result.data?.clues)).toEqual([]);
  });

  it('a search text of one character, or over 100, is refused naming the argument', async () => {
    for (const text of ['养', '养'.repeat(101)]) {
      const result = await hub.query(ClueSearchCountDocument, { t: text }, { as: { role: 'leader' }, purpose: PURPOSE });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain('filter.text');
      expect(result.errors?.[0]?.message).not.toContain('养养');
    }
  });
});
