import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CLAIMS_HEADER, type Role, type ViewerScopes } from '@hub/core';
import { type DocumentNode, print } from 'graphql';
import {
  CreateStationedGroupDocument,
  RecordSupervisionActivityDocument,
  type SupervisionActivityKind,
} from '../../subgraphs/stationed/test/operations/generated.ts';
import type { Body, GraphQLResponse, Hub, QueryOptions } from './hub.ts';
import { seed } from './seed.ts';
import type { DirectQueryOptions, SubgraphHarness } from './subgraph.ts';

/** Where stationed's records are written: the whole hub (through the gateway) or stationed alone (test/support/subgraph.ts). */
export type StationedTarget = Hub | SubgraphHarness<'stationed'>;

const alone = (target: StationedTarget): target is SubgraphHarness<'stationed'> => 'references' in target;

/** Sends one operation to the target: through the gateway, or straight to stationed with signed claims. */
function send(target: StationedTarget, query: string, variables: Record<string, unknown>, as: QueryOptions | DirectQueryOptions) {
  if (alone(target)) return target.query<any>(query, variables, as as DirectQueryOptions);
  return target.query(query, variables, as as QueryOptions);
}

/** Staff of discipline's pool: written into discipline, or, for stationed alone, answered by its reference-check stand-in. */
async function staffOnRecord(target: StationedTarget, ids: string[]) {
  if (alone(target)) for (const id of ids) target.references.staff(id);
  else await seed(target).staff(ids);
}

/** Persons registered in discipline, likewise. */
async function personsOnRecord(target: StationedTarget, ids: string[], unitCode: string) {
  if (alone(target)) for (const id of ids) target.references.person(id);
  else await seed(target).persons(ids, unitCode);
}

/** A staff id of the (discipline-owned) staff pool, as stationed stores it. */
export const staffId = () => crypto.randomUUID();

export interface DirectCaller {
  role: Role;
  staffId?: string;
  scopes?: Partial<ViewerScopes>;
}

/**
 * Sends a request straight to one subgraph with claims signed as the gateway would sign them:
 * how the gateway resolves `_entities`, so tests can check a subgraph's own rules on that path. A
 * codegen'd TypedDocumentNode types the variables and the data; a string document is untyped.
 */
export async function querySubgraph<Data, Variables extends Record<string, unknown>>(
  hub: StationedTarget,
  body: Body,
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  caller: DirectCaller,
): Promise<GraphQLResponse<Data>>;
export async function querySubgraph<Data = any>(
  hub: StationedTarget,
  body: Body,
  query: string,
  variables: Record<string, unknown>,
  caller: DirectCaller,
): Promise<GraphQLResponse<Data>>;
export async function querySubgraph(
  hub: StationedTarget,
  body: Body,
  document: string | DocumentNode,
  variables: Record<string, unknown>,
  caller: DirectCaller,
): Promise<GraphQLResponse<unknown>> {
  const query = typeof document === 'string' ? document : print(document);
  if (alone(hub)) {
    if (body !== hub.body) throw new Error(`querySubgraph: ${hub.body} runs alone here, not ${body}`);
    return hub.query<unknown>(query, variables, { as: caller, purpose: '测试' });
  }
  const scopes: ViewerScopes = { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [], ...caller.scopes };
  const requestBody = JSON.stringify({ query, variables });
  const claims = await hub.signClaims(
    { viewer: { staffId: caller.staffId ?? `staff-${caller.role}`, roles: [caller.role], scopes }, purpose: '测试' },
    body,
    requestBody,
  );
  const response = await fetch(hub.subgraphUrls[body], {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: claims, 'x-request-id': hub.directRequestId() },
    body: requestBody,
  });
  return (await response.json()) as GraphQLResponse<unknown>;
}

/**
 * Runs a mutation (through the gateway, or straight to stationed alone) and fails loudly on any error,
 * returning the payload field: typed from a codegen'd TypedDocumentNode, untyped from a string.
 */
export async function mutateOk<Data, Variables extends Record<string, unknown>, Field extends keyof Data & string>(
  hub: StationedTarget,
  field: Field,
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  as?: QueryOptions | DirectQueryOptions,
): Promise<NonNullable<Data[Field]>>;
export async function mutateOk<T = any>(
  hub: StationedTarget,
  field: string,
  query: string,
  variables: Record<string, unknown>,
  as?: QueryOptions | DirectQueryOptions,
): Promise<T>;
export async function mutateOk(
  hub: StationedTarget,
  field: string,
  query: string | DocumentNode,
  variables: Record<string, unknown>,
  as: QueryOptions | DirectQueryOptions = {},
): Promise<unknown> {
  const response = await send(hub, typeof query === 'string' ? query : print(query), variables, as);
  if (response.errors?.length) throw new Error(`${field}: ${JSON.stringify(response.errors)}`);
  const payload = response.data?.[field];
  if (payload?.errors?.length) throw new Error(`${field} refused: ${JSON.stringify(payload.errors)}`);
  return payload;
}

/** Creates a group as a leader (through the gateway, or straight to stationed alone); returns its id. */
export async function createGroup(
  hub: StationedTarget,
  input: { name: string; startOn: string; unitCodes: string[]; members?: { staffId: string; role: 'LEADER' | 'DEPUTY_LEADER' | 'MEMBER' }[] },
): Promise<string> {
  // Members are staff of discipline's pool: on record there before the group names them.
  await staffOnRecord(
    hub,
    (input.members ?? []).map((m) => m.staffId),
  );
  const payload = await mutateOk(hub, 'createStationedGroup', CreateStationedGroupDocument, { input: { members: [], ...input } });
  if (!payload.group) throw new Error('createStationedGroup: no group');
  return payload.group.id;
}

/** Records an activity as a stationed officer of its group (through the gateway, or straight to stationed alone); returns its id and issue ids. */
export async function recordActivity(
  hub: StationedTarget,
  input: {
    groupId: string;
    unitCode: string;
    kind: SupervisionActivityKind;
    heldOn: string;
    notes: string;
    personIds?: string[];
    issues?: { description: string }[];
  },
): Promise<{ id: string; issueIds: string[] }> {
  // The persons talked to are discipline's records.
  await personsOnRecord(hub, input.personIds ?? [], input.unitCode);
  const payload = await mutateOk(
    hub,
    'recordSupervisionActivity',
    RecordSupervisionActivityDocument,
    { input },
    { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [input.groupId] } } },
  );
  if (!payload.activity?.issues) throw new Error('recordSupervisionActivity: no activity');
  return { id: payload.activity.id, issueIds: payload.activity.issues.map((i) => i.id) };
}
