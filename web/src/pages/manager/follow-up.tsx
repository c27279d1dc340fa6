import { Page } from '../../app/ui.js';
export function FollowUpPage() {
  return <Page title="FollowUpPage"><p>TODO</p></Page>;
}
