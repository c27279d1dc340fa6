// Planning an absence ahead (P-DIV-5: "frånvaro kan läggas in långt i förväg"), once or
// every week (a standing meeting, a weekly day off), with its reason (P-DIV-2) and return
// time (P-DIV-3).
import { useState, type FormEvent } from 'react';
import { clientError, post } from '../api/client.js';
import type { AbsenceReason, DiversionTarget } from '../api/types.js';
import { dateInputValue, fromInputs, weekdayName, Temporal } from '../logic/time.js';
import { useLang } from './lang.js';
import { useNow, useAction } from './hooks.js';
import { useSession } from './session.js';
import { Checkbox, ErrorBox, Field, Select, TextArea, fieldErrors, useAnnounce } from './ui.js';
import { defaultTargetFor, TargetPicker, targetReady } from './target-picker.js';

export function AbsenceForm({ personId, onSaved }: { personId: string; onSaved(): void }) {
  const { L, lang } = useLang();
  const { reasons } = useSession();
  const announce = useAnnounce();
  const now = useNow();
  const tomorrow = dateInputValue(now.add({ hours: 24 }));
  const [reasonCode, setReasonCode] = useState(reasons[0]?.code ?? '');
  const [recurring, setRecurring] = useState(false);
  const [startDate, setStartDate] = useState(tomorrow);
  const [startTime, setStartTime] = useState('08:00');
  const [endDate, setEndDate] = useState(tomorrow);
  const [endTime, setEndTime] = useState('16:30');
  const [weekdays, setWeekdays] = useState<number[]>([]);
  const [until, setUntil] = useState('');
  const [target, setTarget] = useState<DiversionTarget>({ kind: 'voicemail' });
  const [note, setNote] = useState('');
  const { busy, error, setError, run } = useAction();
  const errors = fieldErrors(error, lang);
  const reason: AbsenceReason | undefined = reasons.find((r) => r.code === reasonCode);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const body: Record<string, unknown> = { reason: reasonCode, target };
    if (note.trim()) body.note = note.trim();
    if (recurring) {
      if (weekdays.length === 0) return setError(clientError('Välj minst en veckodag.', 'Choose at least one weekday.'));
      body.recurrence = { weekdays, startTime, endTime, from: startDate, ...(until ? { until } : {}) };
    } else {
      const start = fromInputs(startDate, startTime);
      const end = fromInputs(endDate, endTime);
      if (!start || !end) return setError(clientError('Ange datum och tid för både start och åter.', 'Give the date and time of both start and return.'));
      if (Temporal.Instant.compare(end, start) <= 0) return setError(clientError('Åter-tiden måste ligga efter starten.', 'The return must come after the start.'));
      body.start = start.toString();
      body.end = end.toString();
    }
    if (!targetReady(target)) return setError(clientError('Välj vart samtalen ska gå.', 'Choose where calls go.'));
    await run(async () => {
      await post(`/api/people/${personId}/absences`, body);
      announce(L('Frånvaron är planerad.', 'The absence is planned.'));
      setNote('');
      onSaved();
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="absence-form" noValidate>
      <ErrorBox error={error} />
      <Select label={L('Orsak', 'Reason')} value={reasonCode} error={errors.reason} onChange={(e) => {
        setReasonCode(e.target.value);
        setTarget(defaultTargetFor(reasons.find((r) => r.code === e.target.value)));
      }}>
        {reasons.map((r) => <option key={r.code} value={r.code}>{lang === 'sv' ? r.label : r.labelEn}</option>)}
      </Select>
      <Checkbox label={L('Återkommande varje vecka', 'Repeats every week')} checked={recurring} onChange={(e) => setRecurring(e.target.checked)} />
      {recurring ? (
        <>
          <fieldset className="weekdays">
            <legend>{L('Veckodagar', 'Weekdays')}</legend>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <label key={d} className="choice">
                <input type="checkbox" checked={weekdays.includes(d)} onChange={(e) => setWeekdays((w) => (e.target.checked ? [...w, d].sort((a, b) => a - b) : w.filter((x) => x !== d)))} />
                {weekdayName(d, lang)}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <Field label={L('Från klockan', 'From (time)')} type="time" value={startTime} onChange={(e) => setStartTime(e.target.value)} error={errors.recurrence} />
            <Field label={L('Till klockan', 'To (time)')} type="time" value={endTime} onChange={(e) => setEndTime(e.target.value)} />
          </div>
          <div className="row">
            <Field label={L('Första dagen', 'First day')} type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
            <Field label={L('Sista dagen (valfritt)', 'Last day (optional)')} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
          </div>
        </>
      ) : (
        <>
          <div className="row">
            <Field label={L('Borta från datum', 'Away from (date)')} type="date" value={startDate} error={errors.start} onChange={(e) => {
              setStartDate(e.target.value);
              if (endDate < e.target.value) setEndDate(e.target.value);
            }} />
            <Field label={L('Klockan', 'Time')} type="time" value={startTime} onChange={(e) => setStartTime(e.target.value)} />
          </div>
          <div className="row">
            <Field label={L('Åter datum', 'Back on (date)')} type="date" value={endDate} error={errors.end} onChange={(e) => setEndDate(e.target.value)} />
            <Field label={L('Klockan', 'Time')} type="time" value={endTime} onChange={(e) => setEndTime(e.target.value)} />
          </div>
        </>
      )}
      <TargetPicker value={target} onChange={setTarget} excludePersonId={personId} />
      {reason?.defaultTarget === 'reception' ? (
        <p className="hint">{L('Vid semester och ledighet hänvisas samtal till expeditionen (P-DIV-10).', 'During vacation and leave, calls go to the reception (P-DIV-10).')}</p>
      ) : null}
      <TextArea label={L('Privat anteckning', 'Private note')} rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" disabled={busy}>{L('Planera frånvaro', 'Plan the absence')}</button>
    </form>
  );
}
