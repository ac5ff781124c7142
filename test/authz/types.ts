import type { Role } from '@hub/core';
import type { Hub } from '../support/hub.ts';

/**
 * One row of the authorization matrix: an operation sent through the gateway as each role, and
 * which roles are allowed. A denied role gets a FORBIDDEN error (or an UNAUTHENTICATED one); an
 * allowed role gets no authorization error.
 */
export interface AuthzRow {
  /** Short name of the operation, shown in the test title. */
  name: string;
  query: string;
  /** Variables, computed after `setup` ran (it may create the records the query names). */
  variables?: (fixture: Record<string, string>) => Record<string, unknown>;
  allow: readonly Role[];
  /**
   * The operation reads values marked secret (e.g. reporter identity): allowed roles' responses may
   * carry them; every other response and every log line still may not.
   */
  revealsSecrets?: boolean;
  /** Scopes each role's token carries (e.g. its stationed group), computed from the fixture. */
  scopes?: (role: Role, fixture: Record<string, string>) => Record<string, string[]> | undefined;
}

/** Creates the records the rows of one file need; returns ids/codes the rows refer to. */
export type AuthzSetup = (hub: Hub) => Promise<Record<string, string>>;
