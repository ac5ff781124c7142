/**
 * `node gateway/src/graphiql-page.ts` — renders the GraphiQL page once from the options read on
 * standard input (JSON) and writes it gzipped to standard output. The gateway runs it the first time
 * the page is asked for (`renderElsewhere` in graphiql.ts), so the renderer's bundle never enters the
 * gateway's own heap.
 */
import { text } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLPageOptions } from './graphiql.ts';

/**
 * 查询目的 — a box above GraphiQL for the stated purpose of access. Every request the page sends
 * carries it in `X-Access-Purpose`, percent-encoded, so any text (Chinese included) travels in an
 * HTTP header; it is kept in the browser's local storage.
 */
const PURPOSE_BOX = `
<div id="hub-purpose" style="position:fixed;top:6px;right:12px;z-index:1000;font:13px sans-serif;background:#fff;border:1px solid #ccc;border-radius:4px;padding:4px 8px">
  <label>查询目的 Purpose <input id="hub-purpose-input" size="28" maxlength="200" placeholder="如：巡前通报准备 — e.g. pre-inspection briefing"></label>
</div>
<script>
(function () {
  var input = document.getElementById('hub-purpose-input');
  input.value = localStorage.getItem('hub-purpose') || '';
  input.addEventListener('input', function () { localStorage.setItem('hub-purpose', input.value); });
  var send = window.fetch;
  window.fetch = function (resource, init) {
    var purpose = input.value.trim();
    if (purpose) {
      init = Object.assign({}, init);
      var headers = new Headers(init.headers || {});
      headers.set('X-Access-Purpose', encodeURIComponent(purpose));
      init.headers = headers;
    }
    return send.call(this, resource, init);
  };
})();
</script>
`;

const options = JSON.parse(await text(process.stdin)) as GraphiQLPageOptions;
const html = renderGraphiQL({
  title: '四项监督数据枢纽 GraphiQL',
  endpoint: '/graphql',
  defaultQuery: options.defaultQuery,
  headers: JSON.stringify({ ...options.headers }, null, 2),
}).replace('</body>', `${PURPOSE_BOX}</body>`);
process.stdout.write(gzipSync(html));
