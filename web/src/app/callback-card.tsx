// One message or call-back: who called, about what, by when to call back (P-CB-1), and the
// two ways it ends: done with an outcome, or re-planned to a time agreed with the caller
// (P-CB-2, "ring tillbaka som överenskommet även när svaret inte är klart").
import { useId, useState, type FormEvent } from 'react';
import { useAction } from './hooks.js';
import { clientError, post } from '../api/client.js';
import type { Callback, CallbackOutcome } from '../api/types.js';
import { dateInputValue, fromInputs, whenText, type Instant } from '../logic/time.js';
import { useLang } from './lang.js';
import { ErrorBox, Field, TextArea, useAnnounce } from './ui.js';
import type { Recording } from './voicemail.js';
import { displayNumber } from '../logic/numbers.js';

export const OUTCOMES: { code: CallbackOutcome; sv: string; en: string }[] = [
  { code: 'reached', sv: 'Ringde upp och fick svar', en: 'Called back and reached them' },
  { code: 'emailed', sv: 'Svarade med e-post', en: 'Replied by e-mail' },
  { code: 'no-answer-left-message', sv: 'Inget svar – lämnade meddelande', en: 'No answer – left a message' },
  { code: 'not-needed', sv: 'Behövdes inte', en: 'Not needed' },
];

export function outcomeText(code: string, lang: 'sv' | 'en'): string {
  const o = OUTCOMES.find((x) => x.code === code);
  return o ? (lang === 'sv' ? o.sv : o.en) : code;
}

const SOURCES: Record<string, [string, string]> = {
  operator: ['Meddelande från växeln', 'Message from the switchboard'],
  voicemail: ['Röstmeddelande', 'Voicemail'],
  web: ['Meddelande från en kollega', 'Message from a colleague'],
};

