import { ROLES } from '@hub/core';
import { CASEWORK_2020, UNITS } from '@hub/demo';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { expectNoLeaks, markSecret } from '../support/leaks.ts';

/**
 * The leak check over the whole demo district: every role asks what a user of that role would ask;
 * the demo reporters' names and contacts may appear in the petition officer's answers only.
 */
let hub: Hub;
const reporterValues = CASEWORK_2020.reporters.flatMap((r) => [r.name, r.contact]);

beforeAll(async () => {
  for (const value of reporterValues) markSecret(value);
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
});
afterAll(async () => {
  await hub?.stop();
});

const QUERIES = [
  `{ petitions(first: 100) { edges { node { id category summary named reporter { name contact } } } } }`,
  `query($code: UnitCode!) { unit(code: $code) { name petitionSummary { year category count } clueSummary { disposalMethod count } caseSummary { status count } } }`,
  `{ clues(first: 50) { edges { node { id summary disposalMethod petition { summary } } } } }`,
  `{ statistics(year: 2020) { petitionsReceived cluesDisposed casesFiled personsHandled lossesRecovered } }`,
];

it('reporter identities reach the petition officer only, and never a log line', async () => {
  const petitionOfficerAnswers = new Set<string>();
  let revealed = 0;
  for (const role of ROLES) {
    for (const query of QUERIES) {
      const response = await hub.query(query, { code: UNITS.donghu.code }, { as: { role }, purpose: '泄露检查' });
      const text = hub.responses.at(-1)!;
      if (role === 'petition_officer') {
        petitionOfficerAnswers.add(text);
        if (reporterValues.some((value) => text.includes(value))) revealed++;
      }
      expect(response).toBeTruthy();
    }
  }
  // The petition officer does see them (so the check below looks at real values) …
  expect(revealed).toBeGreaterThan(0);
  // … and nobody else, in no log line.
  expectNoLeaks(hub, (response) => petitionOfficerAnswers.has(response));
});
