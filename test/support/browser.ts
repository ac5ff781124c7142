/**
 * Browser tests drive the distribution's Chromium (Debian: `chromium`) through playwright-core;
 * playwright's own browser download is not reachable from the commission's network. A missing
 * browser fails the test, it is never skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags that keep Chromium from calling home: no background networking, updates, sync or QUIC. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-pings',
];

/** Launches Chromium with a fresh profile of its own (playwright gives each launch a new user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for requests that stay on this machine (data: and blob: URLs never leave it). */
export function isLocal(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(parsed.hostname);
}

/**
 * Records every request a context makes and refuses (aborts) any that would leave localhost, so a
 * stray CDN or font URL cannot slip out; the test then fails on the recorded list.
 */
export async function recordRequests(context: BrowserContext, into: string[]): Promise<void> {
  context.on('request', (request) => into.push(request.url()));
  await context.route(
    (url) => !isLocal(url.href),
    (route) => route.abort('blockedbyclient'),
  );
}

/** The text of a PDF, by poppler's pdftotext (Debian: poppler-utils). */
export function pdfText(file: string): string {
  const result = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`pdftotext failed (install poppler-utils; .ci/run does): ${result.error?.message ?? result.stderr}`);
  }
  return result.stdout;
}
