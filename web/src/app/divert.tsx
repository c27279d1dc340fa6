// Setting a diversion in as few taps as possible (a survey of 19 municipalities found that
// short absences go unregistered when registering is slow): tap a reason, tap an end time.
// "Möte till 14:30" is two taps. The reason's default length (lunch 1 h, "Gått för dagen"
// to the next working morning) and "resten av dagen" are one tap each; any other time and
// where calls go are one step further. Used for oneself, by a manager for their staff
// (P-DIV-8) and by operators for anyone (P-DIV-7); the server audits the latter two.
import { useEffect, useId, useRef, useState } from 'react';
import { clientError, post } from '../api/client.js';
import type { AbsenceReason, DiversionTarget } from '../api/types.js';
import { clockText, dateInputValue, fromInputs, quickEndTimes, reasonDefaultEnd, restOfDay, whenText, durationText, Temporal, type Instant } from '../logic/time.js';
import { useLang } from './lang.js';
import { useNow, useAction } from './hooks.js';
import { useSession } from './session.js';
import { ErrorBox, Field, TextArea, useAnnounce } from './ui.js';
import { defaultTargetFor, TargetPicker, targetReady } from './target-picker.js';

interface Props {
  personId: string;
  /** Whose diversion, when it is someone else's (the headings say so). */
  personName?: string;
  /** Absent now: a new diversion from now replaces the one in effect ("Åter" first). */
  absentNow: boolean;
  /** A reason to start with (a manager diverting a sick employee starts at "Sjuk"). */
  initialReason?: string;
  onDone(summary: string): void;
}

export function DivertPanel({ personId, personName, absentNow, initialReason, onDone }: Props) {
  const { L, lang } = useLang();
  const { reasons, profile } = useSession();
  const announce = useAnnounce();
  const now = useNow();
  const [reason, setReason] = useState<AbsenceReason | undefined>(() => reasons.find((r) => r.code === initialReason));
  const [target, setTarget] = useState<DiversionTarget>(() => defaultTargetFor(reasons.find((r) => r.code === initialReason)));
  const [note, setNote] = useState('');
  const [customDate, setCustomDate] = useState('');
  const [customTime, setCustomTime] = useState('');
  const { busy, error, setError, run } = useAction();
  const endHeading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const label = (r: AbsenceReason) => (lang === 'sv' ? r.label : r.labelEn);

  const choose = (r: AbsenceReason) => {
    setReason(r);
    setTarget(defaultTargetFor(r));
    setError(null);
    setCustomDate(dateInputValue(now));
  };
  // The end-time choices appear below the reasons; keyboard and screen-reader users are taken there.
  useEffect(() => {
    if (reason && !initialReason) endHeading.current?.focus();
  }, [reason, initialReason]);

  const submit = async (end: Instant | null) => {
    if (!reason) return;
    if (!targetReady(target)) {
      setError(clientError('Välj vart samtalen ska gå.', 'Choose where calls go.'));
      return;
    }
    await run(async () => {
      if (absentNow) await post(`/api/people/${personId}/back`);
      const body: Record<string, unknown> = { reason: reason.code, target };
      if (end) body.end = end.toString();
      if (note.trim()) body.note = note.trim();
      const created = await post<{ end: string }>(`/api/people/${personId}/absences`, body);
      const summary = `${label(reason)} ${L('till', 'until')} ${whenText(created.end, now, lang)}`;
      announce(personName ? `${personName}: ${summary}` : `${L('Hänvisat', 'Diverted')}: ${summary}`);
      setReason(undefined);
      setNote('');
      onDone(summary);
    });
  };

  const defaultEnd = reason ? reasonDefaultEnd(reason, now, profile.workingHours) : null;
  const dayEnd = restOfDay(now, profile.workingHours);
  const chips = reason ? quickEndTimes(now, profile.workingHours) : [];
  const defaultText = (r: AbsenceReason, end: Instant) => {
    if (typeof r.defaultLength === 'number') return `${durationText(r.defaultLength, lang)} (${L('till', 'until')} ${clockText(end)})`;
    if (r.defaultLength === 'rest-of-day') return `${L('Resten av dagen', 'Rest of the day')} (${L('till', 'until')} ${clockText(end)})`;
    return `${L('Till', 'Until')} ${whenText(end, now, lang)}`;
  };
  const sameInstant = (a: Instant | null, b: Instant) => a !== null && Temporal.Instant.compare(a, b) === 0;

  return (
    <div className="divert">
      <fieldset className="reasons" disabled={busy}>
        <legend>{personName ? L(`Varför är ${personName} borta?`, `Why is ${personName} away?`) : L('Varför är du borta?', 'Why are you away?')}</legend>
        <div className="reason-grid">
          {reasons.map((r) => (
            <button key={r.code} type="button" className="reason" aria-pressed={reason?.code === r.code} onClick={() => choose(r)}>
              {label(r)}
            </button>
          ))}
        </div>
      </fieldset>

      {reason ? (
        <section className="end-choices" aria-labelledby={headingId}>
          <h3 id={headingId} tabIndex={-1} ref={endHeading}>{L(`${label(reason)} – till när?`, `${label(reason)} – until when?`)}</h3>
          <ErrorBox error={error} />
          <div className="chip-row" role="group" aria-label={L('Förslag', 'Suggestions')}>
            {defaultEnd ? (
              <button type="button" className="chip primary-chip" disabled={busy} onClick={() => void submit(null)}>{defaultText(reason, defaultEnd)}</button>
            ) : null}
            {reason.defaultLength !== 'rest-of-day' && !sameInstant(defaultEnd, dayEnd) ? (
              <button type="button" className="chip" disabled={busy} onClick={() => void submit(dayEnd)}>
                {L('Resten av dagen', 'Rest of the day')} ({L('till', 'until')} {clockText(dayEnd)})
              </button>
            ) : null}
          </div>
          <div className="chip-row times" role="group" aria-label={L('Åter klockan', 'Back at')}>
            {chips.map((c) => (
              <button key={c.label} type="button" className="chip" disabled={busy} aria-label={`${L('Till', 'Until')} ${c.label}`} onClick={() => void submit(c.end)}>
                {c.label}
              </button>
            ))}
          </div>
          <details className="more">
            <summary>{L('Annan tid, vart samtalen går, anteckning', 'Another time, where calls go, a note')}</summary>
            <div className="row">
              <Field label={L('Åter datum', 'Back on (date)')} type="date" value={customDate} onChange={(e) => setCustomDate(e.target.value)} />
              <Field label={L('Åter klockan', 'Back at (time)')} type="time" value={customTime} onChange={(e) => setCustomTime(e.target.value)} />
            </div>
            <TargetPicker value={target} onChange={setTarget} excludePersonId={personId} />
            <TextArea
              label={L('Privat anteckning', 'Private note')} rows={2} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)}
              hint={L('Syns bara för dig och din chef, aldrig för växeln.', 'Seen only by you and your manager, never by the switchboard.')}
            />
            <button
              type="button" disabled={busy}
              onClick={() => {
                const end = customTime ? fromInputs(customDate || dateInputValue(now), customTime) : null;
                if (customTime && !end) return setError(clientError('Ange datum och tid.', 'Give a date and time.'));
                if (!end && !defaultEnd) return setError(clientError('Ange när du är åter (P-DIV-3).', 'Give the return time (P-DIV-3).'));
                void submit(end);
              }}
            >
              {L('Hänvisa', 'Divert')}
            </button>
          </details>
          <button type="button" className="link-button" onClick={() => setReason(undefined)}>{L('Avbryt', 'Cancel')}</button>
        </section>
      ) : null}
    </div>
  );
}
