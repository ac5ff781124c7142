import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AuthenticationError, type Logger, PURPOSE_HEADER, readPurpose, type Viewer } from '@hub/core/serving';
import type ExcelJS from 'exceljs';
import express, { type Request, type Response } from 'express';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
} from 'graphql';

/**
 * 导出 — `POST /export`: a connection the caller may read, as CSV (UTF-8 with BOM, so spreadsheet
 * programs open Chinese text) or XLSX (exceljs). The request names a trusted operation of
 * `operations/` by its name, its variables and the path of one connection in its answer; the
 * gateway runs it through its own `/graphql` with the caller's own token, so limits, trusted
 * documents, need-to-know and the subgraphs' audit apply exactly as for the read. A stated purpose
 * is required: it is forwarded as the read's purpose, marked as an export, so every audited
 * person-level read of the export names it; the gateway logs the export (who, operation, path,
 * format, rows; never a value). Columns are the leaf fields selected under `edges.node`, headed by
 * the Chinese part of their schema descriptions; enum values are written as their Chinese names.
 * Files (attachments) are not stored in the hub, so they are never exported.
 */

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Most rows one export writes: the connection's own page limit (first ≤ 100) applies to each page. */
export const EXPORT_PAGE_NOTE = 'one page of the connection, as the variables ask (first ≤ 100)';

export interface ExportOptions {
  logger: Logger;
  verifyToken: (authorization: string | undefined) => Promise<Viewer>;
  /** The gateway's own GraphQL endpoint (loopback). */
  graphqlUrl: () => string;
  /** The API schema the gateway serves (for headers and enum names). */
  schema: () => GraphQLSchema | undefined;
  /** Trusted documents (SHA-256 → text); read from the manifest when the gateway runs without them. */
  documents: () => Promise<Map<string, string>>;
}

interface Column {
  path: string[];
  header: string;
  /** Enum value → Chinese name, when the leaf is an enum. */
  enumNames?: Map<string, string>;
  boolean?: boolean;
}

const chinese = (description: string | null | undefined, fallback: string) => (description ? description.split(' — ')[0]!.trim() : fallback) || fallback;

class ExportError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function operationOf(document: DocumentNode): OperationDefinitionNode | undefined {
  return document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

/** The fields of a selection set, fragments expanded. */
function fieldsOf(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): FieldNode[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, fragments);
    const fragment = fragments.get(s.name.value);
    return fragment ? fieldsOf(fragment.selectionSet, fragments) : [];
  });
}

function fieldDef(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) ? type.getFields()[name] : undefined;
}

/**
 * The columns of a connection at `path` in the operation: each leaf selected under `edges.node`,
 * nested objects flattened (`人员·姓名`).
 */
export function exportColumns(schema: GraphQLSchema, document: DocumentNode, path: string[]): Column[] {
  const operation = operationOf(document);
  if (operation?.operation !== 'query') throw new ExportError(400, 'BAD_REQUEST', '只能导出查询 — only a query can be exported');
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  let type: GraphQLNamedType = schema.getQueryType()!;
  let set: SelectionSetNode | undefined = operation.selectionSet;
  const step = (key: string) => {
    const field = set ? fieldsOf(set, fragments).find((f) => (f.alias?.value ?? f.name.value) === key) : undefined;
    const def = field && fieldDef(type, field.name.value);
    if (!field || !def || !field.selectionSet)
      throw new ExportError(400, 'BAD_REQUEST', `操作中没有连接 ${path.join('.')} — the operation selects no connection at ${path.join('.')}`);
    type = getNamedType(def.type);
    set = field.selectionSet;
  };
  for (const key of path) step(key);
  if (!type.name.endsWith('Connection')) throw new ExportError(400, 'BAD_REQUEST', `${path.join('.')} 不是连接 — ${path.join('.')} is not a connection`);
  step('edges');
  step('node');
  const columns: Column[] = [];
  const walk = (selection: SelectionSetNode, owner: GraphQLNamedType, prefix: string[], headers: string[]) => {
    for (const field of fieldsOf(selection, fragments)) {
      if (field.name.value === '__typename') continue;
      const def = fieldDef(owner, field.name.value);
      if (!def) continue;
      const key = field.alias?.value ?? field.name.value;
      const header = [...headers, chinese(def.description, key)];
      const named = getNamedType(def.type);
      if (field.selectionSet) {
        walk(field.selectionSet, named, [...prefix, key], header);
        continue;
      }
      const column: Column = { path: [...prefix, key], header: header.join('·') };
      if (isEnumType(named)) column.enumNames = new Map(named.getValues().map((v) => [v.name, chinese(v.description, v.name)]));
      if (named.name === 'Boolean') column.boolean = true;
      columns.push(column);
    }
  };
  walk(set!, type, [], []);
  return columns;
}

