import type { NavItem } from '../../app/shell.js';

export const ADMIN_NAV: readonly NavItem[] = [
  { to: '/admin/personer', sv: 'Personer', en: 'People' },
  { to: '/admin/enheter', sv: 'Enheter', en: 'Units' },
  { to: '/admin/funktioner', sv: 'Funktioner', en: 'Functions' },
  { to: '/admin/import', sv: 'Import', en: 'Import' },
  { to: '/admin/oppettider', sv: 'Öppettider', en: 'Hours' },
  { to: '/admin/installningar', sv: 'Inställningar', en: 'Settings' },
  { to: '/admin/telefonkoder', sv: 'Telefonkoder', en: 'Phone codes' },
  { to: '/admin/inspelningar', sv: 'Inspelningar', en: 'Recordings' },
];
