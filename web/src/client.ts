import { purposeHeaders } from '@hub/client';
import { cacheExchange, Client, fetchExchange } from 'urql';
import { getPurpose, getToken } from './session.ts';

/**
 * The GraphQL client: same origin, POST only (the gateway's CSRF protection refuses simple GET
 * requests without a preflight header), the caller's token and the stated purpose on every request.
 */
export function createClient(onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: () => {
      const token = getToken();
      return {
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...purposeHeaders(getPurpose()),
        },
      };
    },
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401) onUnauthenticated();
      return response;
    },
  });
}
