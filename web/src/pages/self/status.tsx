// My status (self-service, built for a phone): where I am now, "Åter" in one tap (P-DIV-4),
// a new diversion in two taps, and my planned and weekly absences (P-DIV-5).
import { useRef, useState } from 'react';
import { get, post } from '../../api/client.js';
import type { Absence, PresenceStatus } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLive, useLoad, useNow, useAction } from '../../app/hooks.js';
import { useSession } from '../../app/session.js';
import { ErrorBox, Loading, Page, Section, useAnnounce } from '../../app/ui.js';
import { DivertPanel } from '../../app/divert.js';
import { AbsenceForm } from '../../app/absence-form.js';
import { AbsenceList } from '../../app/absence-list.js';
import { fromStatus, nextText, presenceText, targetText } from '../../logic/presence.js';
import { instantOf, Temporal } from '../../logic/time.js';

export function StatusPage() {
  const { L, lang } = useLang();
  const { personId, reasons } = useSession();
  const announce = useAnnounce();
  const now = useNow();
  const status = useLoad((s) => get<PresenceStatus>(`/api/people/${personId}/presence`, s), [personId]);
  const absences = useLoad((s) => get<Absence[]>(`/api/people/${personId}/absences`, s), [personId]);
  const { busy, error, run } = useAction();
  const [planning, setPlanning] = useState(false);
  const statusHeading = useRef<HTMLHeadingElement>(null);

  const reload = () => {
    status.reload();
    absences.reload();
  };
  // A manager or the switchboard may change my status (P-DIV-7, P-DIV-8): show it at once.
  useLive(['presence.changed'], (e) => {
    if (e.personId === personId) reload();
  }, reload);

  const back = async () => {
    await run(async () => {
      status.set(await post<PresenceStatus>(`/api/people/${personId}/back`));
      absences.reload();
      announce(L('Du är tillgänglig igen.', 'You are available again.'));
      statusHeading.current?.focus();
    });
  };

  const view = status.data ? fromStatus(status.data) : null;
  const next = view ? nextText(view, reasons, now, lang) : null;
  const planned = (absences.data ?? []).filter((a) => a.recurrence || Temporal.Instant.compare(instantOf(a.start), now) > 0);

  return (
    <Page title={L('Min status', 'My status')}>
      <section className={`card status-card ${view?.available === false ? 'absent' : 'available'}`} aria-labelledby="now-heading">
        <h2 id="now-heading" tabIndex={-1} ref={statusHeading}>{L('Just nu', 'Right now')}</h2>
        <ErrorBox error={status.error ?? error} />
        {view ? (
          <>
            <p className="status-text" data-testid="my-status">{presenceText(view, reasons, now, lang)}</p>
            {!view.available ? <p>{L('Samtal går till', 'Calls go to')}: {targetText(view.target, lang)}</p> : null}
            {status.data?.current?.absence.note ? <p className="muted">{L('Anteckning', 'Note')}: {status.data.current.absence.note}</p> : null}
            {next ? <p className="muted">{next}</p> : null}
            {!view.available ? (
              <button type="button" className="big" disabled={busy} onClick={() => void back()}>
                {L('Åter – jag är tillbaka', 'Back now')}
              </button>
            ) : null}
          </>
        ) : status.loading ? <Loading /> : null}
      </section>

      <Section title={view?.available === false ? L('Ny hänvisning', 'New diversion') : L('Hänvisa', 'Divert my phone')}>
        {view ? <DivertPanel personId={personId} absentNow={!view.available} onDone={() => {
          reload();
          statusHeading.current?.focus();
        }} /> : null}
      </Section>

      <Section title={L('Planerad och återkommande frånvaro', 'Planned and weekly absences')}>
        {absences.data ? <AbsenceList absences={planned} now={now} onChanged={reload} canChange /> : <Loading />}
        {planning ? (
          <AbsenceForm personId={personId} onSaved={() => {
            setPlanning(false);
            reload();
          }} />
        ) : (
          <button type="button" className="secondary" onClick={() => setPlanning(true)}>{L('Planera frånvaro', 'Plan an absence')}</button>
        )}
      </Section>
    </Page>
  );
}
