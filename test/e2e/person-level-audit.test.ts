import net from 'node:net';
import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { auditPersonLevelReads, personLevelFields } from '@hub/core';
import { schema as disciplineSchema } from '../../subgraphs/discipline/src/app.ts';
import { schema as inspectionSchema } from '../../subgraphs/inspection/src/app.ts';
import { schema as stationedSchema } from '../../subgraphs/stationed/src/app.ts';
import { insertCase, insertSanction } from '../../subgraphs/discipline/src/db/cases.ts';
import { insertClue } from '../../subgraphs/discipline/src/db/clues.ts';
import { insertPetition, insertPetitionReporter, insertPetitionSubjects } from '../../subgraphs/discipline/src/db/petitions.ts';
import { insertDepartment, insertPerson, insertStaff } from '../../subgraphs/discipline/src/db/reference.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { randomUnitCode, seed, seedEscalation } from '../support/seed.ts';

let hub: Hub;
const unitCode = randomUnitCode();
/** One record of each type that has person-level fields, by GraphQL type: the parent's key. */
const ids: Record<string, string> = { Unit: unitCode };

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  await seed(hub).units([{ code: unitCode, name: '人员层级审计测试单位' }]);
  const db = hub.discipline.database.db;
  const department = await insertDepartment(db, { name: '第一纪检监察室', kind: 'SUPERVISION_OFFICE' });
  const staff = await insertStaff(db, { name: '赵承办', homeBody: 'DISCIPLINE', departmentId: department.id });
  const person = await insertPerson(db, { name: '钱某', unitCode, post: '主任', rankLevel: 'SECTION', partyMember: true });
  const petition = await insertPetition(db, {
    receivedOn: '2024-02-01',
    channel: 'LETTER',
    category: 'INTEGRITY',
    named: true,
    subjectUnitCode: unitCode,
    summary: '反映钱某问题',
  });
  await insertPetitionReporter(db, { petitionId: petition.id, name: '孙某', contact: null, idNumber: null, address: null });
  await insertPetitionSubjects(db, petition.id, [person.id]);
  const clue = await insertClue(
    db,
    {
      source: 'PETITION',
      petitionId: petition.id,
      clueTransferId: null,
      sourceReference: '信访件',
      subjectUnitCode: unitCode,
      summary: '线索内容',
      receivedOn: '2024-02-10',
      priority: false,
      handlerKind: 'DEPARTMENT',
      handlerDepartmentId: department.id,
      handlerStationedGroupId: null,
      handlerZoneId: null,
      escalated: true,
      escalationReason: '提级理由',
      escalatedOn: '2024-02-11',
      disposalMethod: 'PRELIMINARY_VERIFICATION',
      disposedOn: '2024-03-01',
      disposedByStaffId: staff.id,
      resultReport: '核实结果',
      resultReportedOn: '2024-04-01',
    },
    [person.id],
  );
  const filed = await insertCase(db, {
    clueId: clue.id,
    personId: person.id,
    filedOn: '2024-04-10',
    status: 'CLOSED',
    investigationStartedOn: '2024-04-10',
    trialStartedOn: '2024-05-10',
    closedOn: '2024-06-01',
    transferredToProcuratorateOn: null,
  });
  await insertSanction(db, { caseId: filed.id, personId: person.id, type: 'PARTY_WARNING', decidedOn: '2024-06-01', fourForm: 2 });
  Object.assign(ids, { Person: person.id, Petition: petition.id, Clue: clue.id, Case: filed.id });

  // Inspection: a transferred finding (with a consultation) and a rectification item of the unit, a
  // briefing and the handling of a stationed group's escalation in the transfer's inspection.
  const groupId = crypto.randomUUID();
  const transferId = crypto.randomUUID();
  const itemId = crypto.randomUUID();
  await seed(hub)
    .stationedGroup('人员层级审计测试派驻组', [unitCode], '2020-01-01', null, groupId)
    .clueTransfer({ id: transferId, unitCode, receiverKind: 'DEPARTMENT', receiverId: department.id })
    .rectificationItem({ id: itemId, unitCode, responsiblePersonId: person.id });
  const idb = hub.inspection.database.db;
  const finding = await idb
    .selectFrom('clueTransfer')
    .innerJoin('finding', 'finding.id', 'clueTransfer.findingId')
    .select(['finding.id', 'finding.inspectionId'])
    .where('clueTransfer.id', '=', transferId)
    .executeTakeFirstOrThrow();
  const round = await idb.selectFrom('inspection').select('roundId').where('id', '=', finding.inspectionId).executeTakeFirstOrThrow();
  const consultation = await idb
    .insertInto('consultation')
    .values({
      findingId: finding.id,
      heldOn: '2025-03-22',
      departments: ['CASE_MANAGEMENT_OFFICE'],
      question: '研判问题',
      conclusion: 'TRANSFER_AS_CLUE',
      conclusionNote: '结论说明',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const briefing = await idb
    .insertInto('briefing')
    .values({
      inspectionId: finding.inspectionId,
      body: 'PETITION_OFFICE',
      stationedGroupId: null,
      briefedByStaffId: staff.id,
      briefedOn: '2025-03-02',
      content: '通报内容',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Stationed: an activity with an open issue escalated to that round, and an integrity-file entry of the person.
  const escalationId = await seedEscalation(hub, groupId, unitCode, round.roundId);
  await idb
    .insertInto('escalationHandling')
    .values({
      escalationId,
      stationedGroupId: groupId,
      inspectionId: finding.inspectionId,
      receivedOn: '2025-03-05',
      action: 'NOT_SUBSTANTIATED',
      findingId: null,
      notes: '处理情况',
    })
    .execute();
  const sdb = hub.stationed.database.db;
  const activity = await sdb
    .selectFrom('escalation')
    .innerJoin('supervisionIssue', 'supervisionIssue.id', 'escalation.issueId')
    .select(['supervisionIssue.id as issueId', 'supervisionIssue.activityId'])
    .where('escalation.id', '=', escalationId)
    .executeTakeFirstOrThrow();
  const entry = await sdb
    .insertInto('integrityFileEntry')
    .values({ personId: person.id, groupId, unitCode, kind: 'TALK', recordedOn: '2022-02-01', summary: '廉政谈话', activityId: null, recordedBy: 'seed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(ids, {
    Finding: finding.id,
    Consultation: consultation.id,
    ClueTransfer: transferId,
    Briefing: briefing.id,
    RectificationItem: itemId,
    EscalationHandling: escalationId,
    Escalation: escalationId,
    SupervisionActivity: activity.activityId,
    SupervisionIssue: activity.issueId,
    IntegrityFileEntry: entry.id,
  });
});
afterAll(async () => {
  await hub?.stop();
});

/** How a test reaches one record of each type through the gateway. */
const REACH: Record<string, (selection: string) => { query: string; variables: Record<string, unknown> }> = {
  Unit: (s) => ({ query: `query($code: UnitCode!) { unit(code: $code) { ${s} } }`, variables: { code: unitCode } }),
  Person: (s) => ({ query: `query($id: ID!) { person(id: $id) { ${s} } }`, variables: { id: ids.Person } }),
  Petition: (s) => ({
    query: `query($code: UnitCode!) { petitions(first: 5, filter: { unitCode: $code }) { edges { node { ${s} } } } }`,
    variables: { code: unitCode },
  }),
  Clue: (s) => ({ query: `query($id: ID!) { clue(id: $id) { ${s} } }`, variables: { id: ids.Clue } }),
  Case: (s) => ({ query: `query($id: ID!) { case(id: $id) { ${s} } }`, variables: { id: ids.Case } }),
  Sanction: (s) => ({ query: `query($id: ID!) { case(id: $id) { sanctions { id ${s} } } }`, variables: { id: ids.Case } }),
  Finding: (s) => unitReach(`inspectionFindings(first: 20) { edges { node { ${s} } } }`),
  Consultation: (s) => unitReach(`inspectionFindings(first: 20) { edges { node { consultations { ${s} } } } }`),
  ClueTransfer: (s) => unitReach(`inspectionFindings(first: 20) { edges { node { clueTransfer { ${s} } } } }`),
  Briefing: (s) => unitReach(`inspections(first: 20) { edges { node { briefings { ${s} } } } }`),
  EscalationHandling: (s) => unitReach(`inspections(first: 20) { edges { node { escalationHandlings { ${s} } } } }`),
  RectificationItem: (s) => unitReach(`inspections(first: 20) { edges { node { rectificationPlan { items { ${s} } } } } }`),
  Escalation: (s) => unitReach(`stationedEscalations(first: 20) { edges { node { ${s} } } }`),
  SupervisionActivity: (s) => unitReach(`supervisionActivities(first: 20) { edges { node { ${s} } } }`),
  SupervisionIssue: (s) => unitReach(`openSupervisionIssues(first: 20) { edges { node { ${s} } } }`),
  IntegrityFileEntry: (s) => ({
    query: `query($id: ID!) { person(id: $id) { integrityFile(first: 20) { edges { node { ${s} } } } } }`,
    variables: { id: ids.Person },
  }),
};

function unitReach(selection: string) {
  return { query: `query($code: UnitCode!) { unit(code: $code) { ${selection} } }`, variables: { code: unitCode } };
}

const SUBGRAPH_SCHEMAS = { discipline: disciplineSchema, inspection: inspectionSchema, stationed: stationedSchema };
type Body = keyof typeof SUBGRAPH_SCHEMAS;

function selectionFor(type: string, field: string, schema = disciplineSchema): string {
  const named = getNamedType((schema.getType(type) as GraphQLObjectType).getFields()[field]!.type);
  return isObjectType(named) ? `${field} { __typename }` : field;
}

async function auditRows(purpose: string, body: Body = 'discipline') {
  const result = await sql<{ recordType: string; recordId: string }>`select record_type, record_id from audit_log_record where purpose = ${purpose}`.execute(
    hub[body].database.db,
  );
  return result.rows;
}

describe('every person-level read is audited, derived from the authorization policy', () => {
  const fields = personLevelFields(disciplineSchema);

  it('the policy marks the reads that went unaudited before, among others', () => {
    const names = fields.map((f) => `${f.type}.${f.field}`);
    for (const name of [
      'Petition.subjects',
      'Person.cases',
      'Person.clues',
      'Person.sanctions',
      'Clue.resultReport',
      'Clue.escalationReason',
      'Clue.disposedBy',
      'Petition.summary',
      'Clue.summary',
      'Case.person',
      'Sanction.person',
    ]) {
      expect(names).toContain(name);
    }
  });

  it.each(Object.keys(SUBGRAPH_SCHEMAS) as Body[])('%s: reading each person-level field of its policy writes an audit row for its record', async (body) => {
    const sanctionId = (await hub.query(REACH.Case!('sanctions { id }').query, { id: ids.Case })).data.case.sanctions[0].id as string;
    ids.Sanction = sanctionId;
    const schema = SUBGRAPH_SCHEMAS[body];
    const entries = personLevelFields(schema);
    expect(entries.length).toBeGreaterThan(0);
    for (const { type, field, mark } of entries) {
      const reach = REACH[type];
      expect(reach, `the test knows how to reach a ${type} (add it to REACH)`).toBeDefined();
      const purpose = `逐字段审计 ${body} ${type}.${field}`;
      let response: Awaited<ReturnType<typeof hub.query>> | undefined;
      for (const role of ['leader', 'petition_officer'] as const) {
        const { query, variables } = reach!(selectionFor(type, field, schema));
        response = await hub.query(query, variables, { as: { role }, purpose });
        if (!response.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')) break;
      }
      expect(response!.errors, `${type}.${field}`).toBeUndefined();
      expect(ids[type], `the test seeded a ${type}`).toBeDefined();
      const expected = { recordType: mark.recordType ?? type, recordId: ids[type]! };
      expect(await auditRows(purpose, body), `${body} ${type}.${field}`).toContainEqual(expected);
    }
  });

  it('a refused person-level read leaves no row; one without a stated purpose is refused', async () => {
    const refused = await hub.query(REACH.Clue!('id resultReport').query, { id: ids.Clue }, { as: { role: 'analyst' }, purpose: '越权尝试' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await auditRows('越权尝试')).toEqual([]);

    const before = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(hub.discipline.database.db);
    const noPurpose = await hub.query(REACH.Clue!('id disposalMethod resultReport').query, { id: ids.Clue }, { purpose: null });
    expect(noPurpose.errors?.[0]).toMatchObject({ path: ['clue', 'resultReport'], extensions: { code: 'PURPOSE_REQUIRED' } });
    expect(noPurpose.errors?.[0]?.message).toMatch(/Clue\.resultReport.*X-Access-Purpose/);
    expect(noPurpose.data.clue).toEqual({ id: ids.Clue, disposalMethod: 'PRELIMINARY_VERIFICATION', resultReport: null });
    expect(JSON.stringify(noPurpose)).not.toContain('核实结果');
    const after = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(hub.discipline.database.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});

describe('every subgraph audits its person-level reads through its policy', () => {
  it('inspection and stationed refuse a person-level read without a stated purpose, and write no row', async () => {
    for (const [body, type, field, path] of [
      ['inspection', 'Finding', 'description', ['unit', 'inspectionFindings', 'edges', 0, 'node', 'description']],
      ['stationed', 'Escalation', 'summary', ['unit', 'stationedEscalations', 'edges', 0, 'node', 'summary']],
    ] as const) {
      const count = async () => (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(hub[body].database.db)).rows[0]!.n;
      const before = await count();
      const { query, variables } = REACH[type]!(`id ${field}`);
      const response = await hub.query(query, variables, { purpose: null });
      const refusal = response.errors?.find((e) => e.extensions?.code === 'PURPOSE_REQUIRED');
      expect(refusal, `${type}.${field}`).toMatchObject({ path: [...path] });
      expect(refusal?.message).toContain(`${type}.${field}`);
      expect(await count()).toBe(before);
    }
  });

  const schemas = { discipline: disciplineSchema, inspection: inspectionSchema, stationed: stationedSchema };
  const entries = (body: keyof typeof schemas) =>
    personLevelFields(schemas[body]).map(({ type, field, mark }) => ({ name: `${type}.${field}`, recordType: mark.recordType ?? type, mark }));

  it('the reads inspection and stationed audited by hand are person-level entries of their policies, under the same record types', () => {
    const expected = {
      inspection: {
        'Finding.description': 'Finding',
        'Finding.namedPersons': 'Finding',
        'Consultation.question': 'Consultation',
        'Consultation.conclusionNote': 'Consultation',
        'ClueTransfer.content': 'ClueTransfer',
        'ClueTransfer.namedPersons': 'ClueTransfer',
        'ClueTransfer.feedbackSummary': 'ClueTransfer',
        'Briefing.content': 'Briefing',
        'RectificationItem.responsiblePerson': 'RectificationItem',
        'EscalationHandling.notes': 'EscalationHandling',
      },
      stationed: {
        'Escalation.summary': 'Escalation',
        'Escalation.reason': 'Escalation',
        'IntegrityFileEntry.summary': 'IntegrityFileEntry',
        'Person.integrityFile': 'IntegrityFile',
        'SupervisionActivity.persons': 'SupervisionActivity',
        'SupervisionActivity.notes': 'SupervisionActivity',
        'SupervisionIssue.description': 'SupervisionIssue',
      },
    } as const;
    for (const body of ['inspection', 'stationed'] as const) {
      expect(Object.fromEntries(entries(body).map((e) => [e.name, e.recordType]))).toEqual(expected[body]);
    }
    // The audit record ids are the ones the resolvers used: the record's id, the escalation's for a
    // handling, the person's for an integrity file (and only when it holds an entry).
    const mark = (body: keyof typeof schemas, name: string) => entries(body).find((e) => e.name === name)!.mark;
    expect(mark('inspection', 'EscalationHandling.notes').recordId({ id: 'h', escalationId: 'e-1' })).toBe('e-1');
    expect(mark('inspection', 'Finding.description').recordId({ id: 'f-1' })).toBe('f-1');
    expect(mark('stationed', 'Person.integrityFile').recordId({ id: 'p-1' })).toBe('p-1');
    expect(mark('stationed', 'Person.integrityFile').recordWhen?.({ edges: [] })).toBe(false);
    expect(mark('stationed', 'Person.integrityFile').recordWhen?.({ edges: [{}] })).toBe(true);
  });

  it('every person-level entry of every subgraph is wrapped by the audit at start', () => {
    for (const body of Object.keys(schemas) as (keyof typeof schemas)[]) {
      const schema = auditPersonLevelReads(schemas[body]);
      for (const { name } of entries(body)) {
        const [type, field] = name.split('.') as [string, string];
        const resolved = (schema.getType(type) as GraphQLObjectType).getFields()[field]!;
        expect((resolved as unknown as Record<symbol, boolean>)[Symbol.for('hub.personLevelAudited')], `${body} ${name}`).toBe(true);
      }
    }
  });

  it('no resolver records a read by hand: field reads are audited through the policy', async () => {
    // Left by hand, each for a reason: the owners' reference lookups (a service identity's reads of
    // whole records, not fields), a bulletin's read receipt, and a signal's evidence (one row per
    // record behind it, not per parent).
    const allowed = new Set([
      'inspection/src/schema/references.ts',
      'stationed/src/schema/references.ts',
      'discipline/src/schema/references.ts',
      'discipline/src/schema/bulletin.ts',
      'discipline/src/schema/signals.ts',
      'discipline/src/schema/petition.ts',
    ]);
    const root = new URL('../../subgraphs/', import.meta.url).pathname;
    const found: string[] = [];
    for (const body of Object.keys(schemas)) {
      const dir = path.join(root, body, 'src/schema');
      for (const file of await readdir(dir)) {
        const relative = `${body}/src/schema/${file}`;
        if (!file.endsWith('.ts') || allowed.has(relative)) continue;
        if (/\.audit\.read\(/.test(await readFile(path.join(dir, file), 'utf8'))) found.push(relative);
      }
    }
    expect(found).toEqual([]);
  });
});

describe('the stated purpose travels as UTF-8 and GraphiQL asks for it', () => {
  it('a percent-encoded Chinese purpose and a raw UTF-8 one both reach the audit log intact', async () => {
    const encoded = await hub.query(REACH.Clue!('summary').query, { id: ids.Clue }, { purpose: '巡前通报准备（百分号编码）' });
    expect(encoded.errors).toBeUndefined();
    expect(await auditRows('巡前通报准备（百分号编码）')).toContainEqual({ recordType: 'Clue', recordId: ids.Clue });

    // What curl sends for `-H 'X-Access-Purpose: 原始字节目的'`: the header's UTF-8 bytes as they are.
    const body = Buffer.from(JSON.stringify(REACH.Clue!('summary')));
    const token = await hub.tokenFor({ role: 'leader' });
    const { port, pathname } = new URL(hub.url);
    const head = Buffer.concat([
      Buffer.from(
        `POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${body.length}\r\nConnection: close\r\nX-Access-Purpose: `,
      ),
      Buffer.from('原始字节目的', 'utf8'),
      Buffer.from('\r\n\r\n'),
    ]);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(Buffer.concat([head, body])));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
    });
    const status = Number(raw.split(' ')[1]);
    const text = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ data: { clue: { summary: '线索内容' } } });
    expect(await auditRows('原始字节目的')).toContainEqual({ recordType: 'Clue', recordId: ids.Clue });
  });

  it('the GraphiQL page has a purpose box whose text every request sends percent-encoded', async () => {
    const page = await (await fetch(new URL('/', hub.url), { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('id="hub-purpose-input"');
    expect(page).toContain("headers.set('X-Access-Purpose', encodeURIComponent(purpose))");
  });
});
