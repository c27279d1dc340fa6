import { Page } from '../../app/ui.js';
export function AdminPhoneCodesPage() {
  return <Page title="AdminPhoneCodesPage"><p>TODO</p></Page>;
}
