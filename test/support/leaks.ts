import { expect } from 'vitest';

import { markSecret, secrets } from '../../scripts/lib/secrets.ts';

export { markSecret };

export function expectNoLeaks(
  sources: { logLines: string[]; responses: string[] },
  allowedInResponses: (response: string, secret: string) => boolean = () => false,
): void {
  expect(secrets.size, 'the leak check has secrets to look for').toBeGreaterThan(0);
  expect(sources.logLines.length, 'the leak check has log lines to read').toBeGreaterThan(0);
  for (const line of sources.logLines) {
    for (const secret of secrets) expect(line.includes(secret), `a log line contains a secret: ${line.slice(0, 200)}`).toBe(false);
  }
  for (const response of sources.responses) {
    for (const secret of secrets) {
      if (response.includes(secret) && !allowedInResponses(response, secret)) {
        expect.fail(`a response contains a secret: ${response.slice(0, 200)}`);
      }
    }
  }
}