export function CallbackCard({ cb, now, personName, canAct, recording, onChanged }: {
  cb: Callback;
  now: Instant;
  personName?: string;
  canAct: boolean;
  recording?: Recording | undefined;
  onChanged(next: Callback): void;
}) {
  const { L, lang } = useLang();
  const announce = useAnnounce();
  const [mode, setMode] = useState<'none' | 'done' | 'replan'>('none');
  const [outcome, setOutcome] = useState<CallbackOutcome>('reached');
  const [note, setNote] = useState('');
  const [date, setDate] = useState(() => dateInputValue(now));
  const [time, setTime] = useState('');
  const { busy, error, setError, run } = useAction();
  const id = useId();
  const caller = cb.caller.name ?? (cb.caller.number ? displayNumber(cb.caller.number) : undefined) ?? cb.caller.email ?? L('Okänd', 'Unknown');
  const source = SOURCES[cb.source] ?? [cb.source, cb.source];

  const act = async (e: FormEvent, action: () => Promise<Callback>, done: string) => {
    e.preventDefault();
    await run(async () => {
      const next = await action();
      announce(done);
      setMode('none');
      setNote('');
      onChanged(next);
    });
  };

  const markDone = (e: FormEvent) =>
    void act(e, () => post<Callback>(`/api/callbacks/${cb.id}/done`, { outcome, ...(note.trim() ? { note: note.trim() } : {}) }), L(`Klar: ${caller}`, `Done: ${caller}`));
  const replan = (e: FormEvent) => {
    const at = fromInputs(date, time);
    if (!at) {
      e.preventDefault();
      return setError(clientError('Ange datum och tid som ni kom överens om.', 'Give the date and time you agreed on.'));
    }
    if (!note.trim()) {
      e.preventDefault();
      return setError(clientError('Skriv vad ni kom överens om.', 'Write down what you agreed.'));
    }
    void act(e, () => post<Callback>(`/api/callbacks/${cb.id}/replan`, { agreedAt: at.toString(), note: note.trim() }), L(`Omplanerat: ${caller}`, `Re-planned: ${caller}`));
  };

  const open = cb.status !== 'done';
  return (
    <article className={`callback ${cb.overdue ? 'overdue' : ''} ${open ? '' : 'is-done'}`} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        {caller}
        {personName ? <span className="muted"> {L('till', 'for')} {personName}</span> : null}
      </h3>
      <p className="concerns">{cb.concerns || L('(inget ämne)', '(no subject)')}</p>
      <dl className="facts">
        {cb.caller.number ? <div><dt>{L('Telefon', 'Phone')}</dt><dd><a href={`tel:${cb.caller.number}`}>{displayNumber(cb.caller.number)}</a></dd></div> : null}
        {cb.caller.email ? <div><dt>{L('E-post', 'E-mail')}</dt><dd><a href={`mailto:${cb.caller.email}`}>{cb.caller.email}</a></dd></div> : null}
        <div><dt>{L('Kom in', 'Received')}</dt><dd>{whenText(cb.receivedAt, now, lang)} · {lang === 'sv' ? source[0] : source[1]}</dd></div>
        {open ? (
          <div>
            <dt>{L('Ring upp senast', 'Call back by')}</dt>
            <dd>
              {whenText(cb.due, now, lang)}
              {cb.overdue ? <span className="tag danger">{L('Försenad', 'Overdue')}</span> : null}
              {cb.replans.length > 0 ? <span className="tag">{L('omplanerad', 're-planned')}</span> : null}
            </dd>
          </div>
        ) : cb.completion ? (
          <div>
            <dt>{L('Klar', 'Done')}</dt>
            <dd>{whenText(cb.completion.doneAt, now, lang)} · {outcomeText(cb.completion.outcome, lang)}</dd>
          </div>
        ) : null}
      </dl>
      {cb.replans.length > 0 ? (
        <ul className="replans" aria-label={L('Överenskommelser', 'Agreements')}>
          {cb.replans.map((r, i) => <li key={i}>{whenText(r.agreedAt, now, lang)}: {r.note}</li>)}
        </ul>
      ) : null}
      {recording ? (
        <div className="recording">
          <span id={`${id}-rec`}>{L('Inspelning', 'Recording')}</span>
          {/* Listening marks the message heard (P-VM-5). */}
          <audio controls preload="none" src={recording.audio} aria-labelledby={`${id}-rec ${id}-h`}
            onPlay={() => { if (recording.heard) void post(recording.heard).catch(() => undefined); }} />
        </div>
      ) : null}
      {open && canAct ? (
        <div className="actions">
          <button type="button" aria-expanded={mode === 'done'} onClick={() => setMode(mode === 'done' ? 'none' : 'done')}>{L('Klar', 'Done')}</button>
          <button type="button" className="secondary" aria-expanded={mode === 'replan'} onClick={() => setMode(mode === 'replan' ? 'none' : 'replan')}>{L('Planera om', 'Re-plan')}</button>
        </div>
      ) : null}
      {mode !== 'none' ? <ErrorBox error={error} /> : null}
      {mode === 'done' ? (
        <form onSubmit={markDone} className="inline-form">
          <fieldset>
            <legend>{L('Hur gick det?', 'What happened?')}</legend>
            {OUTCOMES.map((o) => (
              <label key={o.code} className="choice">
                <input type="radio" name={`${id}-outcome`} value={o.code} checked={outcome === o.code} onChange={() => setOutcome(o.code)} />
                {lang === 'sv' ? o.sv : o.en}
              </label>
            ))}
          </fieldset>
          <TextArea label={L('Anteckning (valfri)', 'Note (optional)')} rows={2} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" disabled={busy}>{L('Markera som klar', 'Mark as done')}</button>
        </form>
      ) : null}
      {mode === 'replan' ? (
        <form onSubmit={replan} className="inline-form">
          <p className="hint">{L('Ring tillbaka som ni kommit överens om, även om svaret inte är klart (P-CB-2).', 'Call back as agreed even when the answer is not ready (P-CB-2).')}</p>
          <div className="row">
            <Field label={L('Överenskommet datum', 'Agreed date')} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            <Field label={L('Klockan', 'Time')} type="time" value={time} onChange={(e) => setTime(e.target.value)} />
          </div>
          <TextArea label={L('Vad kom ni överens om?', 'What did you agree?')} rows={2} value={note} maxLength={2000} required onChange={(e) => setNote(e.target.value)} />
          <button type="submit" disabled={busy}>{L('Spara ny tid', 'Save the new time')}</button>
        </form>
      ) : null}
    </article>
  );
}
