import type { TopicDelivery } from '@hub/core';

/** Where each inspection event goes: the consumer mutation in the receiving body (its document is a trusted one, in operations/service/). */
export const INSPECTION_TOPICS: Record<string, TopicDelivery> = {
  escalationHandled: {
    field: 'applyEscalationHandled',
    mutation: `mutation DeliverEscalationHandled($input: ApplyEscalationHandledInput!) {
  applyEscalationHandled(input: $input) { applied errors { code field message } }
}`,
    input: (eventId, payload) => ({ eventId, ...payload }),
  },
};
