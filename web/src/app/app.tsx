// The app: log in, load the session, then the page for the address, as the role allows.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { get, setCsrfToken, setOnUnauthenticated, post } from '../api/client.js';
import { loadFeatures } from '../api/features.js';
import type { AbsenceReason, HoursNow, Me, MunicipalityProfile, Role } from '../api/types.js';
import { useLang } from './lang.js';
import { useRouter } from './router.js';
import { browserLive, SessionProvider, type Session } from './session.js';
import { Shell, type NavItem } from './shell.js';
import { ErrorBox, Loading, Page } from './ui.js';
import { invalidateDirectory } from './directory.js';
import { LoginPage } from '../pages/login.js';
import { StatusPage } from '../pages/self/status.js';
import { MessagesPage } from '../pages/self/messages.js';
import { ProfilePage } from '../pages/self/profile.js';
import { DirectoryPage } from '../pages/directory.js';
import { TeamPage } from '../pages/manager/team.js';
import { TeamCallbacksPage } from '../pages/manager/callbacks.js';
import { FollowUpPage } from '../pages/manager/follow-up.js';
import { ConsolePage } from '../pages/console.js';
import { AdminPeoplePage } from '../pages/admin/people.js';
import { AdminUnitsPage } from '../pages/admin/units.js';
import { AdminFunctionsPage } from '../pages/admin/functions.js';
import { AdminImportPage } from '../pages/admin/import.js';
import { AdminHoursPage } from '../pages/admin/hours.js';
import { AdminSettingsPage } from '../pages/admin/settings.js';
import { AdminPhoneCodesPage } from '../pages/admin/phone-codes.js';
import { AdminPromptsPage } from '../pages/admin/prompts.js';

export const NAV: readonly NavItem[] = [
  { to: '/status', sv: 'Min status', en: 'My status' },
  { to: '/meddelanden', sv: 'Meddelanden', en: 'Messages' },
  { to: '/profil', sv: 'Min profil', en: 'My profile' },
  { to: '/katalog', sv: 'Katalog', en: 'Directory' },
  { to: '/team', sv: 'Mitt team', en: 'My team', roles: ['manager'], prefix: '/team' },
  { to: '/uppfoljning', sv: 'Uppföljning', en: 'Follow-up', roles: ['manager', 'admin'] },
  // The operator console lands here with the switchboard (issue 5 item 2).
  { to: '/vaxel', sv: 'Växel', en: 'Switchboard', roles: ['operator', 'admin'] },
  { to: '/admin/personer', sv: 'Administration', en: 'Administration', roles: ['admin'], prefix: '/admin' },
];

interface RouteDef {
  path: string;
  roles?: readonly Role[];
  page: () => ReactNode;
}

const ROUTES: readonly RouteDef[] = [
  { path: '/status', page: () => <StatusPage /> },
  { path: '/meddelanden', page: () => <MessagesPage /> },
  { path: '/profil', page: () => <ProfilePage /> },
  { path: '/katalog', page: () => <DirectoryPage /> },
  { path: '/team', roles: ['manager'], page: () => <TeamPage /> },
  { path: '/team/aterkopplingar', roles: ['manager'], page: () => <TeamCallbacksPage /> },
  { path: '/uppfoljning', roles: ['manager', 'admin'], page: () => <FollowUpPage /> },
  { path: '/vaxel', roles: ['operator', 'admin'], page: () => <ConsolePage /> },
  { path: '/admin/personer', roles: ['admin'], page: () => <AdminPeoplePage /> },
  { path: '/admin/enheter', roles: ['admin'], page: () => <AdminUnitsPage /> },
  { path: '/admin/funktioner', roles: ['admin'], page: () => <AdminFunctionsPage /> },
  { path: '/admin/import', roles: ['admin'], page: () => <AdminImportPage /> },
  { path: '/admin/oppettider', roles: ['admin'], page: () => <AdminHoursPage /> },
  { path: '/admin/installningar', roles: ['admin'], page: () => <AdminSettingsPage /> },
  { path: '/admin/telefonkoder', roles: ['admin'], page: () => <AdminPhoneCodesPage /> },
  { path: '/admin/inspelningar', roles: ['admin'], page: () => <AdminPromptsPage /> },
];

