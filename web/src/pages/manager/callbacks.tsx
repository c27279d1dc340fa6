// The team's open call-backs, soonest due first, overdue ones marked (P-CB-1); the manager can
// close or re-plan them for staff (P-CB-2). Overdue call-backs are escalated to the manager
// by the server; they arrive here live.
import { useEffect, useState } from 'react';
import { get } from '../../api/client.js';
import type { Callback, Person } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLive, useLoad, useNow } from '../../app/hooks.js';
import { useSession } from '../../app/session.js';
import { Checkbox, ErrorBox, Loading, Page, Section } from '../../app/ui.js';
import { SubNav } from '../../app/shell.js';
import { CallbackCard } from '../../app/callback-card.js';
import { loadPeople } from '../../app/directory.js';
import { TEAM_NAV } from './nav.js';

export function TeamCallbacksPage() {
  const { L } = useLang();
  const { personId } = useSession();
  const now = useNow();
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const [people, setPeople] = useState<Map<string, Person>>(new Map());
  const list = useLoad((s) => get<Callback[]>('/api/callbacks?status=open', s), []);
  useEffect(() => {
    void loadPeople().then((all) => setPeople(new Map(all.map((p) => [p.id, p]))), () => undefined);
  }, []);
  useLive(['callback.created', 'callback.updated', 'callback.escalated'], () => list.reload(), () => list.reload());

  const team = (list.data ?? []).filter((c) => c.personId !== personId);
  const shown = onlyOverdue ? team.filter((c) => c.overdue) : team;
  const overdue = team.filter((c) => c.overdue).length;
  return (
    <Page title={L('Teamets återkopplingar', 'The team\'s call-backs')}>
      <SubNav label={L('Mitt team', 'My team')} items={TEAM_NAV} />
      <Section title={L(`Öppna (${team.length}), varav försenade (${overdue})`, `Open (${team.length}), overdue (${overdue})`)}>
        <ErrorBox error={list.error} />
        <Checkbox label={L('Visa bara försenade', 'Show overdue only')} checked={onlyOverdue} onChange={(e) => setOnlyOverdue(e.target.checked)} />
        {list.loading && !list.data ? <Loading /> : shown.length === 0 ? <p>{L('Inga öppna återkopplingar.', 'No open call-backs.')}</p> : (
          <div className="callbacks">
            {shown.map((cb) => (
              <CallbackCard key={cb.id} cb={cb} now={now} canAct personName={people.get(cb.personId)?.name ?? ''} onChanged={list.reload} />
            ))}
          </div>
        )}
      </Section>
    </Page>
  );
}
