// The operator's own call: who is calling (external or internal, the number they dialled),
// the line to open with (P-SWB-2: the municipality's greeting with the operator's first
// name), what is happening to the call, why it came back (P-FC-1 recall), and the actions,
// each with its shortcut. A take-a-message form (P-SWB-5) prefilled with the caller's number.
import { useState, type FormEvent, type ReactNode } from 'react';
import { clientError, post } from '../../api/client.js';
import type { Callback } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useNow } from '../../app/hooks.js';
import { ErrorBox, Field, TextArea, fieldErrors, useAnnounce } from '../../app/ui.js';
import { whenText } from '../../logic/time.js';
import { ariaKeys, Kbd } from './keys.js';
import { phaseText, recallText, remainingText, type ConsoleCallView, type ConsoleCommand, type QueueCallView } from './logic.js';
import type { Selected } from './search.js';
import { displayNumber } from '../../logic/numbers.js';

export function CurrentCall({ call, ringing, greeting, children }: { call: ConsoleCallView | undefined; ringing: QueueCallView | undefined; greeting: string; children: ReactNode }) {
  const { L, lang } = useLang();
  const nowMs = useNow(1000).epochMilliseconds;
  const recall = call ? recallText(call, lang) : null;
  return (
    <section className={`card current ${call ? `phase-${call.phase}` : 'idle'}`} aria-labelledby="current-h" data-phase={call?.phase ?? 'idle'}>
      <h2 id="current-h">{L('Mitt samtal', 'My call')}</h2>
      {call ? (
        <>
          <p className="caller">
            <span className="number" data-testid="caller-number">{displayNumber(call.caller.number)}</span>
            {call.caller.name ? <span> · {call.caller.name}</span> : null}{' '}
            <span className={`kind ${call.external ? 'external' : 'internal'}`}>{call.external ? L('Extern', 'External') : L('Intern', 'Internal')}</span>
            <span className="muted"> · {L('slog', 'dialled')} <span className="dialled">{displayNumber(call.dialled)}</span></span>
          </p>
          <p className="greeting" data-testid="greeting"><span className="muted">{L('Säg', 'Say')}:</span> <q lang="sv">{greeting}</q></p>
          <p className="phase" role="status" data-testid="phase">
            {phaseText(call, lang)}
            {call.deadline ? <span className="muted"> · {L('återkommer om', 'back in')} {remainingText(call.deadline, nowMs)}</span> : null}
          </p>
          {recall ? <p className="notice notice-warn recall" data-testid="recall">{recall}</p> : null}
        </>
      ) : ringing ? (
        <p className="phase" role="status" data-testid="phase">{L(`Samtal från ${displayNumber(ringing.callerNumber)} ringer i din telefon – svara i telefonen.`, `A call from ${displayNumber(ringing.callerNumber)} rings your phone – answer it there.`)}</p>
      ) : (
        <p className="muted" data-testid="phase">{L('Inget samtal. Svara på nästa med F2.', 'No call. Answer the next one with F2.')}</p>
      )}
      {children}
    </section>
  );
}

export interface ActionDef {
  cmd: ConsoleCommand;
  sv: string;
  en: string;
  enabled: boolean;
  danger?: boolean;
}

/** The action buttons: each names its shortcut, and is disabled when it cannot apply now. */
export function ActionBar({ actions, busy, onCommand }: { actions: ActionDef[]; busy: boolean; onCommand(cmd: ConsoleCommand): void }) {
  const { L } = useLang();
  return (
    <div className="action-bar" role="group" aria-label={L('Åtgärder', 'Actions')}>
      {actions.map((a) => (
        <button key={a.cmd} type="button" className={a.danger ? 'danger' : a.cmd === 'transfer' ? undefined : 'secondary'} disabled={busy || !a.enabled}
          aria-keyshortcuts={ariaKeys(a.cmd)} data-cmd={a.cmd} onClick={() => onCommand(a.cmd)}>
          {L(a.sv, a.en)} <Kbd k={a.cmd} />
        </button>
      ))}
    </div>
  );
}

/** P-SWB-5: a message for the chosen person; the call-back is due by P-CB-1 and the answer says when. */
export function TakeMessage({ person, callerNumber, onDone, onCancel }: { person: Extract<Selected, { kind: 'person' }>; callerNumber: string; onDone(): void; onCancel(): void }) {
  const { L, lang } = useLang();
  const announce = useAnnounce();
  const now = useNow();
  const [name, setName] = useState('');
  const [number, setNumber] = useState(displayNumber(callerNumber));
  const [email, setEmail] = useState('');
  const [concerns, setConcerns] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error, lang);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!number.trim() && !email.trim()) return setError(clientError('Ange ett telefonnummer eller en e-postadress att svara till.', 'Give a phone number or an e-mail address to reply to.'));
    if (!concerns.trim()) return setError(clientError('Skriv vad det gäller.', 'Write what it concerns.'));
    setBusy(true);
    setError(null);
    try {
      const cb = await post<Callback>(`/api/people/${person.id}/messages`, {
        caller: { ...(name.trim() ? { name: name.trim() } : {}), ...(number.trim() ? { number: number.trim() } : {}), ...(email.trim() ? { email: email.trim() } : {}) },
        concerns: concerns.trim(),
      });
      announce(L(`Meddelandet till ${person.name} är skickat. Ring upp senast ${whenText(cb.due, now, lang)}.`, `The message for ${person.name} is sent. Call back by ${whenText(cb.due, now, lang)}.`));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="inline-form console-form" noValidate aria-labelledby="message-h">
      <h3 id="message-h">{L(`Meddelande till ${person.name}`, `Message for ${person.name}`)}</h3>
      <ErrorBox error={error} />
      <Field label={L('Vem ringde?', 'Who called?')} value={name} maxLength={200} autoComplete="off" autoFocus onChange={(e) => setName(e.target.value)} />
      <div className="row">
        <Field label={L('Telefonnummer', 'Phone number')} type="tel" inputMode="tel" value={number} maxLength={40} error={errors.caller} onChange={(e) => setNumber(e.target.value)} />
        <Field label={L('E-post', 'E-mail')} type="email" value={email} maxLength={200} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <TextArea label={L('Gäller', 'Concerns')} rows={3} value={concerns} maxLength={2000} error={errors.concerns} onChange={(e) => setConcerns(e.target.value)} />
      <div className="actions">
        <button type="submit" disabled={busy}>{L('Skicka meddelandet', 'Send the message')}</button>
        <button type="button" className="secondary" onClick={onCancel}>{L('Avbryt', 'Cancel')} <Kbd k="back" /></button>
      </div>
    </form>
  );
}
