import type { KeyObject } from 'node:crypto';
import { PURPOSE_HEADER } from './auth.ts';
import { UserInputRefusal, type UserError } from './errors.ts';
import type { Logger } from './logger.ts';
import { SERVICE_ASSERTION_HEADER, signServiceAssertion } from './service-identity.ts';
import type { StaffEngagement } from './staff-overlaps.ts';

/**
 * 跨机关引用核验 — verifying, before a write, that a record another body owns exists and allows the
 * link. The lookup goes through the gateway with this body's service identity (never into another
 * body's database); the owning subgraph answers only the existence and state of the records asked.
 */

/** How a subgraph reaches the graph as its own service identity. */
export interface GraphAccess {
  /** The gateway's `/graphql` URL (a function, so a test hub can start the gateway last). */
  gatewayUrl: string | (() => string | undefined);
  /** This body's Ed25519 service key; the gateway holds its public half. */
  servicePrivateKey: KeyObject;
  /** Time limit of one call. */
  timeoutMs?: number | undefined;
}

/** The graph could not answer (gateway or owning subgraph down, timed out, or refusing). */
export class UpstreamUnavailable extends Error {
  override name = 'UpstreamUnavailable';
}

export interface GraphResponse<Data> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** A GraphQL client that calls the gateway as this body's service identity. */
export interface GraphClient {
  /** Sends one operation; throws UpstreamUnavailable when no usable answer came back. */
  request<Data>(query: string, variables: Record<string, unknown>, options: { purpose: string; requestId?: string }): Promise<GraphResponse<Data>>;
}

export function createGraphClient(body: string, access: GraphAccess | undefined, logger: Logger): GraphClient {
  return {
    async request<Data>(query: string, variables: Record<string, unknown>, options: { purpose: string; requestId?: string }) {
      const url = typeof access?.gatewayUrl === 'function' ? access.gatewayUrl() : access?.gatewayUrl;
      if (!access || !url) throw new UpstreamUnavailable('no gateway configured for service calls');
      const requestBody = JSON.stringify({ query, variables });
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        // A fresh assertion for each call, over this exact body: it cannot be replayed or reused for another.
        [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(access.servicePrivateKey, body, requestBody),
        [PURPOSE_HEADER]: encodeURIComponent(options.purpose),
      };
      if (options.requestId) headers['x-request-id'] = options.requestId;
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body: requestBody, signal: AbortSignal.timeout(access.timeoutMs ?? 5_000) });
      } catch (error) {
        logger.warn({ reason: (error as Error).name }, 'service call to the gateway failed');
        throw new UpstreamUnavailable('gateway unreachable');
      }
      let parsed: GraphResponse<Data>;
      try {
        parsed = (await response.json()) as GraphResponse<Data>;
      } catch {
        throw new UpstreamUnavailable(`gateway answered ${response.status} without JSON`);
      }
      if (!response.ok && !parsed.data) {
        logger.warn({ status: response.status, codes: parsed.errors?.map((e) => e.extensions?.code) }, 'service call refused by the gateway');
        throw new UpstreamUnavailable(`gateway answered ${response.status}`);
      }
      return parsed;
    },
  };
}

// ─── Reference checks ───────────────────────────────────────────────────────────────────────────

/** Kinds of record one body may name in another body's write, grouped by owner. */
export const REFERENCE_KINDS = {
  unit: { owner: 'inspection', arg: 'unitCodes', result: 'units', key: 'code', zh: '单位未在巡察对象名录中登记', en: 'no such unit in the registry' },
  clueTransfer: {
    owner: 'inspection',
    arg: 'clueTransferIds',
    result: 'clueTransfers',
    key: 'id',
    zh: '线索移交不存在',
    en: 'no such clue transfer',
    voidable: true,
  },
  inspectionTeam: {
    owner: 'inspection',
    arg: 'inspectionTeamIds',
    result: 'inspectionTeams',
    key: 'id',
    zh: '巡察组不存在',
    en: 'no such inspection team',
    voidable: true,
  },
  inspectionRound: {
    owner: 'inspection',
    arg: 'inspectionRoundIds',
    result: 'inspectionRounds',
    key: 'id',
    zh: '巡察轮次不存在',
    en: 'no such inspection round',
    voidable: true,
  },
  rectificationItem: {
    owner: 'inspection',
    arg: 'rectificationItemIds',
    result: 'rectificationItems',
    key: 'id',
    zh: '整改事项不存在',
    en: 'no such rectification item',
    voidable: true,
  },
  person: { owner: 'discipline', arg: 'personIds', result: 'persons', key: 'id', zh: '人员未登记', en: 'no such person' },
  staff: { owner: 'discipline', arg: 'staffIds', result: 'staff', key: 'id', zh: '工作人员不在人员库中', en: 'no such staff member in the pool' },
  department: { owner: 'discipline', arg: 'departmentIds', result: 'departments', key: 'id', zh: '委机关部门不存在', en: 'no such commission department' },
  zone: { owner: 'discipline', arg: 'zoneIds', result: 'zones', key: 'id', zh: '办案协作区不存在', en: 'no such collaboration zone' },
  stationedGroup: {
    owner: 'stationed',
    arg: 'stationedGroupIds',
    result: 'stationedGroups',
    key: 'id',
    zh: '派驻纪检组不存在',
    en: 'no such stationed group',
    voidable: true,
  },
  escalation: {
    owner: 'stationed',
    arg: 'escalationIds',
    result: 'escalations',
    key: 'id',
    zh: '派驻组移交事项不存在',
    en: 'no such escalation',
    voidable: true,
  },
} as const;
export type ReferenceKind = keyof typeof REFERENCE_KINDS;

