import { Page } from '../../app/ui.js';
export function TeamCallbacksPage() {
  return <Page title="TeamCallbacksPage"><p>TODO</p></Page>;
}
