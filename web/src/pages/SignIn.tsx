import { type FormEvent, useEffect, useState } from 'react';
import { ROLE_LABELS } from '../session.ts';

interface DevIdentity {
  label: string;
  role: string;
  staffName: string;
  token: string;
}

/**
 * 登录. In development the gateway lists the demo district's staff, one per role, with development
 * tokens. In production there is no such list: the deployment's identity provider issues the token
 * (pasted here, or handed over by redirecting to /app/#token=…).
 */
export function SignInPage({ onSignIn, expired }: { onSignIn: (token: string) => void; expired: boolean }) {
  const [identities, setIdentities] = useState<DevIdentity[] | null>(null);
  const [token, setToken] = useState('');
  useEffect(() => {
    let cancelled = false;
    fetch('/app/dev-identities.json', { headers: { accept: 'application/json' } })
      .then(async (response) => (response.ok ? ((await response.json()) as { identities: DevIdentity[] }).identities : []))
      .catch(() => [])
      .then((list) => {
        if (!cancelled) setIdentities(list);
      });
    return () => {
      cancelled = true;
    };
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token.trim())) onSignIn(token.trim());
  };
  return (
    <main className="signin">
      <h1>四项监督数据枢纽</h1>
      <p className="subtitle">区纪委监委 · 巡前通报、年度数据</p>
      {expired && (
        <p className="notice" role="alert">
          登录已失效，请重新登录。
        </p>
      )}
      {identities && identities.length > 0 && (
        <section>
          <h2>开发环境：选择演示身份</h2>
          <p className="hint">以下为演示区（云溪区）人员的开发令牌，仅用于开发与演示。</p>
          <ul className="identities">
            {identities.map((identity) => (
              <li key={identity.label}>
                <button type="button" data-role={identity.role} onClick={() => onSignIn(identity.token)}>
                  <strong>{identity.label}</strong>
                  <span>
                    {identity.staffName} · {ROLE_LABELS[identity.role] ?? identity.role}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>{identities && identities.length > 0 ? '或使用令牌登录' : '使用令牌登录'}</h2>
        <p className="hint">令牌由本单位统一身份认证系统签发（JWT）。</p>
        <form onSubmit={submit}>
          <label>
            令牌
            <textarea name="token" rows={3} value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <button type="submit">登录</button>
        </form>
      </section>
    </main>
  );
}