/** The bodies that own records (and answer reference checks). */
export type ReferenceOwner = 'inspection' | 'discipline' | 'stationed';

/**
 * Each owner's lookup: one fixed document asking every kind it owns (kinds not asked get no
 * variable and cost no statement). Fixed documents are what the production gateway runs for a
 * service identity: they are listed in `operations/service/` and so in the trusted-documents manifest.
 */
const LOOKUPS: Record<ReferenceOwner, { field: string; document: string }> = {
  inspection: {
    field: 'inspectionReferences',
    document: `query ReferenceCheckInspection($unitCodes: [String!], $clueTransferIds: [String!], $inspectionTeamIds: [String!], $inspectionRoundIds: [String!], $rectificationItemIds: [String!], $engagementStaffIds: [String!]) {
  inspectionReferences(unitCodes: $unitCodes, clueTransferIds: $clueTransferIds, inspectionTeamIds: $inspectionTeamIds, inspectionRoundIds: $inspectionRoundIds, rectificationItemIds: $rectificationItemIds, engagementStaffIds: $engagementStaffIds) {
    units { code }
    clueTransfers { id receiverKind receiverId priority escalated feedbackReceivedOn }
    inspectionTeams { id roundId roundStage roundEndOn }
    inspectionRounds { id stage endOn }
    rectificationItems { id unitCode status }
    staffEngagements { staffId kind referenceId inspectionTeamId startOn endOn }
  }
}`,
  },
  discipline: {
    field: 'disciplineReferences',
    document: `query ReferenceCheckDiscipline($personIds: [String!], $staffIds: [String!], $departmentIds: [String!], $zoneIds: [String!], $engagementStaffIds: [String!]) {
  disciplineReferences(personIds: $personIds, staffIds: $staffIds, departmentIds: $departmentIds, zoneIds: $zoneIds, engagementStaffIds: $engagementStaffIds) {
    persons { id }
    staff { id commissionLeader }
    departments { id }
    zones { id }
    staffEngagements { staffId kind referenceId inspectionTeamId startOn endOn }
  }
}`,
  },
  stationed: {
    field: 'stationedReferences',
    document: `query ReferenceCheckStationed($stationedGroupIds: [String!], $escalationIds: [String!], $engagementStaffIds: [String!]) {
  stationedReferences(stationedGroupIds: $stationedGroupIds, escalationIds: $escalationIds, engagementStaffIds: $engagementStaffIds) {
    stationedGroups { id coverage { unitCode startOn endOn } }
    escalations { id groupId unitCode inspectionTeamId status }
    staffEngagements { staffId kind referenceId inspectionTeamId startOn endOn }
  }
}`,
  },
};

/** The documents reference checks send (each must be in the trusted-documents manifest). */
export const REFERENCE_CHECK_DOCUMENTS: readonly string[] = Object.values(LOOKUPS).map((l) => l.document);

/** The caller's part of a reference check: who asks, where to log, and the client. */
export interface ReferenceContext {
  graph: GraphClient;
  log: Logger;
  requestId: string;
  viewer: { staffId: string };
  audit: { read(recordType: string, recordId: string): void };
}

/** A record the owner confirmed, with the state fields of its kind. */
export type Referenced = Record<string, unknown> & { id?: string; code?: string };

/**
 * Collects the references a mutation names (`.add(kind, field, id)`), asks each owning body once
 * through the graph, and refuses with `NOT_FOUND` on every field whose record does not exist, or
 * with a retryable `UPSTREAM_UNAVAILABLE` on the fields of an owner that cannot be reached. Either
 * refusal is thrown inside the mutation's transaction, so nothing is written.
 */
export class ReferenceCheck {
  readonly #ctx: ReferenceContext;
  readonly #wanted: { kind: ReferenceKind; field: string[]; key: string }[] = [];
  readonly #found = new Map<string, Referenced>();
  readonly #engagementsWanted: { owner: ReferenceOwner; field: string[]; staffId: string }[] = [];
  readonly #engagements: StaffEngagement[] = [];

  constructor(ctx: ReferenceContext) {
    this.#ctx = ctx;
  }

  add(kind: ReferenceKind, field: string[], key: string | null | undefined): this {
    if (key != null && key !== '') this.#wanted.push({ kind, field, key: String(key) });
    return this;
  }

