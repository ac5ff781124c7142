import type { AuditRecorder } from './audit.ts';
import type { Role, Viewer } from './auth.ts';
import type { Logger } from './logger.ts';
import type { GraphClient } from './references.ts';

/** What every subgraph's request context carries. */
export interface SubgraphContext {
  requestId: string;
  log: Logger;
  /** The verified caller, as the gateway signed it. */
  viewer: Viewer;
  /** The caller's stated purpose of access, for the audit log. */
  purpose: string | null;
  audit: AuditRecorder;
  /** The graph, reached through the gateway as this body's service identity (reference checks). */
  graph: GraphClient;
}

/**
 * Authorization scopes available on every field and type (DESIGN §6). A scope map grants access
 * when any of its entries holds.
 */
export interface HubAuthScopes {
  /** The viewer has this role, or one of these roles. */
  role: Role | Role[];
  /** The viewer is a member of this stationed group. */
  stationedGroup: string;
  /** The viewer is a member of this inspection team, or of one of these teams. */
  inspectionTeam: string | string[];
  /** The viewer works in this commission department. */
  department: string;
  /** The viewer is a member of this collaboration zone. */
  zone: string;
  /** The viewer is the service identity of this body, or of one of these bodies (never a person). */
  service: string | string[];
}
