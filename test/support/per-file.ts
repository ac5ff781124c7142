import { secrets } from '../../scripts/lib/secrets.ts';

/**
 * Runs before each test file. Test files share their worker's loaded modules (vitest `isolate:
 * false`: the hub's modules are loaded once per worker, not once per file), so what a file marks as
 * secret is forgotten before the next file starts: each file's leak check looks for its own secrets,
 * as when every file had its own process.
 */
secrets.clear();
