import { expect } from 'vitest';

import { markSecret, secrets } from '../../scripts/lib/secrets.ts';

export { markSecret };

export function expectNoLeaks(
  sources: { logLines: string[]; responses: string[] },
  allowedInResponses: (response: string, secret: string) => boolean = () => false,
): void {
  expect(secrets.size, 'the leak check has secrets to look for').toBeGreaterThan(0);
  expect(sources.logLines.length, 'the leak check has log lines to read').toBeGreaterThan(0);
  // One search per secret over all lines joined (a secret cannot span the separator, which no
  // secret contains), then the lines themselves only for a secret found: the same check as line by
  // line, without millions of assertions on a large run.
  const SEPARATOR = '\u0000';
  const logText = sources.logLines.join(SEPARATOR);
  const responseText = sources.responses.join(SEPARATOR);
  for (const secret of secrets) {
    if (secret.includes(SEPARATOR)) throw new Error('a marked secret contains a NUL character');
    if (logText.includes(secret)) {
      const line = sources.logLines.find((l) => l.includes(secret))!;
      expect.fail(`a log line contains a secret: ${line.slice(0, 200)}`);
    }
    if (responseText.includes(secret)) {
      for (const response of sources.responses) {
        if (response.includes(secret) && !allowedInResponses(response, secret)) expect.fail(`a response contains a secret: ${response.slice(0, 200)}`);
      }
    }
  }
}
