/**
 * Who is signed in and why they read: the token stays in this tab's sessionStorage (never in a
 * cookie, never sent anywhere but /graphql); the stated purpose (访问事由) is asked once per session.
 */
const TOKEN_KEY = 'hub.token';
const PURPOSE_KEY = 'hub.purpose';

export interface Identity {
  staffId: string;
  roles: string[];
  scopes: Record<string, string[]>;
  expiresAt: Date | null;
}

/** 角色中文名 — the roles of DESIGN §6 (they are token claims, not a schema enum). */
export const ROLE_LABELS: Record<string, string> = {
  leader: '委领导',
  petition_officer: '信访室',
  case_manager: '案件监督管理室',
  case_officer: '纪检监察室（协作区）',
  trial_officer: '案件审理室',
  conduct_officer: '党风政风监督室',
  inspection_officer: '巡察办（巡察组）',
  stationed_officer: '派驻纪检组',
  analyst: '统计分析',
};

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token.trim());
  else {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(PURPOSE_KEY);
  }
}

export function getPurpose(): string | null {
  return sessionStorage.getItem(PURPOSE_KEY);
}

export function setPurpose(purpose: string): void {
  sessionStorage.setItem(PURPOSE_KEY, purpose.trim());
}

/** What the token says about its holder, for display only (the gateway verifies it). */
export function identityOf(token: string | null): Identity | null {
  if (!token) return null;
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as { sub?: string; roles?: string[]; scopes?: Record<string, string[]>; exp?: number };
    return { staffId: claims.sub ?? '', roles: claims.roles ?? [], scopes: claims.scopes ?? {}, expiresAt: claims.exp ? new Date(claims.exp * 1000) : null };
  } catch {
    return null;
  }
}

/**
 * An identity provider can hand a token over by redirecting to /app/#token=<jwt>: the fragment
 * never reaches a server; it is moved into sessionStorage and removed from the address bar.
 */
export function takeTokenFromFragment(): void {
  const match = /(?:^#|&)token=([A-Za-z0-9_\-.]+)/.exec(location.hash);
  if (!match) return;
  setToken(match[1]!);
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
}
