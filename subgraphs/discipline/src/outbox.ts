import type { TopicDelivery } from '@hub/core';

/** Where each discipline event goes: the consumer mutation in the receiving body (its document is a trusted one, in operations/service/). */
export const DISCIPLINE_TOPICS: Record<string, TopicDelivery> = {
  clueResultReported: {
    field: 'applyClueResultReported',
    mutation: `mutation DeliverClueResult($input: ApplyClueResultReportedInput!) {
  applyClueResultReported(input: $input) { applied errors { code field message } }
}`,
    input: (eventId, payload) => ({ eventId, ...payload }),
  },
  clueRegistered: {
    field: 'applyClueRegistered',
    mutation: `mutation DeliverClueRegistered($input: ApplyClueRegisteredInput!) {
  applyClueRegistered(input: $input) { applied errors { code field message } }
}`,
    input: (eventId, payload) => ({ eventId, ...payload }),
  },
};
