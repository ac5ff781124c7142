import { gzipSync } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Express, Request, Response } from 'express';

/**
 * A GraphiQL page whose scripts, styles and workers are all inlined: it loads nothing from the
 * internet, as the commission's intranet requires.
 */
export function mountGraphiQL(app: Express, options: { defaultQuery: string; headers?: Record<string, string> | undefined }): void {
  const html = renderGraphiQL({
    title: '四项监督数据枢纽 GraphiQL',
    endpoint: '/graphql',
    defaultQuery: options.defaultQuery,
    headers: JSON.stringify({ ...options.headers }, null, 2),
  });
  const gzipped = gzipSync(html);
  const send = (req: Request, res: Response) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Content-Security-Policy', "default-src 'self' 'unsafe-inline' 'unsafe-eval' blob: data:; connect-src 'self'");
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(gzipped);
    } else {
      res.end(html);
    }
  };
  app.get('/', send);
  // A browser opening /graphql itself also gets the page; API clients POST there.
  app.get('/graphql', (req, res, next) => {
    if ((req.headers.accept ?? '').includes('text/html')) send(req, res);
    else next();
  });
}
