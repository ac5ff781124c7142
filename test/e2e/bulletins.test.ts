import path from 'node:path';
import { createLogger, openDatabase } from '@hub/core';
import { Migrator, FileMigrationProvider } from 'kysely/migration';
import { promises as fs } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDepartment } from '../../subgraphs/discipline/src/db/reference.ts';
import { insertPetition } from '../../subgraphs/discipline/src/db/petitions.ts';
import { insertFinding } from '../../subgraphs/inspection/src/db/findings.ts';
import { insertInspection, insertRound, insertTeam } from '../../subgraphs/inspection/src/db/rounds.ts';
import { freshDatabases, type Hub, restrictedDatabases, startHub } from '../support/hub.ts';
import { randomUnitCode, seed } from '../support/seed.ts';
import { BulletinReadReceiptsDocument, BulletinsDocument, IssueBulletinDocument, type IssueBulletinInput } from '../operations/generated.ts';

const GROUP_A = '6f1c1b7e-0a51-4a43-9a7e-6f0c5e1a0a01';
const GROUP_B = '6f1c1b7e-0a51-4a43-9a7e-6f0c5e1a0a02';
/** An inspection team (inspection's record), created before the tests. */
let TEAM: string;
/** A cadre of 巡察办 (discipline's staff pool: home body INSPECTION), and an officer borrowed from a bureau. */
const OFFICE_CLERK = '6f1c1b7e-0a51-4a43-9a7e-6f0c5e1a0a11';
const BORROWED = '6f1c1b7e-0a51-4a43-9a7e-6f0c5e1a0a12';
const officeClerk = { role: 'inspection_officer' as const, staffId: OFFICE_CLERK };

const ISSUE = IssueBulletinDocument;
const READ = BulletinsDocument;
const RECEIPTS = BulletinReadReceiptsDocument;

let hub: Hub;
let petitionOffice: { id: string };
let caseManagement: { id: string };
let secondOffice: { id: string };

const groupOfficer = (id: string, staffId = `staff-of-${id.slice(-2)}`) => ({
  role: 'stationed_officer' as const,
  staffId,
  scopes: { stationedGroupIds: [id] },
});

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  const db = hub.discipline.database.db;
  petitionOffice = await insertDepartment(db, { name: '信访室（通报测试）', kind: 'PETITION_OFFICE' });
  caseManagement = await insertDepartment(db, { name: '案件监督管理室（通报测试）', kind: 'CASE_MANAGEMENT' });
  secondOffice = await insertDepartment(db, { name: '第二纪检监察室（通报测试）', kind: 'SUPERVISION_OFFICE' });
  const code = randomUnitCode();
  await seed(hub).units([{ code, name: '通报测试单位' }]);
  // Recipients are the owners' records: the groups in stationed, the team in inspection.
  await seed(hub)
    .staff([OFFICE_CLERK], 'INSPECTION')
    .staff([BORROWED], 'DISCIPLINE')
    .stationedGroup('派驻第一纪检组（通报测试）', [], '2020-01-01', null, GROUP_A)
    .stationedGroup('派驻第二纪检组（通报测试）', [], '2020-01-01', null, GROUP_B);
  const roundId = await insertRound(hub.inspection.database.db, { year: 2024, number: 10, theme: '通报测试巡察', startOn: '2024-03-01', stage: 'ENTRY' });
  TEAM = await insertTeam(hub.inspection.database.db, { roundId, name: '第一巡察组' });
  // What inspection recorded in the first quarter: one unit inspected, one finding (the 巡察办 figures come from these).
  const inspectionId = await insertInspection(hub.inspection.database.db, { roundId, teamId: TEAM, unitCode: code });
  await insertFinding(
    hub.inspection.database.db,
    { inspectionId, category: 'FUNDS_MANAGEMENT', description: '违规发放补贴', amountInvolved: '1203400.50', recordedOn: '2024-03-20' },
    [],
  );
  for (const [receivedOn, channel, category] of [
    ['2024-01-10', 'LETTER', 'FORMALISM'],
    ['2024-02-11', 'ONLINE', 'FORMALISM'],
    ['2024-03-12', 'ONLINE', 'INTEGRITY'],
    ['2024-05-01', 'PHONE', 'HEDONISM'],
  ] as const) {
    await insertPetition(db, { receivedOn, channel, category, named: channel === 'LETTER', subjectUnitCode: code, summary: '通报统计用信访件' });
  }
});
afterAll(async () => {
  await hub?.stop();
});

