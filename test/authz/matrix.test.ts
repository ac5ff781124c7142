import { ROLES } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { expectNoLeaks } from '../support/leaks.ts';
import * as discipline from './rows/discipline.ts';
import * as dossier from './rows/dossier.ts';
import * as inspection from './rows/inspection.ts';
import * as stationed from './rows/stationed.ts';

/** The authorization matrix: every operation × every role of DESIGN §6, through the gateway. */
const files = { inspection, discipline, stationed, dossier };

let hub: Hub;
/** Responses that may carry secrets: allowed roles' answers to rows that reveal them. */
const revealing = new Set<string>();
const fixtures: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  for (const [name, file] of Object.entries(files)) fixtures[name] = await file.setup(hub);
});
afterAll(async () => {
  await hub?.stop();
});

for (const [file, { rows }] of Object.entries(files)) {
  describe(`authorization matrix: ${file}`, () => {
    for (const row of rows) {
      for (const role of ROLES) {
        const expected = row.allow.includes(role) ? 'allow' : 'deny';
        it(`${row.name} × ${role} → ${expected}`, async () => {
          const fixture = fixtures[file]!;
          const response = await hub.query(row.query, row.variables?.(fixture), {
            as: { role, scopes: row.scopes?.(role, fixture) },
            purpose: '授权矩阵测试',
          });
          if (expected === 'allow' && row.revealsSecrets) revealing.add(hub.responses.at(-1)!);
          const denials = (response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN' || e.extensions?.code === 'UNAUTHENTICATED');
          if (expected === 'allow') {
            expect(response.errors ?? [], JSON.stringify(response.errors)).toEqual([]);
            expect(response.data).toBeTruthy();
          } else {
            expect(denials.length, JSON.stringify(response)).toBeGreaterThan(0);
          }
        });
      }
    }
  });
}

describe('leak check over the matrix run', () => {
  it('no token, key or other secret appears in any response or log line', () => {
    expectNoLeaks(hub, (response) => revealing.has(response));
  });
});
