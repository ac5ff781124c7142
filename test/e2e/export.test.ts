import { ELDERLY_CARE_STORY as story } from '@hub/demo';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';

let hub: Hub;
let exportUrl: string;
const PURPOSE = '巡察工作会议材料';

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
  exportUrl = hub.url.replace(/\/graphql$/, '/export');
});
afterAll(async () => {
  await hub?.stop();
});

async function exportAs(caller: Parameters<Hub['tokenFor']>[0], body: Record<string, unknown>, purpose: string | null = PURPOSE) {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${await hub.tokenFor(caller)}` };
  if (purpose) headers['x-access-purpose'] = encodeURIComponent(purpose);
  return fetch(exportUrl, { method: 'POST', headers, body: JSON.stringify(body) });
}

const search = { operationName: 'Search', variables: { text: '养老服务中心' } };

describe('导出 a connection the caller may read', () => {
  it('the search result as XLSX opens with Chinese headers and text intact', async () => {
    const response = await exportAs({ role: 'leader', staffId: 'export-leader' }, { ...search, connection: 'clues', format: 'xlsx' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['编号', '受理日期', '线索来源', '线索内容']));
    const rows = sheet
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[]).slice(1));
    const summaryColumn = header.indexOf('线索内容');
    const idColumn = header.indexOf('编号');
    const storyRow = rows.find((r) => r[idColumn] === story.clue.id)!;
    expect(storyRow[summaryColumn]).toBe(story.clue.summary);
    // Enum values are written as their Chinese names.
    expect(storyRow[header.indexOf('线索来源')]).toMatch(/巡察/);
    expect(Number(response.headers.get('x-export-rows'))).toBe(rows.length);
  });

  it('the cases of the search as CSV: UTF-8 with BOM, nested fields flattened, parsed back intact', async () => {
    const response = await exportAs({ role: 'leader' }, { ...search, connection: 'cases', format: 'csv' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const workbook = new ExcelJS.Workbook();
    const { Readable } = await import('node:stream');
    const sheet = await workbook.csv.read(Readable.from([bytes.subarray(3)]));
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['编号', '立案日期']));
    expect(header.some((h) => typeof h === 'string' && h.includes('·'))).toBe(true);
    const ids = sheet
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[])[1 + header.indexOf('编号')]);
    expect(ids).toContain(story.case.id);
    expect(bytes.toString('utf8')).toContain('东湖镇养老服务中心');
  });

  it("a unit's own list is a connection too: the elderly-care centre's clues from the dossier, as CSV", async () => {
    const dossier = { operationName: 'UnitDossier', variables: { code: story.centre.code, since: '2018-01-01', asOf: '2026-06-30', pageSize: 100 } };
    const response = await exportAs({ role: 'leader' }, { ...dossier, connection: 'unit.clues', format: 'csv' });
    expect(response.status).toBe(200);
    const text = Buffer.from(await response.arrayBuffer())
      .subarray(3)
      .toString('utf8');
    expect(text.split('\n')[0]).toContain('受理日期');
    expect(text).toContain(story.clue.id);
    expect(Number(response.headers.get('x-export-rows'))).toBeGreaterThan(0);
    const analyst = await exportAs({ role: 'analyst' }, { ...dossier, connection: 'unit.clues', format: 'csv' });
    expect(analyst.status).not.toBe(200);
  });

  it('the export is audited with its purpose in the owning subgraph, marked as an export', async () => {
    await exportAs({ role: 'leader', staffId: 'export-auditor' }, { ...search, connection: 'clues', format: 'csv' });
    const rows = await sql<{
      purpose: string;
      recordId: string;
    }>`select purpose, record_id from audit_log_record where staff_id = 'export-auditor' and record_type = 'Clue'`.execute(hub.discipline.database.db);
    expect(rows.rows).toEqual(expect.arrayContaining([{ purpose: `导出（csv）：${PURPOSE}`, recordId: story.clue.id }]));
  });

  it('refused without a purpose, for a connection the role may not read, and for an operation not in operations/', async () => {
    const noPurpose = await exportAs({ role: 'leader' }, { ...search, connection: 'clues' }, null);
    expect(noPurpose.status).toBe(400);
    expect(((await noPurpose.json()) as any).errors[0].extensions.code).toBe('PURPOSE_REQUIRED');

    const analyst = await exportAs({ role: 'analyst' }, { ...search, connection: 'clues', format: 'xlsx' });
    expect(analyst.status).toBe(403);
    const refusal = JSON.stringify(await analyst.json());
    expect(refusal).toContain('FORBIDDEN');
    expect(refusal).not.toContain('养老服务中心');

    const unknown = await exportAs({ role: 'leader' }, { operationName: 'NoSuchOperation', connection: 'clues' });
    expect(unknown.status).toBe(400);
    const notConnection = await exportAs({ role: 'leader' }, { ...search, connection: 'clues.edges' });
    expect(notConnection.status).toBe(400);
    const anonymous = await fetch(exportUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...search, connection: 'clues' }),
    });
    expect(anonymous.status).toBe(401);
  });
});
