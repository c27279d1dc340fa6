// Profile settings (admin): the policy as settings (docs/profiles.md). The switchboard's
// greeting (P-SWB-2) and how employees answer (P-ANS-1), four rings (P-SWB-1), the call-back
// deadline (P-CB-1), the queue (P-SWB-7, P-FC-1), the absence announcement (P-DIV-1),
// voicemail (P-VM-1, P-SEC-1, P-VM-2), the absence reasons (P-DIV-2) and on-call numbers
// (P-SWB-6). The server checks the whole profile and saves nothing on error.
import { useEffect, useState, type FormEvent } from 'react';
import { useAction } from '../../app/hooks.js';
import type { AbsenceReason, MunicipalityProfile } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useSession } from '../../app/session.js';
import { Checkbox, ErrorBox, Field, Section, Select, useAnnounce } from '../../app/ui.js';
import { saveProfile } from '../../app/profile-save.js';
import { AdminPage } from './layout.js';

type LengthKind = 'none' | 'minutes' | 'rest-of-day' | 'next-working-day-start';

function lengthKind(r: AbsenceReason): LengthKind {
  if (r.defaultLength === undefined) return 'none';
  return typeof r.defaultLength === 'number' ? 'minutes' : r.defaultLength;
}

export function AdminSettingsPage() {
  const { L } = useLang();
  const { profile, reloadProfile } = useSession();
  const announce = useAnnounce();
  const [p, setP] = useState<MunicipalityProfile>(() => structuredClone(profile));
  const { busy, error, run } = useAction();
  useEffect(() => setP(structuredClone(profile)), [profile]);

  const set = (change: (x: MunicipalityProfile) => void) => setP((old) => {
    const next = structuredClone(old);
    change(next);
    return next;
  });
  const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      // Only this page's settings go in; hours and phone codes stay as the server has them.
      await saveProfile((cur) => ({
        ...cur,
        greeting: p.greeting, answerPhrase: p.answerPhrase, ringTimeSeconds: p.ringTimeSeconds, callBack: p.callBack, queue: p.queue,
        absenceAnnouncement: p.absenceAnnouncement, voicemail: p.voicemail, absenceReasons: p.absenceReasons, onCall: p.onCall,
      }));
      await reloadProfile();
      announce(L('Inställningarna är sparade.', 'The settings are saved.'));
    });
  };

  return (
    <AdminPage title={L('Inställningar', 'Settings')} intro={`${profile.name} · ${profile.policy.title}`}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Section title={L('Svara i telefon', 'Answering')}>
          <Field label={L('Växelns hälsningsfras (P-SWB-2)', 'The switchboard\'s greeting (P-SWB-2)')} value={p.greeting} maxLength={200}
            hint={L('{förnamn} byts mot telefonistens förnamn.', '{förnamn} becomes the operator\'s first name.')} onChange={(e) => set((x) => { x.greeting = e.target.value; })} />
          <Field label={L('Så svarar medarbetare (P-ANS-1)', 'How employees answer (P-ANS-1)')} value={p.answerPhrase} maxLength={200}
            hint={L('Med {förnamn}, {efternamn}, {enhet} och {titel}.', 'With {förnamn}, {efternamn}, {enhet} and {titel}.')} onChange={(e) => set((x) => { x.answerPhrase = e.target.value; })} />
          <Field label={L('Ringtid i sekunder (P-SWB-1: fyra signaler ≈ 24 s)', 'Ringing time in seconds (P-SWB-1: four rings ≈ 24 s)')} type="number" min={1} max={300}
            value={String(p.ringTimeSeconds)} onChange={(e) => set((x) => { x.ringTimeSeconds = num(e.target.value); })} />
          <Select label={L('Frånvarobesked (P-DIV-1)', 'Absence announcement (P-DIV-1)')} value={p.absenceAnnouncement}
            onChange={(e) => set((x) => { x.absenceAnnouncement = e.target.value as MunicipalityProfile['absenceAnnouncement']; })}>
            <option value="immediately">{L('Direkt', 'At once')}</option>
            <option value="after-ringing">{L('Efter att det ringt (öppen hänvisning)', 'After ringing (open diversion)')}</option>
          </Select>
        </Section>

        <Section title={L('Återkoppling (P-CB-1)', 'Call-backs (P-CB-1)')}>
          <Field label={L('Ring upp inom antal arbetsdagar', 'Call back within working days')} type="number" min={1} max={30}
            value={String(p.callBack.deadlineWorkingDays)} onChange={(e) => set((x) => { x.callBack.deadlineWorkingDays = num(e.target.value); })} />
          <Checkbox label={L('Svar med e-post räknas', 'A reply by e-mail counts')} checked={p.callBack.byEmail} onChange={(e) => set((x) => { x.callBack.byEmail = e.target.checked; })} />
        </Section>

        <Section title={L('Kön till växeln', 'The switchboard queue')}>
          <Checkbox label={L('Externa samtal före interna (P-SWB-7)', 'External calls before internal ones (P-SWB-7)')} checked={p.queue.externalBeforeInternal}
            onChange={(e) => set((x) => { x.queue.externalBeforeInternal = e.target.checked; })} />
          <div className="row">
            <Field label={L('Internt samtal räknas som externt efter (s)', 'An internal call counts as external after (s)')} type="number" min={0} max={3600}
              value={String(p.queue.internalPromotionSeconds)} onChange={(e) => set((x) => { x.queue.internalPromotionSeconds = num(e.target.value); })} />
            <Field label={L('Längsta väntetid innan överflöde (s)', 'Longest wait before overflow (s)')} type="number" min={1} max={3600}
              value={String(p.queue.maxWaitSeconds)} onChange={(e) => set((x) => { x.queue.maxWaitSeconds = num(e.target.value); })} />
            <Field label={L('Kopplat samtal som ingen svarar på återkommer efter (s)', 'An unanswered transfer comes back after (s)')} type="number" min={10} max={300}
              hint={L('Tomt: 30 sekunder.', 'Empty: 30 seconds.')}
              value={p.queue.recallSeconds === undefined ? '' : String(p.queue.recallSeconds)}
              onChange={(e) => set((x) => { if (e.target.value.trim() === '') delete x.queue.recallSeconds; else x.queue.recallSeconds = num(e.target.value); })} />
          </div>
        </Section>

        <Section title={L('Röstbrevlåda', 'Voicemail')}>
          <Checkbox label={L('Alla med anknytning har röstbrevlåda (P-VM-1)', 'Everyone with an extension has voicemail (P-VM-1)')} checked={p.voicemail.enabledForAll}
            onChange={(e) => set((x) => { x.voicemail.enabledForAll = e.target.checked; })} />
          <div className="row">
            <Field label={L('Längsta meddelande (s)', 'Longest message (s)')} type="number" min={10} max={3600} value={String(p.voicemail.maxMessageSeconds)}
              onChange={(e) => set((x) => { x.voicemail.maxMessageSeconds = num(e.target.value); })} />
            <Field label={L('Siffror i PIN-koden (P-SEC-1)', 'Digits in the PIN (P-SEC-1)')} type="number" min={4} max={12} value={String(p.voicemail.pinLength)}
              onChange={(e) => set((x) => { x.voicemail.pinLength = num(e.target.value); })} />
            <Field label={L('Hälsning räknas som gammal efter (dagar, P-VM-2)', 'A greeting is stale after (days, P-VM-2)')} type="number" min={1} max={3650}
              value={String(p.voicemail.greetingMaxAgeDays)} onChange={(e) => set((x) => { x.voicemail.greetingMaxAgeDays = num(e.target.value); })} />
          </div>
        </Section>

        <Section title={L('Frånvaroorsaker (P-DIV-2)', 'Absence reasons (P-DIV-2)')}>
          {p.absenceReasons.map((r, i) => (
            <fieldset key={r.code}>
              <legend>{r.label} <span className="muted">({r.code})</span></legend>
              <div className="row">
                <Field label={L('Svenska', 'Swedish')} value={r.label} maxLength={100} onChange={(e) => set((x) => { x.absenceReasons[i]!.label = e.target.value; })} />
                <Field label={L('Engelska', 'English')} value={r.labelEn} maxLength={100} onChange={(e) => set((x) => { x.absenceReasons[i]!.labelEn = e.target.value; })} />
                <Field label={L('Siffra i telefonkoden', 'Digit in the phone code')} value={r.phoneDigit} maxLength={2} inputMode="numeric"
                  onChange={(e) => set((x) => { x.absenceReasons[i]!.phoneDigit = e.target.value; })} />
              </div>
              <div className="row">
                <Select label={L('Standardlängd', 'Default length')} value={lengthKind(r)} onChange={(e) => set((x) => {
                  const k = e.target.value as LengthKind;
                  const reason = x.absenceReasons[i]!;
                  if (k === 'none') delete reason.defaultLength;
                  else reason.defaultLength = k === 'minutes' ? 60 : k;
                })}>
                  <option value="none">{L('Ingen: åter-tid måste anges (P-DIV-3)', 'None: a return time must be given (P-DIV-3)')}</option>
                  <option value="minutes">{L('Ett antal minuter', 'A number of minutes')}</option>
                  <option value="rest-of-day">{L('Resten av dagen', 'The rest of the day')}</option>
                  <option value="next-working-day-start">{L('Till nästa arbetsdags början', 'Until the next working day starts')}</option>
                </Select>
                {typeof r.defaultLength === 'number' ? (
                  <Field label={L('Minuter', 'Minutes')} type="number" min={1} value={String(r.defaultLength)}
                    onChange={(e) => set((x) => { x.absenceReasons[i]!.defaultLength = num(e.target.value); })} />
                ) : null}
                <Select label={L('Samtal går som standard till', 'Calls go by default to')} value={r.defaultTarget ?? 'voicemail'}
                  onChange={(e) => set((x) => { x.absenceReasons[i]!.defaultTarget = e.target.value as 'voicemail' | 'reception' | 'switchboard'; })}>
                  <option value="voicemail">{L('Röstbrevlådan', 'Voicemail')}</option>
                  <option value="reception">{L('Expeditionen (P-DIV-10)', 'The reception (P-DIV-10)')}</option>
                  <option value="switchboard">{L('Växeln', 'The switchboard')}</option>
                </Select>
              </div>
            </fieldset>
          ))}
        </Section>

        <Section title={L('Journummer (P-SWB-6)', 'On-call numbers (P-SWB-6)')}>
          {p.onCall.map((o, i) => (
            <fieldset key={i}>
              <legend>{o.label || L('Nytt journummer', 'New on-call number')}</legend>
              <div className="row">
                <Field label={L('Namn', 'Name')} value={o.label} maxLength={200} onChange={(e) => set((x) => { x.onCall[i]!.label = e.target.value; })} />
                <Field label={L('Nummer', 'Number')} type="tel" value={o.number} maxLength={40} onChange={(e) => set((x) => { x.onCall[i]!.number = e.target.value; })} />
                {typeof o.when === 'string' ? (
                  <Select label={L('Meddelas', 'Announced')} value={o.when} onChange={(e) => set((x) => { x.onCall[i]!.when = e.target.value as 'always' | 'switchboard-closed'; })}>
                    <option value="switchboard-closed">{L('När växeln är stängd', 'When the switchboard is closed')}</option>
                    <option value="always">{L('Alltid', 'Always')}</option>
                  </Select>
                ) : <p className="hint">{L('Egna tider', 'Own hours')}</p>}
              </div>
              <button type="button" className="secondary" onClick={() => set((x) => { x.onCall.splice(i, 1); })}>{L('Ta bort', 'Remove')}<span className="sr-only"> {o.label}</span></button>
            </fieldset>
          ))}
          <button type="button" className="secondary" onClick={() => set((x) => { x.onCall.push({ label: '', number: '', when: 'switchboard-closed' }); })}>
            {L('Lägg till journummer', 'Add an on-call number')}
          </button>
        </Section>

        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>{L('Spara inställningarna', 'Save the settings')}</button>
      </form>
    </AdminPage>
  );
}
