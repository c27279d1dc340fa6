// Every administration page: its heading, the administration menu, and on list pages the
// button that opens the form for a new entry.
import type { ReactNode } from 'react';
import { useLang } from '../../app/lang.js';
import { SubNav } from '../../app/shell.js';
import { ErrorBox, Page } from '../../app/ui.js';
import { ADMIN_NAV } from './nav.js';

export function AdminPage({ title, intro, newLabel, onNew, error, children }: {
  title: string;
  intro?: ReactNode;
  /** A list page: the label of its "new" button. */
  newLabel?: string;
  onNew?: () => void;
  /** The list's loading error. */
  error?: unknown;
  children: ReactNode;
}) {
  const { L } = useLang();
  const actions = newLabel && onNew ? <button type="button" onClick={onNew}>{newLabel}</button> : undefined;
  return (
    <Page title={title} intro={intro} actions={actions}>
      <SubNav label={L('Administration', 'Administration')} items={ADMIN_NAV} />
      <ErrorBox error={error ?? null} />
      {children}
    </Page>
  );
}
