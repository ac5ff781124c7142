import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { randomUnitCode } from '../support/seed.ts';

/**
 * The same bad input gets the same answer from every subgraph, through the gateway: a forged cursor
 * and a malformed id are BAD_USER_INPUT naming the argument or field (Chinese, then English), and a
 * control character in any text input is a BAD_USER_INPUT field error, never a 500.
 */
let hub: Hub;

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
});
afterAll(async () => {
  await hub?.stop();
});

const FORGED = Buffer.from('k:2022-03-20|not-an-id', 'utf8').toString('base64url');

describe('a forged cursor', () => {
  const connections = {
    inspection: 'inspectionRounds',
    discipline: 'clues',
    stationed: 'supervisionActivities',
  };
  for (const [body, field] of Object.entries(connections)) {
    it(`is BAD_USER_INPUT naming the argument in ${body} (${field})`, async () => {
      for (const arg of ['after', 'before'] as const) {
        const response = await hub.query(`query($c: String) { ${field}(first: 1, ${arg}: $c) { totalCount edges { cursor } } }`, { c: FORGED });
        expect(response.errors).toHaveLength(1);
        expect(response.errors![0]).toMatchObject({
          path: [field],
          message: `参数 ${arg} 不是本列表给出的游标 — ${arg} is not a cursor returned by this connection`,
          extensions: { code: 'BAD_USER_INPUT', field: [arg] },
        });
      }
    });
  }
});

describe('a malformed id in a mutation input', () => {
  const probes = [
    {
      body: 'inspection',
      query: `mutation { advanceInspectionRound(input: { roundId: "not-an-id", stage: ENTRY, on: "2024-01-01" }) { errors { code field message } } }`,
      as: 'leader',
      field: 'roundId',
    },
    {
      body: 'discipline',
      query: `mutation { acknowledgePetition(input: { petitionId: "not-an-id", acknowledgedOn: "2024-01-01" }) { errors { code field message } } }`,
      as: 'petition_officer',
      field: 'petitionId',
    },
    {
      body: 'stationed',
      query: `mutation { resolveSupervisionIssue(input: { issueId: "not-an-id", resolvedOn: "2024-01-01", resolution: "已整改" }) { errors { code field message } } }`,
      as: 'stationed_officer',
      field: 'issueId',
    },
  ] as const;
  for (const probe of probes) {
    it(`is BAD_USER_INPUT naming the field in ${probe.body}`, async () => {
      const response = await hub.query(probe.query, undefined, { as: { role: probe.as } });
      expect(response.errors).toBeUndefined();
      const payload = Object.values(response.data as Record<string, { errors: { code: string; field: string[]; message: string }[] }>)[0]!;
      expect(payload.errors).toHaveLength(1);
      expect(payload.errors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', probe.field] });
      expect(payload.errors[0]!.message).toMatch(new RegExp(`^\\S*编号格式无效 — ${probe.field} is not a valid id$`));
    });
  }
});

describe('a control character in a text input', () => {
  const probes = [
    {
      body: 'inspection (variables, input object)',
      query: `mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { unit { code } errors { code } } }`,
      variables: { input: { code: randomUnitCode(), name: '秘密\u0000单位', kind: 'VILLAGE', level: 'VILLAGE' } },
      as: 'leader',
      path: 'input.name',
    },
    {
      body: 'discipline (literal)',
      query: `mutation { registerPetition(input: { receivedOn: "2024-01-02", channel: LETTER, category: HEDONISM, named: false, summary: "秘密\\u0000内容" }) { errors { code } } }`,
      variables: undefined,
      as: 'petition_officer',
      path: 'input.summary',
    },
    {
      body: 'stationed (variable, other control character)',
      query: `mutation($text: String!) { resolveSupervisionIssue(input: { issueId: "00000000-0000-4000-8000-000000000000", resolvedOn: "2024-01-01", resolution: $text }) { errors { code } } }`,
      variables: { text: '秘密\u001b内容' },
      as: 'stationed_officer',
      path: 'input.resolution',
    },
    {
      body: 'discipline (query filter argument)',
      query: `query($name: String) { persons(first: 1, filter: { nameContains: $name }) { totalCount } }`,
      variables: { name: '秘\u0000' },
      as: 'leader',
      path: 'filter.nameContains',
    },
  ] as const;
  for (const probe of probes) {
    it(`is a BAD_USER_INPUT field error naming the path in ${probe.body}`, async () => {
      const response = await hub.post({ query: probe.query, variables: probe.variables }, { as: { role: probe.as } });
      // A request refused as a whole for the client's own input is a 400 at the gateway.
      expect(response.status).toBe(400);
      const body = (await response.json()) as { data: unknown; errors: { message: string; path: string[]; extensions: Record<string, unknown> }[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]).toMatchObject({
        message: `${probe.path} 含有控制字符 — ${probe.path} contains a control character`,
        extensions: { code: 'BAD_USER_INPUT', field: probe.path.split('.') },
      });
      expect(JSON.stringify(body)).not.toContain('秘密');
    });
  }
});
