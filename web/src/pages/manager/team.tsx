import { Page } from '../../app/ui.js';
export function TeamPage() {
  return <Page title="TeamPage"><p>TODO</p></Page>;
}
