import { Page } from '../../app/ui.js';
export function AdminPeoplePage() {
  return <Page title="AdminPeoplePage"><p>TODO</p></Page>;
}
