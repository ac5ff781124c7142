import { type Kysely, sql } from 'kysely';

/**
 * Serialises changes to one record (a unit's coverage, a group's membership, an issue, a staff
 * member's deployments) until the transaction ends, so a check-then-write cannot race with
 * another request doing the same; the loser then sees the winner's row and gets a typed refusal.
 */
export async function lockFor(db: Kysely<any>, what: 'coverage' | 'membership' | 'issue' | 'staff-assignment', id: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`${what}:${id}`}))`.execute(db);
}
