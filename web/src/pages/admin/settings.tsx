import { Page } from '../../app/ui.js';
export function AdminSettingsPage() {
  return <Page title="AdminSettingsPage"><p>TODO</p></Page>;
}