function cell(value: unknown, column: Column): string | number {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => cell(v, column)).join('；');
  if (column.enumNames && typeof value === 'string') return column.enumNames.get(value) ?? value;
  if (column.boolean && typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return value;
  const text = String(value);
  // A cell starting with = + - @ would be a formula in a spreadsheet (CSV injection): kept as text.
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

/** The value at a column's path in one node; a list on the way yields every item's value. */
function valueAt(node: unknown, path: string[]): unknown {
  let values: unknown[] = [node];
  for (const key of path) {
    values = values.flatMap((v) => {
      if (v === null || v === undefined) return [];
      const next = (v as Record<string, unknown>)[key];
      return Array.isArray(next) ? next : [next];
    });
  }
  const present = values.filter((v) => v !== null && v !== undefined);
  return present.length <= 1 ? present[0] : present;
}

export async function exportWorkbook(columns: Column[], nodes: unknown[], sheetName: string): Promise<ExcelJS.Workbook> {
  // Loaded on the first export (about 400 modules with its zip and stream libraries), not by every gateway at start.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = '四项监督数据枢纽';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(columns.map((c) => c.header));
  sheet.getRow(1).font = { bold: true };
  for (const node of nodes) sheet.addRow(columns.map((c) => cell(valueAt(node, c.path), c)));
  return workbook;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function render(workbook: ExcelJS.Workbook, format: ExportFormat): Promise<Buffer> {
  if (format === 'xlsx') return Buffer.from(await workbook.xlsx.writeBuffer());
  return Buffer.concat([BOM, Buffer.from(await workbook.csv.writeBuffer({ formatterOptions: { writeBOM: false } }))]);
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

interface ExportRequest {
  operationName: string;
  variables: Record<string, unknown>;
  connection: string[];
  format: ExportFormat;
}

function readRequest(body: unknown): ExportRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  const bad = (field: string, zh: string) => new ExportError(400, 'BAD_USER_INPUT', `${zh} — ${field} is missing or invalid`);
  if (typeof b.operationName !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(b.operationName)) throw bad('operationName', '须给出已登记操作的名称');
  if (b.variables !== undefined && (typeof b.variables !== 'object' || b.variables === null || Array.isArray(b.variables)))
    throw bad('variables', '变量须为对象');
  if (typeof b.connection !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,5}$/.test(b.connection))
    throw bad('connection', '须给出连接在答复中的路径（如 clues 或 unit.cases）');
  const format = b.format ?? 'csv';
  if (!(EXPORT_FORMATS as readonly unknown[]).includes(format)) throw bad('format', '格式须为 csv 或 xlsx');
  return {
    operationName: b.operationName,
    variables: (b.variables ?? {}) as Record<string, unknown>,
    connection: b.connection.split('.'),
    format: format as ExportFormat,
  };
}

/** Mounts `POST /export` on the gateway's HTTP app. */
export function mountExport(app: express.Express, options: ExportOptions): void {
  let byName: Map<string, { text: string; document: DocumentNode }> | undefined;
  const operations = async () => {
    if (!byName) {
      byName = new Map();
      for (const text of (await options.documents()).values()) {
        const document = parse(text);
        const name = operationOf(document)?.name?.value;
        if (name) byName.set(name, { text, document });
      }
    }
    return byName;
  };

  app.post('/export', express.json({ limit: '64kb' }), async (req: Request, res: Response) => {
    const exportId = randomUUID();
    const fail = (status: number, code: string, message: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });
    try {
      let viewer: Viewer;
      try {
        viewer = await options.verifyToken(req.headers.authorization);
      } catch (error) {
        if (error instanceof AuthenticationError) return fail(401, 'UNAUTHENTICATED', `未认证 — not authenticated: ${error.message}`);
        throw error;
      }
      const purpose = readPurpose(req.headers[PURPOSE_HEADER]);
      if (!purpose)
        return fail(
          400,
          'PURPOSE_REQUIRED',
          '导出须说明目的（X-Access-Purpose 请求头） — an export requires a stated purpose (X-Access-Purpose header, percent-encoded UTF-8)',
        );
      const request = readRequest(req.body);
      const operation = (await operations()).get(request.operationName);
      if (!operation) return fail(400, 'BAD_USER_INPUT', '未登记的操作 — operationName names no trusted operation of operations/');
      const schema = options.schema();
      if (!schema) return fail(503, 'UNAVAILABLE', '网关尚未就绪 — the gateway has not loaded its schema yet');
      const columns = exportColumns(schema, operation.document, request.connection);

      // The read itself: through the gateway's own front door, as the caller.
      const response = await fetch(options.graphqlUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: req.headers.authorization ?? '',
          [PURPOSE_HEADER]: encodeURIComponent(`导出（${request.format}）：${purpose}`),
          'x-request-id': exportId,
        },
        body: JSON.stringify({ query: operation.text, operationName: request.operationName, variables: request.variables }),
      });
      const answer = (await response.json()) as {
        data?: Record<string, unknown> | null;
        errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
      };
      const path = request.connection;
      const blocking = (answer.errors ?? []).filter((e) => !e.path || path.every((key, i) => e.path![i] === key) || e.path.every((key, i) => path[i] === key));
      let connection: unknown = answer.data;
      for (const key of path) connection = (connection as Record<string, unknown> | null | undefined)?.[key];
      if (!connection || blocking.length > 0) {
        const code = blocking[0]?.extensions?.code ?? 'NOT_FOUND';
        const status =
          response.status >= 400 ? response.status : code === 'FORBIDDEN' ? 403 : code === 'BAD_USER_INPUT' ? 400 : code === 'NOT_FOUND' ? 404 : 502;
        options.logger.info({ exportId, staffId: viewer.staffId, operationName: request.operationName, connection: path.join('.'), code }, 'export refused');
        return res
          .status(status)
          .json({ errors: blocking.length > 0 ? blocking : [{ message: `无可导出的数据 — nothing to export at ${path.join('.')}`, extensions: { code } }] });
      }
      const { edges, totalCount } = connection as { edges?: { node: unknown }[]; totalCount?: number };
      const nodes = (edges ?? []).map((e) => e?.node).filter((n) => n != null);
      const workbook = await exportWorkbook(columns, nodes, `${request.operationName}-${path.join('.')}`);
      const file = await render(workbook, request.format);
      options.logger.info(
        {
          exportId,
          staffId: viewer.staffId,
          roles: viewer.roles,
          operationName: request.operationName,
          connection: path.join('.'),
          format: request.format,
          rows: nodes.length,
          totalCount: totalCount ?? null,
        },
        'export written',
      );
      res.setHeader('Content-Type', CONTENT_TYPES[request.format]);
      res.setHeader('Content-Disposition', `attachment; filename="${request.operationName}-${path.join('.')}.${request.format}"`);
      res.setHeader('X-Export-Id', exportId);
      res.setHeader('X-Export-Rows', String(nodes.length));
      if (typeof totalCount === 'number') res.setHeader('X-Export-Total-Count', String(totalCount));
      res.setHeader('Cache-Control', 'no-store');
      return res.status(200).send(file);
    } catch (error) {
      if (error instanceof ExportError) return fail(error.status, error.code, error.message);
      options.logger.error({ exportId, err: error instanceof Error ? { name: error.name } : {} }, 'export failed');
      return fail(500, 'INTERNAL_SERVER_ERROR', '导出失败 — the export failed');
    }
  });
}

/** The trusted documents of the manifest file (SHA-256 → text). */
export async function manifestDocuments(file: string): Promise<Map<string, string>> {
  return new Map(Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, string>));
}
