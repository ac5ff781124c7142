import type { TopicDelivery } from '@hub/core';

/** Where each discipline event goes: the consumer mutation in the receiving body. */
export const DISCIPLINE_TOPICS: Record<string, TopicDelivery> = {
  clueResultReported: {
    field: 'applyClueResultReported',
    mutation: 'mutation DeliverClueResult($input: ApplyClueResultReportedInput!) { applyClueResultReported(input: $input) { applied errors { code field message } } }',
    input: (eventId, payload) => ({ eventId, ...payload }),
  },
};
