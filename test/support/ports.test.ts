import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/postgres.ts';

describe('freePort', () => {
  it('hands out a port once per process while others in the range are left, though none is bound yet', async () => {
    const range = { from: 29_900, to: 29_939 };
    const ports: number[] = [];
    for (let i = 0; i < 30; i++) ports.push(await freePort(range));
    expect(new Set(ports).size).toBe(30);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(range.from);
      expect(port).toBeLessThanOrEqual(range.to);
    }
  });

  it('never hands out a port something listens on', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(29_950, '127.0.0.1', resolve));
    try {
      const range = { from: 29_950, to: 29_951 };
      expect(await freePort(range)).toBe(29_951);
      // The only other port is taken: after its first attempts, freePort may give 29,951 again rather than fail.
      expect(await freePort(range)).toBe(29_951);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