  /**
   * Also asks `owner` for the engagements (team services, deployments, special inspections …) it
   * records for the staff member, for an overlap check; an unreachable owner refuses on `field`.
   */
  engagementsOf(owner: ReferenceOwner, field: string[], staffId: string | null | undefined): this {
    if (staffId != null && staffId !== '') this.#engagementsWanted.push({ owner, field, staffId: String(staffId) });
    return this;
  }

  /** The engagements the asked owners record for the asked staff members (after `run`). */
  engagements(): StaffEngagement[] {
    return [...this.#engagements];
  }

  /** The confirmed record (after `run`). */
  get(kind: ReferenceKind, key: string): Referenced {
    const record = this.#found.get(`${kind}\u0000${key}`);
    if (!record) throw new Error(`reference ${kind} was not checked`);
    return record;
  }

  async run(operation: string): Promise<this> {
    if (this.#wanted.length === 0 && this.#engagementsWanted.length === 0) return this;
    const owners = [...new Set<ReferenceOwner>([...this.#wanted.map((w) => REFERENCE_KINDS[w.kind].owner), ...this.#engagementsWanted.map((w) => w.owner)])];
    const errors: UserError[] = [];
    await Promise.all(
      owners.map(async (owner) => {
        const mine = this.#wanted.filter((w) => REFERENCE_KINDS[w.kind].owner === owner);
        const kinds = [...new Set(mine.map((w) => w.kind))];
        const lookup = LOOKUPS[owner];
        const variables: Record<string, string[]> = {};
        for (const kind of kinds) variables[REFERENCE_KINDS[kind].arg] = [...new Set(mine.filter((w) => w.kind === kind).map((w) => w.key))];
        const engagementsAsked = this.#engagementsWanted.filter((w) => w.owner === owner);
        if (engagementsAsked.length > 0) variables.engagementStaffIds = [...new Set(engagementsAsked.map((w) => w.staffId))];
        const query = lookup.document;
        let data: Record<string, Record<string, Referenced[]> | null> | null | undefined;
        try {
          const response = await this.#ctx.graph.request<Record<string, Record<string, Referenced[]> | null>>(query, variables, {
            purpose: `引用核验 ${operation}（${this.#ctx.viewer.staffId}） — reference check for ${operation}`,
            requestId: this.#ctx.requestId,
          });
          data = response.errors?.length ? null : response.data;
        } catch (error) {
          if (!(error instanceof UpstreamUnavailable)) throw error;
          data = null;
        }
        const answer = data?.[lookup.field];
        if (!answer) {
          this.#ctx.log.warn({ owner, operation }, 'reference check: owning body unavailable; write refused');
          for (const w of [...mine, ...engagementsAsked]) {
            errors.push({
              code: 'UPSTREAM_UNAVAILABLE',
              field: w.field,
              message: `所属机关（${owner}）暂时无法访问，未写入，请稍后重试 — the owning body (${owner}) cannot be reached; nothing was written; retry later`,
            });
          }
          return;
        }
        if (engagementsAsked.length > 0) {
          const asked = new Set(engagementsAsked.map((w) => w.staffId.toLowerCase()));
          const rows = (answer.staffEngagements ?? []) as unknown as StaffEngagement[];
          this.#engagements.push(...rows.filter((e) => asked.has(String(e.staffId).toLowerCase())));
        }
        for (const kind of kinds) {
          const meta = REFERENCE_KINDS[kind];
          for (const row of answer[meta.result] ?? []) this.#found.set(`${kind}\u0000${String(row[meta.key])}`, row);
        }
        for (const w of mine) {
          this.#ctx.audit.read(`Reference:${w.kind}`, w.key);
          if (!this.#found.has(`${w.kind}\u0000${w.key}`)) {
            const meta = REFERENCE_KINDS[w.kind];
            const voided = 'voidable' in meta ? ['或已作废', ' (or it was voided)'] : ['', ''];
            errors.push({ code: 'NOT_FOUND', field: w.field, message: `${meta.zh}${voided[0]} — ${meta.en}${voided[1]}` });
          }
        }
      }),
    );
    if (errors.length > 0) {
      const seen = new Set<string>();
      throw new UserInputRefusal(errors.filter((e) => !seen.has(e.field.join('.')) && seen.add(e.field.join('.'))));
    }
    return this;
  }
}

/** Starts a reference check for one mutation. */
export const references = (ctx: ReferenceContext) => new ReferenceCheck(ctx);

/** The DESIGN §2 sentence every body's reference lookup and outbox consumer implements (policy `design`). */
export const DESIGN_ONE_COHERENT_RECORD = [
  "One coherent record (DESIGN §2): a write naming another body's record is verified against the owning body before it is written,",
  'through the graph with a service identity the gateway signs;',
  "a fact one body records that another body's record depends on is carried by an outbox and applied once.",
].join(' ');
