// Taking a message for someone (P-SWB-5): who called, how to reach them, what it concerns.
// The person gets a call-back due by P-CB-1; the answer says when.
import { useState, type FormEvent } from 'react';
import { clientError, post } from '../api/client.js';
import type { Callback } from '../api/types.js';
import { whenText } from '../logic/time.js';
import { useLang } from './lang.js';
import { useNow, useAction } from './hooks.js';
import { ErrorBox, Field, TextArea, fieldErrors, useAnnounce } from './ui.js';

export function MessageForm({ personId, personName, onDone }: { personId: string; personName: string; onDone(): void }) {
  const { L, lang } = useLang();
  const announce = useAnnounce();
  const now = useNow();
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  const [email, setEmail] = useState('');
  const [concerns, setConcerns] = useState('');
  const { busy, error, setError, run } = useAction();
  const errors = fieldErrors(error, lang);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!number.trim() && !email.trim()) return setError(clientError('Ange ett telefonnummer eller en e-postadress att svara till.', 'Give a phone number or an e-mail address to reply to.'));
    await run(async () => {
      const cb = await post<Callback>(`/api/people/${personId}/messages`, {
        caller: { ...(name.trim() ? { name: name.trim() } : {}), ...(number.trim() ? { number: number.trim() } : {}), ...(email.trim() ? { email: email.trim() } : {}) },
        concerns: concerns.trim(),
      });
      announce(L(`Meddelandet till ${personName} är skickat. Ring upp senast ${whenText(cb.due, now, lang)}.`, `The message for ${personName} is sent. Call back by ${whenText(cb.due, now, lang)}.`));
      onDone();
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="inline-form" noValidate>
      <h3>{L(`Meddelande till ${personName}`, `Message for ${personName}`)}</h3>
      <ErrorBox error={error} />
      <Field label={L('Vem ringde?', 'Who called?')} value={name} maxLength={200} autoComplete="off" onChange={(e) => setName(e.target.value)} />
      <div className="row">
        <Field label={L('Telefonnummer', 'Phone number')} type="tel" inputMode="tel" value={number} maxLength={40} error={errors.caller} onChange={(e) => setNumber(e.target.value)} />
        <Field label={L('E-post', 'E-mail')} type="email" value={email} maxLength={200} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <TextArea label={L('Gäller', 'Concerns')} rows={3} value={concerns} maxLength={2000} error={errors.concerns} onChange={(e) => setConcerns(e.target.value)} />
      <button type="submit" disabled={busy}>{L('Skicka meddelandet', 'Send the message')}</button>
    </form>
  );
}
