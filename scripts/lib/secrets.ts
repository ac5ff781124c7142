/**
 * Values that must never appear in a response or a log line: tokens, keys, reporter identities.
 * Tests and seeds mark them as they create them; the leak check scans what a hub said.
 */
export const secrets = new Set<string>();

export function markSecret(value: string): void {
  if (value.length >= 6) secrets.add(value);
}
