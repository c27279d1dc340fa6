import { Page } from '../../app/ui.js';
export function AdminFunctionsPage() {
  return <Page title="AdminFunctionsPage"><p>TODO</p></Page>;
}
