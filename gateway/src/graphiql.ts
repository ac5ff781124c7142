import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Express, Request, Response } from 'express';

/** What the page is rendered from (sent to the process that renders it). */
export interface GraphiQLPageOptions {
  defaultQuery: string;
  headers?: Record<string, string> | undefined;
}

/**
 * The page, gzipped, rendered by a short-lived Node process the first time someone asks for it.
 * GraphiQL's renderer carries its whole bundle (scripts, styles, editor workers: about 17 MB of text)
 * as strings; imported into the gateway, those strings, the module's source and the rendered page
 * stayed in the gateway's heap for its whole life (about 80 MB of RSS at start, measured), whether or
 * not anyone ever opens GraphiQL. Rendered in another process, only the gzipped page (2.4 MB) stays,
 * and all the rest goes back to the system when that process exits (a worker thread's memory does
 * not all go back: +29 MB of RSS remained, measured).
 */
function renderElsewhere(options: GraphiQLPageOptions): Promise<Buffer> {
  const script = fileURLToPath(new URL('./graphiql-page.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [script],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 60_000, env: { PATH: process.env.PATH ?? '' } },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
    child.stdin!.end(JSON.stringify(options));
  });
}

/**
 * A GraphiQL page whose scripts, styles and workers are all inlined: it loads nothing from the
 * internet, as the commission's intranet requires. Rendered on first request (see `renderElsewhere`).
 */
export function mountGraphiQL(app: Express, options: GraphiQLPageOptions): void {
  let page: Promise<Buffer> | undefined;
  const send = async (req: Request, res: Response) => {
    page ??= renderElsewhere(options);
    let gzipped: Buffer;
    try {
      gzipped = await page;
    } catch {
      page = undefined;
      res.status(503).type('text/plain; charset=utf-8').end('GraphiQL 页面暂不可用 — the GraphiQL page is unavailable; try again');
      return;
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Content-Security-Policy', "default-src 'self' 'unsafe-inline' 'unsafe-eval' blob: data:; connect-src 'self'");
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(gzipped);
    } else {
      // Browsers accept gzip; anything that does not is rare enough to unzip for.
      res.end(gunzipSync(gzipped));
    }
  };
  app.get('/', (req, res) => void send(req, res));
  // A browser opening /graphql itself also gets the page; API clients POST there.
  app.get('/graphql', (req, res, next) => {
    if ((req.headers.accept ?? '').includes('text/html')) void send(req, res);
    else next();
  });
}
