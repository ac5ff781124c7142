import { randomUUID } from 'node:crypto';
import { UNHANDLED_CLUE } from '../support/seed-discipline.ts';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createLogger, openDatabase, type Role } from '@hub/core';
import { sql } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertClue } from '../../subgraphs/discipline/src/db/clues.ts';
import { freshDatabases, type Hub, restrictedDatabases, startHub } from '../support/hub.ts';
import { inspectionSteps, prepareRound } from '../support/seed-inspection.ts';
import { randomUnitCode, seed } from '../support/seed.ts';
import { mutateOk } from '../support/seed-stationed.ts';
import { CreateDepartmentDocument, InspectionSignalEvidenceDocument, InspectionSignalsDocument, RegisterClueDocument } from '../operations/generated.ts';

/**
 * Issue 12's signal "a transferred clue without registration after N working days", through the
 * gateway: inspection transfers two clues, discipline registers one (its `clueRegistered` fact travels
 * by the outbox), and the unit's inspection signals name the other — honouring `asOf` and `since`.
 */
type Options = Parameters<Hub['query']>[2];
const as = (role: Role, purpose: string, scopes: Record<string, string[]> = {}): Options => ({ as: { role, scopes }, purpose });
const SIGNALS = InspectionSignalsDocument;

let hub: Hub;
const unitCode = randomUnitCode();
const transfers: { registered: string; unregistered: string } = { registered: '', unregistered: '' };

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  await seed(hub).units([{ code: unitCode, name: '云溪镇石门村党支部', kind: 'VILLAGE', level: 'VILLAGE', township: '云溪镇' }]);
  const round = await prepareRound(hub, { unitCodes: [unitCode], year: 2025, number: 7, startOn: '2025-03-03' });
  const { ok } = inspectionSteps(hub);
  const department = await mutateOk(
    hub,
    'createDepartment',
    CreateDepartmentDocument,
    { input: { name: `第六纪检监察室${randomUUID().slice(0, 4)}`, kind: 'SUPERVISION_OFFICE' } },
    as('leader', '机构设置'),
  );
  if (!department.department) throw new Error('createDepartment: no department');
  const officeId = department.department.id;
  await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'ENTRY', on: '2025-03-10' });
  const ids: string[] = [];
  for (const description of ['虚报冒领危房改造补助资金', '违规发放村干部补贴']) {
    const finding = await ok('recordFinding', {
      inspectionId: round.inspections[unitCode],
      category: 'FUNDS_MANAGEMENT',
      description,
      recordedOn: '2025-03-20',
    });
    ids.push(finding.id);
  }
  await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'FACT_FINDING', on: '2025-03-21' });
  const made: string[] = [];
  for (const findingId of ids) {
    await ok('recordConsultation', {
      findingId,
      heldOn: '2025-03-25',
      departments: ['INSPECTION_OFFICE', 'SUPERVISION_OFFICE'],
      question: '是否作为问题线索移交',
      conclusion: 'TRANSFER_AS_CLUE',
      conclusionNote: '移交纪检监察室',
    });
    // Friday 2025-03-28: the 15th working day after it is Monday 04-21 (清明 04-04 is a holiday).
    made.push((await ok('transferClue', { findingId, transferredOn: '2025-03-28', receiver: { kind: 'DEPARTMENT', id: officeId }, priority: true })).id);
  }
  transfers.registered = made[0]!;
  transfers.unregistered = made[1]!;
  // Discipline registers the first, late (04-25): inspection learns it from the clueRegistered event.
  await mutateOk(
    hub,
    'registerClue',
    RegisterClueDocument,
    {
      input: {
        source: 'INSPECTION_TRANSFER',
        clueTransferId: transfers.registered,
        subjectUnitCode: unitCode,
        receivedOn: '2025-04-25',
        summary: '巡察移交：虚报冒领危房改造补助资金',
        handler: { departmentId: officeId },
      },
    },
    as('case_manager', '线索登记'),
  );
}, 180_000);
afterAll(() => hub?.stop());

const signal = async (since: string, asOf: string) => {
  const response = await hub.query(SIGNALS, { code: unitCode, since, asOf }, as('leader', '巡前通报准备'));
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data?.unit?.inspectionSignals?.find((s) => s.kind === 'TRANSFER_NOT_REGISTERED') ?? null;
};

