import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Role } from '@hub/core/serving';
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse, print, visit } from 'graphql';

/**
 * Trusted documents: `npm run codegen` writes the operations of `operations/` as a manifest
 * (SHA-256 of the printed document → document). In production the gateway executes only those,
 * except for the roles allowed ad-hoc queries; a client may send the document or only its hash
 * (`extensions.persistedQuery.sha256Hash`, as in Apollo's persisted-query protocol).
 */
export const DEFAULT_MANIFEST = fileURLToPath(new URL('../../packages/client/src/trusted-documents.json', import.meta.url));

/** Roles that may send documents of their own (still held to the query limits). */
export const DEFAULT_ADHOC_ROLES: Role[] = ['analyst', 'leader'];

export interface TrustedDocuments {
  /** SHA-256 (hex) → document text. */
  documents: Map<string, string>;
  adhocRoles: Role[];
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export async function loadTrustedDocuments(file: string, adhocRoles: Role[]): Promise<TrustedDocuments> {
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest)) {
    if (sha256(document) !== hash) throw new Error(`${file}: the hash of a document does not match its key ${hash}; run npm run codegen`);
    documents.set(hash, document);
  }
  return { documents, adhocRoles };
}

export type TrustDecision = { ok: true; query?: string } | { ok: false; status: 400 | 403; code: string; message: string };

const HASH = /^[0-9a-f]{64}$/;

/** Whether a POST body may run for a caller with these roles, and the document to run. */
export function decideTrust(body: unknown, roles: Role[], trusted: TrustedDocuments | undefined): TrustDecision {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: true };
  const { query, extensions } = body as { query?: unknown; extensions?: { persistedQuery?: unknown } };
  const persisted = extensions && typeof extensions === 'object' ? extensions.persistedQuery : undefined;
  if (persisted !== undefined) {
    const { version, sha256Hash } = (persisted ?? {}) as { version?: unknown; sha256Hash?: unknown };
    if (version !== 1 || typeof sha256Hash !== 'string' || !HASH.test(sha256Hash)) {
      return {
        ok: false,
        status: 400,
        code: 'PERSISTED_QUERY_NOT_FOUND',
        message: '持久化查询格式无效 — persistedQuery must be { version: 1, sha256Hash: <64 hex digits> }',
      };
    }
    const document = trusted?.documents.get(sha256Hash);
    if (!document) return { ok: false, status: 400, code: 'PERSISTED_QUERY_NOT_FOUND', message: '未知的持久化查询 — no trusted document has this hash' };
    if (typeof query === 'string' && query !== document && sha256(query) !== sha256Hash) {
      return { ok: false, status: 400, code: 'BAD_REQUEST', message: '查询与哈希不符 — the query does not match its sha256Hash' };
    }
    return { ok: true, query: document };
  }
  if (!trusted || roles.some((role) => trusted.adhocRoles.includes(role))) return { ok: true };
  const operationName = (body as { operationName?: unknown }).operationName;
  const document = typeof query === 'string' ? trustedDocument(query, typeof operationName === 'string' ? operationName : undefined, trusted) : undefined;
  if (document) return { ok: true, query: document };
  return {
    ok: false,
    status: 403,
    code: 'FORBIDDEN',
    message: '仅可执行已登记的操作 — your role may run only the trusted documents (operations/ of this repository)',
  };
}

/**
 * An operation with the fragments it uses, sorted by name, printed: the form the manifest holds
 * (scripts/codegen-trusted-documents.cjs writes it the same way).
 */
export function canonicalDocument(document: DocumentNode, operationName?: string): string | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return undefined;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (!fragment || used.has(node.name.value)) return;
        used.set(node.name.value, fragment);
        pending.push(fragment);
      },
    });
  }
  const sorted = [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
  return print({ kind: Kind.DOCUMENT, definitions: [operation, ...sorted] });
}

/** The manifest's document when `query` is (a rendering of) one of them. */
function trustedDocument(query: string, operationName: string | undefined, trusted: TrustedDocuments): string | undefined {
  const exact = trusted.documents.get(sha256(query));
  if (exact) return exact;
  // The same document printed differently (whitespace, commas, fragment order) is the same document.
  if (query.length > 100_000) return undefined;
  try {
    const canonical = canonicalDocument(parse(query, { maxTokens: 10_000 }), operationName);
    return canonical === undefined ? undefined : trusted.documents.get(sha256(canonical));
  } catch {
    return undefined;
  }
}
