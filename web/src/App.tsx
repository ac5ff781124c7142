import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { createClient } from './client.ts';
import { DossierPage } from './pages/Dossier.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { UnitSearchPage } from './pages/UnitSearch.tsx';
import { dueRouteArgs, WhatIsDuePage } from './pages/WhatIsDue.tsx';
import { YearFiguresPage } from './pages/YearFigures.tsx';
import { getToken, identityOf, ROLE_LABELS, setToken } from './session.ts';

/** Hash routes: #/ search, #/unit/<code>, #/figures/<year>, #/due/<asOf>/<working days>. The gateway serves one page. */
function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function App() {
  const [token, setTokenState] = useState(getToken);
  const [expired, setExpired] = useState(false);
  const signOut = useCallback((reason?: 'expired') => {
    setToken(null);
    setTokenState(null);
    setExpired(reason === 'expired');
  }, []);
  // A new client per sign-in, so nothing cached for one caller is shown to the next.
  const client = useMemo(() => createClient(() => signOut('expired')), [token, signOut]);
  const route = useRoute();
  const identity = identityOf(token);

  if (!token || !identity) {
    return (
      <SignInPage
        expired={expired}
        onSignIn={(t) => {
          setToken(t);
          setTokenState(t);
          setExpired(false);
        }}
      />
    );
  }

  const [page, arg, arg2] = route;
  return (
    <Provider value={client}>
      <header className="topbar no-print">
        <span className="brand">四项监督数据枢纽</span>
        <nav>
          <a href="#/" className={!page ? 'active' : ''}>
            单位查询
          </a>
          <a href="#/figures/2020" className={page === 'figures' ? 'active' : ''}>
            年度数据
          </a>
          <a href="#/due" className={page === 'due' ? 'active' : ''}>
            到期事项
          </a>
        </nav>
        <span className="who" data-testid="signed-in-as">
          {identity.roles.map((r) => ROLE_LABELS[r] ?? r).join('、')}
        </span>
        <button type="button" onClick={() => signOut()}>
          退出
        </button>
      </header>
      <main>
        {page === 'unit' && arg ? (
          <DossierPage key={arg} code={arg} roles={identity.roles} />
        ) : page === 'figures' ? (
          <YearFiguresPage key={arg ?? ''} year={Number(arg) || new Date().getFullYear() - 1} />
        ) : page === 'due' ? (
          <WhatIsDuePage key={`${arg ?? ''}/${arg2 ?? ''}`} {...dueRouteArgs(arg, arg2)} />
        ) : (
          <UnitSearchPage />
        )}
      </main>
    </Provider>
  );
}
