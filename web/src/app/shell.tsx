// The frame around every page: skip link, header (municipality, who is logged in, language,
// live status, log out), role-aware navigation, and the main landmark.
import { useEffect, useState, type ReactNode } from 'react';
import type { Role } from '../api/types.js';
import type { LiveState } from '../logic/live.js';
import { useLang } from './lang.js';
import { Link, useRouter } from './router.js';
import { useSession } from './session.js';

export interface NavItem {
  to: string;
  sv: string;
  en: string;
  roles?: readonly Role[];
  /** Pages under it share its highlight (e.g. /admin/...). */
  prefix?: string;
}

export function allowed(item: { roles?: readonly Role[] }, role: Role): boolean {
  return !item.roles || item.roles.includes(role);
}

function LiveStatus() {
  const { live } = useSession();
  const { L } = useLang();
  const [state, setState] = useState<LiveState>(live.state);
  useEffect(() => live.onState(setState), [live]);
  const text = state === 'open' ? L('Uppdateras direkt', 'Live') : state === 'stopped' ? L('Inte ansluten', 'Not connected') : L('Ansluter…', 'Connecting…');
  return (
    <span className={`live live-${state}`} data-state={state}>
      <span aria-hidden="true" className="dot" /> {text}
    </span>
  );
}

export function LanguageSwitch() {
  const { lang, setLang } = useLang();
  // Each choice is named in its own language (WCAG 3.1.2).
  return (
    <div className="lang" role="group" aria-label={lang === 'sv' ? 'Språk' : 'Language'}>
      <button type="button" lang="sv" aria-pressed={lang === 'sv'} onClick={() => setLang('sv')}>Svenska</button>
      <button type="button" lang="en" aria-pressed={lang === 'en'} onClick={() => setLang('en')}>English</button>
    </div>
  );
}

export function Shell({ nav, children }: { nav: readonly NavItem[]; children: ReactNode }) {
  const { me, role, logout } = useSession();
  const { lang, L } = useLang();
  const { path } = useRouter();
  const name = me.person ? `${me.person.firstName} ${me.person.lastName}` : me.kind;
  const roleName: Record<Role, [string, string]> = {
    employee: ['medarbetare', 'employee'],
    manager: ['chef', 'manager'],
    operator: ['telefonist', 'operator'],
    admin: ['administratör', 'administrator'],
  };
  const items = nav.filter((n) => allowed(n, role));
  return (
    <>
      <a className="skip-link" href="#main">{L('Hoppa till innehållet', 'Skip to content')}</a>
      <header className="top">
        <div className="brand">
          <span className="product">Öppen Växel</span>
          <span className="tenant">{me.tenant.name}</span>
        </div>
        <div className="who">
          <span>
            {name} <span className="muted">({roleName[role][lang === 'sv' ? 0 : 1]})</span>
          </span>
          <LiveStatus />
          <LanguageSwitch />
          <button type="button" className="secondary" onClick={() => void logout()}>{L('Logga ut', 'Log out')}</button>
        </div>
      </header>
      <nav className="main-nav" aria-label={L('Huvudmeny', 'Main menu')}>
        <ul>
          {items.map((n) => {
            const current = path === n.to || (n.prefix !== undefined && path.startsWith(n.prefix));
            return (
              <li key={n.to}>
                <Link to={n.to} className={current ? 'current' : undefined} aria-current={current ? 'page' : undefined}>
                  {lang === 'sv' ? n.sv : n.en}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** A second row of links inside a section (administration, team). */
export function SubNav({ label, items }: { label: string; items: readonly NavItem[] }) {
  const { lang } = useLang();
  const { role } = useSession();
  const { path } = useRouter();
  return (
    <nav className="sub-nav" aria-label={label}>
      <ul>
        {items.filter((n) => allowed(n, role)).map((n) => (
          <li key={n.to}>
            <Link to={n.to} aria-current={path === n.to ? 'page' : undefined}>{lang === 'sv' ? n.sv : n.en}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
