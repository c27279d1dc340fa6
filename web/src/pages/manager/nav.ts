import type { NavItem } from '../../app/shell.js';

export const TEAM_NAV: readonly NavItem[] = [
  { to: '/team', sv: 'Närvaro och hänvisning', en: 'Presence and diversion' },
  { to: '/team/aterkopplingar', sv: 'Återkopplingar', en: 'Call-backs' },
  { to: '/uppfoljning', sv: 'Uppföljning', en: 'Follow-up' },
];
