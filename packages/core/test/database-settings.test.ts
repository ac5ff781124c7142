import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyPostgresDatabase } from '../../../test/support/empty-database.ts';
import { type Database, openDatabase } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { requestScope } from '../src/observability/request-scope.ts';

/** The session settings every service connection to PostgreSQL opens with (SESSION_OPTIONS). */
const logger = createLogger({ name: 'test', level: 'silent' });
const opened: Database<any>[] = [];
afterAll(async () => {
  for (const database of opened) await database.close();
});

async function open(url: string) {
  const database = await openDatabase<any>({ url, dataDir: '', migrationFolder: '', logger, migrate: false, poolSize: 3 });
  opened.push(database);
  return database;
}

const show = async (database: Database<any>) => (await sql<{ randomPageCost: string }>`show random_page_cost`.execute(database.db)).rows[0]!.randomPageCost;

describe('PostgreSQL session settings of a service', () => {
  it('plans with random_page_cost 1.1 on every pooled connection', async () => {
    const database = await open(await emptyPostgresDatabase('settings'));
    // Three requests at once: three connections of the pool (one request's statements of a turn share
    // one, statement-pipeline.ts), each opened with the setting.
    const inRequest = (requestId: string) =>
      requestScope.run({ requestId, clientRequestId: null, operation: 'Test', errorCodes: [], started: 0n }, () => show(database));
    expect(await Promise.all([inRequest('a'), inRequest('b'), inRequest('c')])).toEqual(['1.1', '1.1', '1.1']);
    expect(database.pool!().total).toBe(3);
  });

  it('leaves the setting to a database URL that names its own session options', async () => {
    const url = `${await emptyPostgresDatabase('settings')}?options=${encodeURIComponent('-c random_page_cost=2')}`;
    expect(await show(await open(url))).toBe('2');
  });
});
