import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { freshDatabases, startHub } from '../support/hub.ts';

it('probe', async () => {
  const hub = await startHub({ databases: await freshDatabases() }, { logLevel: 'info' });
  const show = async (name: string, body: unknown, opts: any = {}) => {
    const r = await hub.post(body, opts);
    console.log(name, r.status, r.headers.get('retry-after'), (await r.text()).slice(0, 400));
  };
  const reg = `mutation R($i: RegisterPetitionInput!) { registerPetition(input: $i) { __typename } }`;
  await show('coercion', { query: reg, variables: { i: { receivedOn: '2024-01-01', channel: 'LETTER', category: 'INTEGRITY', named: true, summary: 's', reporter: { name: 'SECRETNAME', contact: 'SECRETCONTACT', x: 1 } } } }, { as: { role: 'petition_officer' } });
  await show('badint', { query: `query Q($y: Int) { bulletins(filter: { year: $y }) { totalCount } }`, variables: { y: 'SECRETINT' } });
  await show('literal', { query: `{ bulletins(filter: { year: "SECRETLIT" }) { totalCount } }` });
  await show('year-1', { query: `{ bulletins(filter: { year: -1 }) { totalCount } }` });
  await show('syntax', { query: '{' });
  await show('opname', { query: '{ __typename }', operationName: 'Nope' });
  await show('introspection', { query: '{ __schema { types { name } } }' }, { as: { role: 'case_officer' } });
  await show('tokens', { query: `{ ${'__typename '.repeat(5000)} }` });
  await show('depth', { query: `{ units(first: 1) { edges { node { stationedGroup { units { edges { node { code } } } } } } } }` });
  await show('apq', { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
  await show('apq2', { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
  await show('badjson', '{"query": ');
  await show('notobj', [1, 2]);
  await show('queryNum', { query: 5 });
  await show('varsStr', { query: '{ __typename }', variables: 'x' });
  await show('unitcode', { query: `query Q($c: UnitCode!) { unit(code: $c) { name } }`, variables: { c: 'SECRETCODE' } });
  const r = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.tokenFor({ role: 'leader' })}` }, body: '{"query": ' });
  console.log('rawbad', r.status, await r.text());
  console.log(hub.logLines.filter((l) => /"level":(50|60)/.test(l)).map((l) => l.slice(0, 300)).join('\n'));
  await hub.stop();
});