function NotFound() {
  const { L } = useLang();
  return <Page title={L('Sidan finns inte', 'Page not found')}><p>{L('Adressen finns inte i Öppen Växel. Välj en sida i menyn.', 'This address does not exist. Choose a page in the menu.')}</p></Page>;
}

function Forbidden() {
  const { L } = useLang();
  return <Page title={L('Ingen behörighet', 'Not allowed')}><p>{L('Din roll ger inte tillgång till den här sidan.', 'Your role does not give access to this page.')}</p></Page>;
}

async function loadSession(me: Me, onLogout: () => void): Promise<Session> {
  setCsrfToken(me.csrfToken);
  const [profile, reasons, switchboard, features] = await Promise.all([
    get<MunicipalityProfile>('/api/profile'),
    get<AbsenceReason[]>('/api/absence-reasons'),
    get<HoursNow>('/api/hours').catch(() => null),
    loadFeatures(),
  ]);
  const live = browserLive();
  const session: Session = {
    me, personId: me.person?.id ?? '', role: me.role, profile, reasons, switchboard, features, live,
    async logout() {
      live.stop();
      await post('/api/auth/logout').catch(() => undefined);
      setCsrfToken(null);
      invalidateDirectory();
      onLogout();
    },
    reloadProfile: async () => {},
  };
  live.subscribe((e) => {
    if (e.type === 'directory.changed') invalidateDirectory(typeof e.entity === 'string' ? e.entity : undefined);
  });
  live.onResync(() => invalidateDirectory());
  live.start();
  return session;
}

export function App() {
  const { L } = useLang();
  const { path, navigate } = useRouter();
  const [session, setSession] = useState<Session | null>(null);
  const [phase, setPhase] = useState<'booting' | 'login' | 'ready' | 'failed'>('booting');
  const [error, setError] = useState<unknown>(null);

  const loggedOut = useCallback(() => {
    setSession(null);
    setPhase('login');
  }, []);

  const start = useCallback(async (me: Me) => {
    try {
      const s = await loadSession(me, loggedOut);
      // A saved profile reaches every page that reads it.
      s.reloadProfile = async () => {
        const [profile, reasons] = await Promise.all([get<MunicipalityProfile>('/api/profile'), get<AbsenceReason[]>('/api/absence-reasons')]);
        setSession((old) => (old ? { ...old, profile, reasons } : old));
      };
      setSession(s);
      setPhase('ready');
    } catch (e) {
      setError(e);
      setPhase('failed');
    }
  }, [loggedOut]);

  useEffect(() => {
    setOnUnauthenticated(() => {
      session?.live.stop();
      loggedOut();
    });
    return () => setOnUnauthenticated(null);
  }, [session, loggedOut]);

  useEffect(() => {
    get<Me>('/api/auth/me').then((me) => void start(me), () => setPhase('login'));
  }, [start]);

  useEffect(() => {
    if (phase === 'ready' && (path === '/' || path === '/logga-in')) navigate('/status', { replace: true });
  }, [phase, path, navigate]);

  if (phase === 'booting') return <main id="main"><Loading what={L('Startar…', 'Starting…')} /></main>;
  if (phase === 'failed') return <main id="main"><h1>Öppen Växel</h1><ErrorBox error={error} /></main>;
  if (phase === 'login' || !session) return <LoginPage onLoggedIn={(me) => void start(me)} />;

  const route = ROUTES.find((r) => r.path === path);
  const content = !route ? (path === '/' ? <Loading /> : <NotFound />) : route.roles && !route.roles.includes(session.role) ? <Forbidden /> : route.page();
  return (
    <SessionProvider value={session}>
      <Shell nav={NAV}>{content}</Shell>
    </SessionProvider>
  );
}
