// My messages and call-backs (P-CB-1..3): open ones soonest due first, with the recording
// when the message came by voicemail; done ones below.
import { useState } from 'react';
import { get } from '../../api/client.js';
import type { Callback } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLive, useLoad, useNow } from '../../app/hooks.js';
import { useSession } from '../../app/session.js';
import { ErrorBox, Loading, Page, Section } from '../../app/ui.js';
import { CallbackCard } from '../../app/callback-card.js';
import { recordingsByCallback, voicemailRoutes, type Recording } from '../../app/voicemail.js';

export function MessagesPage() {
  const { L } = useLang();
  const { personId, features } = useSession();
  const now = useNow();
  const [showDone, setShowDone] = useState(false);
  const open = useLoad((s) => get<Callback[]>(`/api/callbacks?person=${personId}&status=open`, s), [personId]);
  const done = useLoad((s) => (showDone ? get<Callback[]>(`/api/callbacks?person=${personId}&status=done`, s) : Promise.resolve([])), [personId, showDone]);
  const vm = voicemailRoutes(features);
  const recordings = useLoad((s) => (vm ? recordingsByCallback(vm, s) : Promise.resolve(new Map<string, Recording>())), [vm?.list]);

  const reload = () => {
    open.reload();
    done.reload();
    recordings.reload();
  };
  useLive(['callback.created', 'callback.updated', 'callback.escalated'], (e) => {
    if (e.personId === personId) reload();
  }, reload);
  // A recording arrives (or is heard or deleted on the phone): the events reach only the box's listeners.
  useLive(['voicemail.left', 'voicemail.heard', 'voicemail.deleted'], () => recordings.reload(), () => undefined);

  const list = open.data ?? [];
  const overdue = list.filter((c) => c.overdue).length;
  return (
    <Page title={L('Mina meddelanden', 'My messages')}>
      <Section title={L(`Att ringa upp (${list.length})`, `To call back (${list.length})`)}>
        <ErrorBox error={open.error} />
        {overdue > 0 ? <p className="notice notice-warn">{L(`${overdue} är försenade.`, `${overdue} overdue.`)}</p> : null}
        {open.loading && !open.data ? <Loading /> : null}
        {open.data && list.length === 0 ? <p>{L('Inga meddelanden att ringa upp. Bra jobbat!', 'Nothing to call back.')}</p> : null}
        <div className="callbacks">
          {list.map((cb) => (
            <CallbackCard key={cb.id} cb={cb} now={now} canAct recording={recordings.data?.get(cb.id)} onChanged={reload} />
          ))}
        </div>
      </Section>
      <Section title={L('Klara', 'Done')}>
        {!showDone ? (
          <button type="button" className="secondary" onClick={() => setShowDone(true)}>{L('Visa klara meddelanden', 'Show done messages')}</button>
        ) : done.data ? (
          done.data.length === 0 ? <p>{L('Inga klara meddelanden.', 'No done messages.')}</p> : (
            <div className="callbacks">
              {done.data.map((cb) => <CallbackCard key={cb.id} cb={cb} now={now} canAct={false} recording={recordings.data?.get(cb.id)} onChanged={reload} />)}
            </div>
          )
        ) : <Loading />}
      </Section>
    </Page>
  );
}