const inspectionReport: IssueBulletinInput = {
  kind: 'INSPECTION_REPORT',
  title: '第十轮巡察情况报备材料',
  periodStart: '2024-01-01',
  periodEnd: '2024-03-31',
  issuedOn: '2024-04-08',
  body: '区委书记专题会听取第十轮巡察情况汇报，现将报备材料提供给派驻纪检组，供日常监督参考。',
  recipients: [{ kind: 'STATIONED_GROUP', targetId: GROUP_A }],
  // What no record holds, stated by 巡察办 beside the figures generated from inspection's records.
  figures: [
    { key: 'meeting.items', label: '专题会研究事项', count: 4, unit: '项' },
    { key: 'meeting.refunds', label: '责令退还资金', amount: '3200.00', unit: '元' },
  ],
  materials: [{ title: '专题会报备材料', reference: '巡办〔2024〕3号', heldBy: '区委巡察办' }],
};

describe('定期通报 carry their content and follow their recipients', () => {
  let reportId: string;

  it('the inspection office issues its report material with figures to one stationed group', async () => {
    const result = await hub.query(ISSUE, { input: inspectionReport }, { as: officeClerk });
    expect(result.errors).toBeUndefined();
    const payload = result.data?.issueBulletin;
    expect(payload?.errors).toEqual([]);
    const bulletin = payload?.bulletin;
    if (!bulletin) throw new Error('issueBulletin: no bulletin');
    expect(bulletin.issuer).toBe('INSPECTION_OFFICE');
    expect(bulletin.issuerDepartment).toBeNull();
    expect(bulletin.recipients).toEqual([{ kind: 'STATIONED_GROUP', targetId: GROUP_A }]);
    // The period's inspection figures come from inspection's records (through its owner lookup); the stated ones follow.
    expect(bulletin.figures).toEqual([
      { key: 'inspection.rounds', label: '启动巡察轮次', count: 1, amount: null, unit: '轮' },
      { key: 'inspection.units', label: '巡察单位', count: 1, amount: null, unit: '个' },
      { key: 'inspection.findings', label: '发现问题', count: 1, amount: null, unit: '个' },
      { key: 'inspection.findings.category.FUNDS_MANAGEMENT', label: '问题类别：资金资产资源管理问题', count: 1, amount: null, unit: '个' },
      { key: 'inspection.findings.amount', label: '发现问题涉及金额', count: null, amount: '1203400.50', unit: '元' },
      { key: 'inspection.transfers', label: '移交问题线索', count: 0, amount: null, unit: '件' },
      { key: 'inspection.transfers.escalated', label: '其中提级办理', count: 0, amount: null, unit: '件' },
      { key: 'inspection.rectification.completed', label: '完成整改事项', count: 0, amount: null, unit: '项' },
      { key: 'meeting.items', label: '专题会研究事项', count: 4, amount: null, unit: '项' },
      { key: 'meeting.refunds', label: '责令退还资金', count: null, amount: '3200.00', unit: '元' },
    ]);
    expect(bulletin.materials).toEqual([{ title: '专题会报备材料', reference: '巡办〔2024〕3号', heldBy: '区委巡察办' }]);
    reportId = bulletin.id;
  });

  it('the recipient group reads it; another group neither lists nor reads it', async () => {
    const own = await hub.query(READ, {}, { as: groupOfficer(GROUP_A) });
    expect(own.errors).toBeUndefined();
    const node = own.data?.bulletins?.edges.map((e) => e.node).find((n) => n?.id === reportId);
    expect(node?.body).toContain('第十轮巡察');
    expect(node?.figures.map((f) => f.key)).toEqual(expect.arrayContaining(['inspection.units', 'inspection.findings.amount', 'meeting.items']));

    const other = await hub.query(READ, {}, { as: groupOfficer(GROUP_B) });
    expect(other.errors).toBeUndefined();
    expect(other.data?.bulletins?.edges.map((e) => e.node?.id)).not.toContain(reportId);

    // Reached through the issue payload's loader is no way around it either: the type itself is guarded.
    const analyst = await hub.query(READ, {}, { as: { role: 'analyst' } });
    expect(analyst.data?.bulletins?.edges.map((e) => e.node?.id)).not.toContain(reportId);
  });

  it('the issuing body and leaders read it; leaders and the issuer see who read it', async () => {
    for (const as of [{ role: 'leader' as const }, officeClerk]) {
      const result = await hub.query(READ, {}, { as });
      expect(result.data?.bulletins?.edges.map((e) => e.node?.id)).toContain(reportId);
    }
    // An inspection officer who is not of 巡察办 (borrowed, or without a staff record) is not its issuer.
    for (const staffId of [BORROWED, 'no-staff-record']) {
      const result = await hub.query(READ, {}, { as: { role: 'inspection_officer', staffId } });
      expect(result.data?.bulletins?.edges.map((e) => e.node?.id)).not.toContain(reportId);
    }
    const receipts = await hub.query(RECEIPTS, {}, { as: { role: 'leader' } });
    const report = receipts.data?.bulletins?.edges.map((e) => e.node).find((n) => n?.id === reportId);
    expect(report?.readReceipts?.map((r) => r.staffId)).toEqual(expect.arrayContaining(['staff-of-01', 'staff-leader', OFFICE_CLERK]));
    const byIssuer = await hub.query(RECEIPTS, {}, { as: officeClerk });
    expect(byIssuer.data?.bulletins?.edges.map((e) => e.node).find((n) => n?.id === reportId)?.readReceipts?.length).toBeGreaterThan(0);
    expect(report?.readReceipts?.map((r) => r.staffId)).not.toContain('staff-of-02');

    const byRecipient = await hub.query(RECEIPTS, {}, { as: groupOfficer(GROUP_A) });
    const seen = byRecipient.data?.bulletins?.edges.map((e) => e.node).find((n) => n?.id === reportId);
    expect(seen?.readReceipts).toBeNull();
    expect(byRecipient.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an inspection team addressed by id reads a bulletin, the whole stationed force does not', async () => {
    const input: IssueBulletinInput = {
      ...inspectionReport,
      title: '发给一个巡察组的通报',
      recipients: [{ kind: 'INSPECTION_TEAM', targetId: TEAM }],
      figures: [],
      materials: [],
    };
    const issued = await hub.query(ISSUE, { input }, { as: { role: 'leader' } });
    const id = issued.data?.issueBulletin?.bulletin?.id;
    const stationed = await hub.query(READ, {}, { as: groupOfficer(GROUP_A) });
    expect(stationed.data?.bulletins?.edges.map((e) => e.node?.id)).not.toContain(id);
    const team = await hub.query(READ, {}, { as: { role: 'inspection_officer', scopes: { inspectionTeamIds: [TEAM] } } });
    expect(team.data?.bulletins?.edges.map((e) => e.node?.id)).toContain(id);
  });

  it('who may issue which kind follows the roles', async () => {
    const caseStatus: IssueBulletinInput = {
      kind: 'CASE_STATUS',
      title: '案件查处情况',
      periodStart: '2024-01-01',
      periodEnd: '2024-03-31',
      issuedOn: '2024-04-10',
      body: '一季度案件情况。',
      recipients: [{ kind: 'ALL_DEPARTMENTS' }],
    };
    const refused = await hub.query(ISSUE, { input: caseStatus }, { as: { role: 'petition_officer', scopes: { departmentIds: [petitionOffice.id] } } });
    expect(refused.data?.issueBulletin ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const byStationed = await hub.query(ISSUE, { input: inspectionReport }, { as: groupOfficer(GROUP_A) });
    expect(byStationed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const allowed = await hub.query(ISSUE, { input: caseStatus }, { as: { role: 'case_manager', scopes: { departmentIds: [caseManagement.id] } } });
    expect(allowed.data?.issueBulletin?.errors).toEqual([]);
    expect(allowed.data?.issueBulletin?.bulletin?.issuerDepartment?.name).toBe('案件监督管理室（通报测试）');
  });

  it("figures of a petition analysis are generated from the period's records, not typed in", async () => {
    const input: IssueBulletinInput = {
      kind: 'PETITION_ANALYSIS',
      title: '一季度信访举报分析',
      periodStart: '2024-01-01',
      periodEnd: '2024-03-31',
      issuedOn: '2024-04-05',
      body: '一季度信访举报情况分析。',
      recipients: [{ kind: 'DEPARTMENT', targetId: secondOffice.id }],
    };
    const as = { role: 'petition_officer' as const, scopes: { departmentIds: [petitionOffice.id] } };
    const typed = await hub.query(ISSUE, { input: { ...input, figures: [{ key: 'petitions.total', label: '受理', count: 99, unit: '件' }] } }, { as });
    expect(typed.data?.issueBulletin?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'figures'] })]);

    const issued = await hub.query(ISSUE, { input }, { as });
    expect(issued.data?.issueBulletin?.errors).toEqual([]);
    const figures = Object.fromEntries(issued.data?.issueBulletin?.bulletin?.figures.map((f) => [f.key, f.count]) ?? []);
    expect(figures).toMatchObject({
      'petitions.total': 3,
      'petitions.named': 1,
      'petitions.channel.ONLINE': 2,
      'petitions.channel.LETTER': 1,
      'petitions.category.FORMALISM': 2,
      'petitions.category.INTEGRITY': 1,
    });
    expect(figures['petitions.category.HEDONISM']).toBeUndefined();

    const office = await hub.query(READ, {}, { as: { role: 'case_officer', scopes: { departmentIds: [secondOffice.id] } } });
    expect(office.data?.bulletins?.edges.map((e) => e.node?.id)).toContain(issued.data?.issueBulletin?.bulletin?.id);
  });

  it('recipients come from the registry: an unknown department and free text are refused', async () => {
    const input: IssueBulletinInput = { ...inspectionReport, recipients: [{ kind: 'DEPARTMENT', targetId: '6f1c1b7e-0a51-4a43-9a7e-6f0c5e1a0aff' }] };
    const unknown = await hub.query(ISSUE, { input }, { as: officeClerk });
    expect(unknown.data?.issueBulletin?.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'recipients', '0', 'targetId'] })]);
    const text = await hub.query(
      ISSUE,
      { input: { ...inspectionReport, recipients: [{ kind: 'STATIONED_GROUP', targetId: '各派驻纪检组' }] } },
      { as: officeClerk },
    );
    expect(text.data?.issueBulletin?.errors).toEqual([expect.objectContaining({ field: ['input', 'recipients', '0', 'targetId'] })]);
    const none = await hub.query(ISSUE, { input: { ...inspectionReport, recipients: [] } }, { as: officeClerk });
    expect(none.data?.issueBulletin?.errors).toEqual([expect.objectContaining({ field: ['input', 'recipients'] })]);
  });

  it('a stationed group or inspection team must exist, as its owner tells at issue time', async () => {
    const missing = '6f1c1b7e-0a51-4a43-9a7e-6f0c5e1a0aee';
    const input: IssueBulletinInput = {
      ...inspectionReport,
      recipients: [
        { kind: 'STATIONED_GROUP', targetId: GROUP_A },
        { kind: 'STATIONED_GROUP', targetId: missing },
        { kind: 'INSPECTION_TEAM', targetId: missing },
      ],
    };
    const refused = await hub.query(ISSUE, { input }, { as: officeClerk });
    expect(refused.errors).toBeUndefined();
    expect(refused.data?.issueBulletin?.bulletin).toBeNull();
    // Both owners are asked at once: the refusals come in either order.
    expect(refused.data?.issueBulletin?.errors).toHaveLength(2);
    expect(refused.data?.issueBulletin?.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'recipients', '1', 'targetId'] }),
        expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'recipients', '2', 'targetId'] }),
      ]),
    );
    for (const e of refused.data?.issueBulletin?.errors ?? []) expect(e.message).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fff].* — .*no such/);
    const known = await hub.query(
      ISSUE,
      {
        input: {
          ...input,
          recipients: [
            { kind: 'STATIONED_GROUP', targetId: GROUP_B },
            { kind: 'INSPECTION_TEAM', targetId: TEAM },
          ],
        },
      },
      { as: officeClerk },
    );
    expect(known.data?.issueBulletin?.errors).toEqual([]);
  });

  it('巡察办 may not type in a figure its records generate', async () => {
    const typed = await hub.query(
      ISSUE,
      { input: { ...inspectionReport, figures: [{ key: 'inspection.units', label: '巡察单位', count: 40, unit: '个' }] } },
      { as: officeClerk },
    );
    expect(typed.data?.issueBulletin?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'figures', '0', 'key'] })]);
  });

  it('巡察办 material is issued by 巡察办 itself (or a leader): not by any inspection officer', async () => {
    for (const as of [
      { role: 'inspection_officer' as const, staffId: BORROWED },
      { role: 'inspection_officer' as const, staffId: 'no-staff-record' },
    ]) {
      const refused = await hub.query(ISSUE, { input: inspectionReport }, { as });
      expect(refused.data?.issueBulletin ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.errors?.[0]?.message).toMatch(/巡察办.* — .*inspection office/);
    }
    const byLeader = await hub.query(ISSUE, { input: { ...inspectionReport, title: '委领导印发的巡察报备材料' } }, { as: { role: 'leader' } });
    expect(byLeader.data?.issueBulletin?.errors).toEqual([]);
    expect(byLeader.data?.issueBulletin?.bulletin?.issuer).toBe('INSPECTION_OFFICE');
  });
});

