import { expect, it } from 'vitest';
import { ALL_UNITS, CASEWORK_2020, PETITIONS } from '@hub/demo';
import { loadDemoData as loadDiscipline } from '../../subgraphs/discipline/src/demo.ts';
import { loadDemoData as loadInspection } from '../../subgraphs/inspection/src/demo.ts';
import { loadDemoData as loadStationed } from '../../subgraphs/stationed/src/demo.ts';
import { freshDatabases, startHub } from '../support/hub.ts';
import { DistrictSnapshotDocument } from '../operations/generated.ts';

it('loading the demo district again changes nothing', async () => {
  await using hub = await startHub({ databases: await freshDatabases() }, { demo: true });
  const snapshot = async () => (await hub.query(DistrictSnapshotDocument, {})).data;
  const first = await snapshot();
  expect(first?.units.totalCount).toBe(ALL_UNITS.length);
  const petitions = (first?.units.edges ?? []).flatMap((e) => e.node?.petitionSummary ?? []).reduce((n, row) => n + row.count, 0);
  expect(petitions).toBe(PETITIONS.length + CASEWORK_2020.petitions.length);

  await loadInspection(hub.inspection.database);
  await loadDiscipline(hub.discipline.database);
  await loadStationed(hub.stationed.database);
  expect(await snapshot()).toEqual(first);
});
