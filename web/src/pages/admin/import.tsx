import { Page } from '../../app/ui.js';
export function AdminImportPage() {
  return <Page title="AdminImportPage"><p>TODO</p></Page>;
}
