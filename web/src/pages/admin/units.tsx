import { Page } from '../../app/ui.js';
export function AdminUnitsPage() {
  return <Page title="AdminUnitsPage"><p>TODO</p></Page>;
}