it('records the registration inspection learns through the outbox, and signals only the transfer left unregistered', async () => {
  // The event travels on its own: wait until inspection has applied it.
  let after: Awaited<ReturnType<typeof signal>> = null;
  for (let i = 0; i < 100; i++) {
    after = await signal('2025-01-01', '2025-05-30');
    if (after?.evidenceCount === 1) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const row = await hub.inspection.database.db
    .selectFrom('clueTransfer')
    .select('registeredOn')
    .where('id', '=', transfers.registered)
    .executeTakeFirstOrThrow();
  expect(row.registeredOn).toBe('2025-04-25');
  expect(after).toMatchObject({ evidence: [transfers.unregistered], evidenceCount: 1, earliestDueOn: '2025-04-21' });
  expect(after?.title).toMatch(
    /^2025-01-01至2025-05-30移交、截至2025-05-30超过15个工作日仍未登记的问题线索1件 — 1 clue transfer\(s\) made .* not registered more than 15 working days later/,
  );
});

it('honours asOf (nothing after it counts) and since', async () => {
  // On the due day itself nothing is late yet; the day after, both are (the registration came on 04-25).
  expect(await signal('2025-01-01', '2025-04-21')).toBeNull();
  expect(await signal('2025-01-01', '2025-04-22')).toMatchObject({ evidenceCount: 2 });
  expect((await signal('2025-01-01', '2025-04-24'))?.evidence?.sort()).toEqual([transfers.registered, transfers.unregistered].sort());
  expect(await signal('2025-01-01', '2025-04-25')).toMatchObject({ evidence: [transfers.unregistered] });
  // Transfers made before the window do not count.
  expect(await signal('2025-03-29', '2025-05-30')).toBeNull();
});

it('names its evidence only to those who may read the transfers', async () => {
  const response = await hub.query(
    InspectionSignalEvidenceDocument,
    { code: unitCode, since: '2025-01-01', asOf: '2025-05-30' },
    as('stationed_officer', '派驻监督', { stationedGroupIds: [randomUUID()] }),
  );
  expect(response.errors?.length).toBeGreaterThan(0);
  expect(response.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  expect(JSON.stringify(response.data ?? null)).not.toContain(transfers.unregistered);
});

it('announces clues registered before the event existed, once each, through the outbox (migration)', async () => {
  const { migrationDatabases } = await restrictedDatabases();
  const migrationFolder = path.resolve('subgraphs/discipline/src/db/migrations');
  const logger = createLogger({ name: 'migration-test', level: 'silent' });
  const database = await openDatabase<any>({ url: migrationDatabases.discipline, dataDir: '', migrationFolder, logger, migrate: false });
  try {
    const migrator = new Migrator({ db: database.db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) });
    const before = (await migrator.getMigrations())
      .map((m) => m.name)
      .filter((name) => name < '20261130T100000_clue_registered_backfill')
      .at(-1)!;
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const db = database.db;
    const {
      rows: [office],
    } = await sql<{ id: string }>`insert into department (name, kind) values ('第二纪检监察室', 'SUPERVISION_OFFICE') returning id`.execute(db);
    const clue = (clueTransferId: string | null, receivedOn: string) =>
      insertClue(
        db,
        {
          source: clueTransferId ? 'INSPECTION_TRANSFER' : 'OTHER',
          petitionId: null,
          clueTransferId,
          sourceReference: null,
          subjectUnitCode: null,
          summary: '迁移前登记的线索',
          receivedOn,
          priority: true,
          handlerKind: 'DEPARTMENT',
          handlerDepartmentId: office!.id,
          handlerStationedGroupId: null,
          handlerZoneId: null,
          escalated: false,
          ...UNHANDLED_CLUE,
        },
        [],
      );
    const registered = randomUUID();
    const voided = randomUUID();
    await clue(registered, '2021-01-04');
    await clue(null, '2021-02-01');
    const gone = await clue(voided, '2021-03-01');
    await sql`update clue set voided_at = now(), void_reason = '误录', voided_by = 'test' where id = ${gone.id}`.execute(db);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const { rows } = await sql<{ topic: string; payload: Record<string, unknown> }>`select topic, payload from outbox order by id`.execute(db);
    expect(rows).toEqual([{ topic: 'clueRegistered', payload: { clueTransferId: registered, registeredOn: '2021-01-04' } }]);
  } finally {
    await database.close();
  }
});
