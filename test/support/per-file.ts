import { secrets } from '../../scripts/lib/secrets.ts';

/**
 * Runs before each test file. Test files share their worker's loaded modules (vitest `isolate:
 * false`: the hub's modules are loaded once per worker, not once per file), so what a file marks as
 * secret is forgotten before the next file starts: each file's leak check looks for its own secrets,
 * as when every file had its own process.
 *
 * `fetch` in the tests keeps its connections, as the services' and the gateway's clients do. A kept
 * connection once met the in-process server closing it as idle when the event loop stalled (the
 * fuzz test lost one request in 2,000, "other side closed"), and the tests then opened a connection
 * per request; since then the services keep an idle connection 30 s past the 5 s they advertise
 * (`keepAliveTimeoutBuffer`, packages/core/src/http.ts) while clients stop reusing it about 2 s
 * before those 5 s, so a request meets a closing connection only after a stall of over half a
 * minute. A connection per request cost about a tenth of the CPU of the request-heavy files.
 */
secrets.clear();
