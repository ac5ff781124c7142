import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@hub/core/serving';
import cors from 'cors';
import express, { type Express, type Request, type Response } from 'express';

/** Where `npm run build -w web` writes the reference web app. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** One identity the development sign-in page offers: a demo staff member in one role. */
export interface DevIdentity {
  /** Shown on the sign-in page, e.g. "第一巡察组组员（巡前准备）". */
  label: string;
  role: Role;
  staffName: string;
  token: string;
}

export interface WebAppOptions {
  /** The built app (index.html and assets/). */
  dir: string;
  /** Development only: identities the sign-in page offers, with their development tokens. */
  devIdentities?: (() => Promise<DevIdentity[]>) | undefined;
}

/**
 * Only the app's own files, and connections to this origin: the page can reach nothing else, and
 * nothing loads from the internet (fonts are the system's).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

function security(res: Response): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/** Serves the reference web app under `/app/` (same origin as `/graphql`, so no CORS is needed). */
export function mountWebApp(app: Express, options: WebAppOptions): void {
  const index = path.join(options.dir, 'index.html');
  app.get('/app/dev-identities.json', async (_req: Request, res: Response) => {
    security(res);
    res.setHeader('Cache-Control', 'no-store');
    // Outside development there is no such list: the deployment's identity provider hands out tokens.
    if (!options.devIdentities) {
      res.status(404).json({ identities: [] });
      return;
    }
    res.json({ identities: await options.devIdentities() });
  });
  app.use(
    '/app/assets',
    (_req, res, next) => {
      security(res);
      next();
    },
    // File names carry a content hash: they never change, so they may be cached for long.
    express.static(path.join(options.dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  app.get('/app', (req: Request, res: Response) => {
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) {
      res.redirect(301, '/app/');
      return;
    }
    security(res);
    res.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('前端尚未构建 — the web app is not built: run `npm run build -w web` (npm start does it).\n');
      return;
    }
    res.sendFile(index);
  });
}

/**
 * CORS for `/graphql`: only the listed origins, preflight answered before authentication. The headers
 * a client sends are the ones the hub reads: the token, the stated purpose, and Apollo's CSRF header.
 */
export function mountCors(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (app: Express, route: string): void => {
    app.use(
      route,
      cors({
        origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
        methods: ['GET', 'POST'],
        allowedHeaders: ['Authorization', 'Content-Type', 'X-Access-Purpose', 'Apollo-Require-Preflight', 'X-Apollo-Operation-Name', 'X-Request-Id'],
        // A page may read the request id, to quote it when reporting a problem.
        exposedHeaders: ['X-Request-Id'],
        maxAge: 600,
      }),
    );
  };
}

/** `HUB_CORS_ORIGINS`: comma-separated origins (scheme://host[:port]); each must be exactly an origin. */
export function parseCorsOrigins(raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`HUB_CORS_ORIGINS: "${value}" is not an origin (scheme://host[:port])`);
    }
    if (url.origin !== value || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new Error(`HUB_CORS_ORIGINS: "${value}" is not an origin (scheme://host[:port], no path or trailing slash)`);
    }
    return value;
  });
}
