import { afterAll, beforeAll, expect, it } from 'vitest';
import { ELDERLY_CARE_STORY as story } from '@hub/demo';
import { nodes } from '../support/connections.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { UnitFindingStoryDocument } from '../operations/generated.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
});
afterAll(async () => {
  await hub?.stop();
});

it("the 9th round's finding at the elderly-care centre, its consultation, transfer and the clue's handling are one story across the graph", async () => {
  const response = await hub.query(UnitFindingStoryDocument, { code: story.township.code }, { as: { role: 'leader' }, purpose: '演示数据核对' });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const finding = nodes(response.data?.unit?.inspectionFindings).find((f) => f.id === story.finding.id);
  expect(finding?.description).toContain('已去世人员个人账户');
  expect(finding?.consultations).toEqual([{ departments: ['INSPECTION_OFFICE', 'TRIAL_OFFICE', 'SUPERVISION_OFFICE'], conclusion: 'TRANSFER_AS_CLUE' }]);
  expect(finding?.clueTransfer).toEqual({
    id: story.transfer.id,
    priority: true,
    feedbackReceivedOn: '2021-03-20',
    clue: {
      source: 'INSPECTION_TRANSFER',
      disposalMethod: 'PRELIMINARY_VERIFICATION',
      cases: [{ status: 'CLOSED', sanctions: [{ type: 'PARTY_SERIOUS_WARNING' }] }],
    },
  });
});
