import { Agent, setGlobalDispatcher } from 'undici';
import { secrets } from '../../scripts/lib/secrets.ts';

/**
 * Runs before each test file. Test files share their worker's loaded modules (vitest `isolate:
 * false`: the hub's modules are loaded once per worker, not once per file), so what a file marks as
 * secret is forgotten before the next file starts: each file's leak check looks for its own secrets,
 * as when every file had its own process.
 */
secrets.clear();

/**
 * `fetch` in the tests (the tests' own requests, and the in-process gateway's requests to the
 * in-process subgraphs) opens a connection per request instead of keeping idle ones. A kept
 * connection is closed by the Node server after 5 s idle (+1 s buffer); the client stops reusing it
 * about 2 s before that. Client and server share one event loop here, so when the process stalls
 * past that margin — a garbage collection of a large worker's heap while other processes take the
 * machine's two cores — the client sends a request on a connection the server then closes unread,
 * and the request fails with "other side closed" (the fuzz test saw this once in 2,000 requests on
 * a loaded machine). Without kept connections there is no such race; a new connection on the
 * loopback costs a fraction of a millisecond.
 */
const dispatcher = Symbol.for('hub-test.dispatcher');
const scope = globalThis as { [dispatcher]?: Agent };
if (!scope[dispatcher]) {
  scope[dispatcher] = new Agent({ pipelining: 0 });
  setGlobalDispatcher(scope[dispatcher]);
}
