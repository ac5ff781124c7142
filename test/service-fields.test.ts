import { serviceRootFields } from '@hub/core';
import { describe, expect, it } from 'vitest';

/** A service identity reaches only its lookups and consumers (the guard refuses every other root field). */
describe('what a service identity may call', () => {
  it('only the root fields whose rule names the service scope', async () => {
    const { schema } = await import('../subgraphs/discipline/src/app.ts');
    expect([...serviceRootFields(schema)].sort()).toEqual(['disciplineReferences']);
    const { schema: inspectionSchema } = await import('../subgraphs/inspection/src/app.ts');
    expect([...serviceRootFields(inspectionSchema)].sort()).toEqual([
      'applyClueRegistered',
      'applyClueResultReported',
      'inspectionPeriodFigures',
      'inspectionReferences',
    ]);
    const { schema: stationedSchema } = await import('../subgraphs/stationed/src/app.ts');
    expect([...serviceRootFields(stationedSchema)].sort()).toEqual(['applyEscalationHandled', 'stationedReferences']);
  });
});
