import { Page } from '../../app/ui.js';
export function AdminHoursPage() {
  return <Page title="AdminHoursPage"><p>TODO</p></Page>;
}
