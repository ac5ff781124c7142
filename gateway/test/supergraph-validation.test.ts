import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createLogger } from '@hub/core';
import { DEFAULT_SUPERGRAPH } from '../src/app.ts';
import type { GatewayMetrics } from '../src/metrics.ts';
import { watchedSupergraph } from '../src/supergraph.ts';
import { validateSupergraph } from '../src/supergraph-validation.ts';

/**
 * In development the gateway validates the supergraph as @apollo/gateway would, once per text and
 * federation library on a machine: a text that passed is remembered, one that failed is not.
 */
let dir: string;
let text: string;
/** Parses and builds a supergraph (Apollo's unvalidated load takes it) but is not a valid schema. */
let invalid: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hub-supergraph-validation-'));
  text = await readFile(DEFAULT_SUPERGRAPH, 'utf8');
  const anchor = '{\n  """被监督对象（按姓名排序）';
  expect(text).toContain(anchor);
  invalid = text.replace(anchor, `{\n  extra(a: Int = "not a number"): String @join__field(graph: INSPECTION)\n  """被监督对象（按姓名排序）`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('refuses an invalid supergraph every time and remembers nothing for it', async () => {
  const cache = path.join(dir, 'refused');
  for (let i = 0; i < 2; i++) expect(() => validateSupergraph(invalid, cache)).toThrow(/not a valid GraphQL schema/);
  expect(existsSync(cache) ? await readdir(cache) : []).toEqual([]);
});

it('remembers a valid supergraph, and a remembered text is not validated again', async () => {
  const cache = path.join(dir, 'remembered');
  const build = vi.spyOn(Supergraph, 'build');
  try {
    validateSupergraph(text, cache);
    const markers = await readdir(cache);
    expect(markers).toHaveLength(1);
    validateSupergraph(text, cache);
    expect(build).toHaveBeenCalledTimes(1);
    expect(await readdir(cache)).toEqual(markers);
    // Another text (even one byte) is validated and remembered on its own.
    validateSupergraph(`${text}\n`, cache);
    expect(build).toHaveBeenCalledTimes(2);
    expect(await readdir(cache)).toHaveLength(2);
  } finally {
    build.mockRestore();
  }
});

it('validates every time when the cache cannot be written', async () => {
  const file = path.join(dir, 'a-file');
  await writeFile(file, '');
  const cache = path.join(file, 'cache');
  const build = vi.spyOn(Supergraph, 'build');
  try {
    validateSupergraph(text, cache);
    validateSupergraph(text, cache);
    expect(build).toHaveBeenCalledTimes(2);
  } finally {
    build.mockRestore();
  }
  expect(() => validateSupergraph(invalid, cache)).toThrow(/not a valid GraphQL schema/);
});

it('a watched supergraph file is validated before the gateway takes it: at load and at each change', async () => {
  const cache = path.join(dir, 'watched');
  const file = path.join(dir, 'supergraph.graphql');
  const logger = createLogger({ name: 'test', level: 'silent' });
  const outcomes: string[] = [];
  const metrics = { supergraphReloads: { inc: ({ outcome }: { outcome: string }) => outcomes.push(outcome) } } as unknown as GatewayMetrics;
  const validate = (sdl: string) => validateSupergraph(sdl, cache);
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(check()).toBe(true);
  };

  await writeFile(file, invalid);
  await expect(watchedSupergraph(file, logger, metrics, 20, validate)({ update: () => undefined })).rejects.toThrow(/not a valid GraphQL schema/);

  await writeFile(file, text);
  const updates: string[] = [];
  const { supergraphSdl, cleanup } = await watchedSupergraph(file, logger, metrics, 20, validate)({ update: (sdl) => updates.push(sdl) });
  try {
    expect(supergraphSdl).toBe(text);
    await writeFile(file, invalid);
    await waitFor(() => outcomes.includes('refused'));
    expect(updates).toEqual([]);
    await writeFile(file, `${text}\n# changed\n`);
    await waitFor(() => updates.length === 1);
    expect(updates).toEqual([`${text}\n# changed\n`]);
    // (A write seen half done is refused too; only the good text is applied.)
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.at(-1)).toBe('applied');
  } finally {
    await cleanup();
  }
});
