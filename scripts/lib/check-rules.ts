import type { Kysely } from 'kysely';
import type { DisciplineDatabase } from '../../subgraphs/discipline/src/db/database.ts';
import { loadRuleFacts as disciplineFacts } from '../../subgraphs/discipline/src/db/rule-facts.ts';
import { disciplineViolations } from '../../subgraphs/discipline/src/domain/record-rules.ts';
import type { InspectionDatabase } from '../../subgraphs/inspection/src/db/database.ts';
import { loadRuleFacts as inspectionFacts } from '../../subgraphs/inspection/src/db/rule-facts.ts';
import { inspectionViolations, type Violation } from '../../subgraphs/inspection/src/domain/record-rules.ts';

export type { Violation };

/**
 * Puts every stored record of each body to that body's domain rules (the ones its mutations enforce),
 * reading each body's own database. Returns the violations, empty when every record obeys the rules.
 */
export async function checkRules(dbs: { inspection: Kysely<InspectionDatabase>; discipline: Kysely<DisciplineDatabase> }, today: string): Promise<Violation[]> {
  return [...inspectionViolations(await inspectionFacts(dbs.inspection), today), ...disciplineViolations(await disciplineFacts(dbs.discipline), today)];
}