describe('bulletins recorded before they carried content migrate', () => {
  it("the issuer follows the kind; free text naming the commission's bodies becomes recipients, the rest a note", async () => {
    const { migrationDatabases } = await restrictedDatabases();
    const logger = createLogger({ name: 'migration-test', level: 'silent' });
    const migrationFolder = path.resolve('subgraphs/discipline/src/db/migrations');
    const database = await openDatabase<any>({ url: migrationDatabases.discipline, dataDir: '', migrationFolder, logger, migrate: false });
    try {
      const migrator = new Migrator({ db: database.db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) });
      const before = (await migrator.getMigrations())
        .map((m) => m.name)
        .filter((name) => name < '20261130T070000_bulletin_content')
        .at(-1)!;
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const db = database.db;
      const {
        rows: [office],
      } = await sql<{ id: string }>`insert into department (name, kind) values ('信访室', 'PETITION_OFFICE') returning id`.execute(db);
      const {
        rows: [room],
      } = await sql<{ id: string }>`insert into department (name, kind) values ('第一纪检监察室', 'SUPERVISION_OFFICE') returning id`.execute(db);
      await sql`insert into bulletin (kind, title, period_start, period_end, issued_on, recipients) values ('PETITION_ANALYSIS', '旧通报', '2021-01-01', '2021-06-30', '2021-07-20', array['区委', '各派驻纪检组', '第一纪检监察室'])`.execute(
        db,
      );
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const {
        rows: [bulletin],
      } = await sql<{
        id: string;
        issuerBody: string;
        issuerDepartmentId: string;
        externalRecipients: string[];
        body: string | null;
      }>`select id, issuer_body, issuer_department_id, external_recipients, body from bulletin`.execute(db);
      expect(bulletin).toMatchObject({ issuerBody: 'PETITION_OFFICE', issuerDepartmentId: office!.id, externalRecipients: ['区委'], body: null });
      const { rows: recipients } = await sql<{ kind: string; targetId: string | null }>`select kind, target_id from bulletin_recipient order by kind`.execute(
        db,
      );
      expect(recipients).toEqual([
        { kind: 'ALL_STATIONED_GROUPS', targetId: null },
        { kind: 'DEPARTMENT', targetId: room!.id },
      ]);
    } finally {
      await database.close();
    }
  });
});
