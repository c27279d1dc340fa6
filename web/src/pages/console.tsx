// The place of the operator console (issue 5 item 2: the live queue, answering, transfers,
// messages). It lands here with the switchboard backend; until then the directory with
// live presence is what operators work from (search, divert for someone, take a message).
import { useLang } from '../app/lang.js';
import { Link } from '../app/router.js';
import { useSession } from '../app/session.js';
import { Notice, Page } from '../app/ui.js';

export function ConsolePage() {
  const { L } = useLang();
  const { features, profile } = useSession();
  const queue = features.find('get', /^\/api\/switchboard\/queue$/);
  return (
    <Page title={L('Växel', 'Switchboard')}>
      <Notice>
        {queue
          ? L('Växelns kö finns i API:t; konsolen byggs här.', 'The switchboard queue is in the API; the console is being built here.')
          : L('Växelkonsolen (kö, svara, koppla, parkera) kommer här.', 'The operator console (queue, answer, transfer, park) comes here.')}
      </Notice>
      <p>
        {L('Tills vidare: sök i ', 'Meanwhile: search the ')}
        <Link to="/katalog">{L('katalogen', 'directory')}</Link>
        {L(' för att se närvaro och åter-tider, hänvisa någon (P-DIV-7) eller ta ett meddelande (P-SWB-5).',
          ' to see presence and return times, divert someone (P-DIV-7) or take a message (P-SWB-5).')}
      </p>
      <p>{L('Hälsningsfras', 'Greeting')}: <q>{profile.greeting}</q></p>
    </Page>
  );
}
