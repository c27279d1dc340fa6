import { Page } from '../app/ui.js';
export function DirectoryPage() {
  return <Page title="DirectoryPage"><p>TODO</p></Page>;
}
