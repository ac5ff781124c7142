import net from 'node:net';
import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personLevelFields } from '@hub/core';
import { schema as disciplineSchema } from '../../subgraphs/discipline/src/app.ts';
import { insertCase, insertSanction } from '../../subgraphs/discipline/src/db/cases.ts';
import { insertClue } from '../../subgraphs/discipline/src/db/clues.ts';
import { insertPetition, insertPetitionReporter, insertPetitionSubjects } from '../../subgraphs/discipline/src/db/petitions.ts';
import { insertDepartment, insertPerson, insertStaff } from '../../subgraphs/discipline/src/db/reference.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { randomUnitCode, seed } from '../support/seed.ts';

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
};

function selectionFor(type: string, field: string): string {
  const named = getNamedType((disciplineSchema.getType(type) as GraphQLObjectType).getFields()[field]!.type);
  return isObjectType(named) ? `${field} { __typename }` : field;
}

async function auditRows(purpose: string) {
  const result = await sql<{ recordType: string; recordId: string }>`select record_type, record_id from audit_log where purpose = ${purpose}`.execute(
    hub.discipline.database.db,
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

  it('reading each person-level field writes an audit row for its record', async () => {
    const sanctionId = (await hub.query(REACH.Case!('sanctions { id }').query, { id: ids.Case })).data.case.sanctions[0].id as string;
    ids.Sanction = sanctionId;
    for (const { type, field, mark } of fields) {
      const reach = REACH[type];
      expect(reach, `the test knows how to reach a ${type} (add it to REACH)`).toBeDefined();
      const purpose = `逐字段审计 ${type}.${field}`;
      let response: Awaited<ReturnType<typeof hub.query>> | undefined;
      for (const role of ['leader', 'petition_officer'] as const) {
        const { query, variables } = reach!(selectionFor(type, field));
        response = await hub.query(query, variables, { as: { role }, purpose });
        if (!response.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')) break;
      }
      expect(response!.errors, `${type}.${field}`).toBeUndefined();
      const expected = { recordType: mark.recordType ?? type, recordId: ids[type]! };
      expect(await auditRows(purpose), `${type}.${field}`).toContainEqual(expected);
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
