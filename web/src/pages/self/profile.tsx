// My profile: my entry in the phone book kept correct (P-DIV-11: title, mobile, matters),
// my e-mail signature from it (P-MAIL-1), an out-of-office text from my diversion (P-MAIL-2),
// my voicemail greeting (P-VM-2) when voicemail is in place, password and PIN (P-SEC-1).
import { useEffect, useState, type FormEvent } from 'react';
import { api, get, patch, put } from '../../api/client.js';
import type { Absence, Fn, Person, PresenceStatus, Unit } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLive, useLoad, useNow, useAction } from '../../app/hooks.js';
import { useSession } from '../../app/session.js';
import { CopyText, ErrorBox, Field, Loading, Notice, Page, Section, fieldErrors, useAnnounce } from '../../app/ui.js';
import { MattersEditor } from '../../app/matters.js';
import { greetingRoutes, type GreetingRoutes } from '../../app/voicemail.js';
import { loadFunctions, loadUnits } from '../../app/directory.js';
import { outOfOffice, signature } from '../../logic/mail.js';
import { whenText, instantOf, Temporal } from '../../logic/time.js';

function EntryForm({ person, onSaved }: { person: Person; onSaved(p: Person): void }) {
  const { L, lang } = useLang();
  const announce = useAnnounce();
  const [title, setTitle] = useState(person.title ?? '');
  // The number as people write it; the server stores E.164 and sees no change in the same number.
  const [mobile, setMobile] = useState(person.numbers.find((n) => n.kind === 'mobile')?.display ?? person.mobileNumber ?? '');
  const [matters, setMatters] = useState(person.matters);
  const { busy, error, run } = useAction();
  const errors = fieldErrors(error, lang);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const saved = await patch<Person>(`/api/people/${person.id}`, { title: title.trim() || null, mobileNumber: mobile.trim() || null, matters });
      announce(L('Uppgifterna är sparade.', 'Your details are saved.'));
      onSaved(saved);
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorBox error={error} />
      <Field label={L('Titel', 'Title')} value={title} maxLength={200} error={errors.title} onChange={(e) => setTitle(e.target.value)} />
      <Field label={L('Mobilnummer', 'Mobile number')} type="tel" inputMode="tel" autoComplete="tel" value={mobile} error={errors.mobileNumber}
        hint={L('Till exempel 070-123 45 67.', 'For example 070-123 45 67.')} onChange={(e) => setMobile(e.target.value)} />
      <MattersEditor value={matters} onChange={setMatters} />
      <button type="submit" disabled={busy}>{L('Spara', 'Save')}</button>
    </form>
  );
}

function Greeting({ routes }: { routes: GreetingRoutes }) {
  const { L } = useLang();
  const announce = useAnnounce();
  const current = useLoad((s) => get<Record<string, unknown>>(routes.get, s).catch(() => null), [routes.get]);
  // A greeting recorded by phone shows here at once.
  useLive(['voicemail.greeting'], () => current.reload(), () => current.reload());
  const [file, setFile] = useState<File | null>(null);
  const { busy, error, run } = useAction();
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    await run(async () => {
      await api(routes.upload.method.toUpperCase(), routes.upload.path, file, { contentType: file.type || 'audio/wav' });
      announce(L('Hälsningen är uppladdad.', 'The greeting is uploaded.'));
      setFile(null);
      current.reload();
    });
  };
  const remove = async () => {
    if (!routes.remove) return;
    await api('DELETE', routes.remove);
    announce(L('Hälsningen är borttagen.', 'The greeting is removed.'));
    current.reload();
  };
  const has = current.data !== null && current.data !== undefined;
  return (
    <>
      <p>{L('En kort hälsning som säger vem som har nåtts, följd av en instruktion eller hänvisning (P-VM-2). Håll den aktuell.',
        'A short greeting that says whom the caller has reached, followed by an instruction or referral (P-VM-2). Keep it up to date.')}</p>
      {current.loading ? <Loading /> : has ? (
        <>
          <p>{L('Du har en egen hälsning.', 'You have your own greeting.')}</p>
          {current.data?.stale === true ? <p className="notice notice-warn">{L('Hälsningen är gammal: spela in en ny så att den stämmer (P-VM-2).', 'The greeting is old: record a new one so that it is up to date (P-VM-2).')}</p> : null}
          {routes.audio ? <audio key={String(current.data?.updatedAt)} controls preload="none" src={routes.audio} aria-label={L('Min hälsning', 'My greeting')} /> : null}
          {routes.remove ? <button type="button" className="secondary" onClick={() => void remove()}>{L('Ta bort hälsningen', 'Remove the greeting')}</button> : null}
        </>
      ) : <p>{L('Du har ingen egen hälsning: uppringare hör ditt namn och din status.', 'You have no greeting of your own: callers hear your name and status.')}</p>}
      <form onSubmit={(e) => void upload(e)}>
        <ErrorBox error={error} />
        <Field label={L('Ladda upp en hälsning (WAV)', 'Upload a greeting (WAV)')} type="file" accept="audio/wav,audio/x-wav,.wav"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" disabled={!file || busy}>{L('Ladda upp', 'Upload')}</button>
      </form>
    </>
  );
}

function Security({ personId, pinLength }: { personId: string; pinLength: number }) {
  const { L } = useLang();
  const announce = useAnnounce();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [pin, setPin] = useState('');
  const { busy, error, run } = useAction();
  const save = async (e: FormEvent, what: 'password' | 'pin') => {
    e.preventDefault();
    await run(async () => {
      if (what === 'password') {
        await put(`/api/people/${personId}/password`, { currentPassword: current, newPassword: next });
        setCurrent('');
        setNext('');
        announce(L('Lösenordet är bytt.', 'The password is changed.'));
      } else {
        await put(`/api/people/${personId}/pin`, { pin });
        setPin('');
        announce(L('PIN-koden är bytt.', 'The PIN is changed.'));
      }
    });
  };
  return (
    <>
      <ErrorBox error={error} />
      <form onSubmit={(e) => void save(e, 'password')}>
        <h3>{L('Byt lösenord', 'Change password')}</h3>
        <Field label={L('Nuvarande lösenord', 'Current password')} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        <Field label={L('Nytt lösenord', 'New password')} type="password" autoComplete="new-password" value={next} minLength={10}
          hint={L('Minst 10 tecken.', 'At least 10 characters.')} onChange={(e) => setNext(e.target.value)} />
        <button type="submit" disabled={busy}>{L('Byt lösenord', 'Change password')}</button>
      </form>
      <form onSubmit={(e) => void save(e, 'pin')}>
        <h3>{L('PIN-kod för röstbrevlåda och telefonkoder', 'PIN for voicemail and phone codes')}</h3>
        <Field label={L('Ny PIN-kod', 'New PIN')} type="password" inputMode="numeric" autoComplete="off" value={pin} maxLength={pinLength}
          hint={L(`${pinLength} siffror, inte en följd (1234) eller samma siffra (0000), inte din anknytning.`, `${pinLength} digits, not a run (1234) or one digit repeated (0000), not your extension.`)}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} />
        <button type="submit" disabled={busy}>{L('Byt PIN-kod', 'Change PIN')}</button>
      </form>
    </>
  );
}

export function ProfilePage() {
  const { L, lang } = useLang();
  const { personId, me, switchboard, reasons, features, profile } = useSession();
  const now = useNow();
  const person = useLoad((s) => get<Person>(`/api/people/${personId}`, s), [personId]);
  const status = useLoad((s) => get<PresenceStatus>(`/api/people/${personId}/presence`, s), [personId]);
  const absences = useLoad((s) => get<Absence[]>(`/api/people/${personId}/absences`, s), [personId]);
  const [org, setOrg] = useState<{ units: Unit[]; fns: Fn[] } | null>(null);
  useEffect(() => {
    void Promise.all([loadUnits(), loadFunctions()]).then(([units, fns]) => setOrg({ units, fns }), () => setOrg({ units: [], fns: [] }));
  }, []);
  const greeting = greetingRoutes(features);
  const p = person.data;

  // P-MAIL-2: the absence in effect, else the next planned one that is not a short one.
  const away = (() => {
    const s = status.data;
    if (s?.state === 'absent' && s.reason && s.returnsAt) return { reason: s.reason, returnsAt: s.returnsAt };
    const later = (absences.data ?? [])
      .filter((a) => !a.recurrence && Temporal.Instant.compare(instantOf(a.start), now) > 0 && ['vacation', 'leave', 'sick', 'business-trip', 'training', 'parental-leave'].includes(a.reason))
      .sort((a, b) => Temporal.Instant.compare(instantOf(a.start), instantOf(b.start)))[0];
    return later ? { reason: later.reason, returnsAt: later.end, from: later.start } : null;
  })();
  const reception = (() => {
    if (!p || !org) return null;
    const unitIds = [...p.unitPath].reverse().map((u) => u.id);
    for (const id of unitIds) {
      const u = org.units.find((x) => x.id === id);
      const f = u?.receptionFunctionId ? org.fns.find((x) => x.id === u.receptionFunctionId) : undefined;
      if (f) return { name: f.name, number: f.directNumberDisplay ?? f.extension };
    }
    return null;
  })();
  const reason = away ? reasons.find((r) => r.code === away.reason) : undefined;

  return (
    <Page title={L('Min profil', 'My profile')}>
      <Section title={L('Mina uppgifter i katalogen', 'My entry in the directory')}>
        <ErrorBox error={person.error} />
        {p ? (
          <>
            <dl className="facts">
              <div><dt>{L('Namn', 'Name')}</dt><dd>{p.name}</dd></div>
              <div><dt>{L('Enhet', 'Unit')}</dt><dd>{p.unitPath.map((u) => u.name).join(' › ') || '–'}</dd></div>
              {p.numbers.map((n) => (
                <div key={n.kind}><dt>{n.kind === 'extension' ? L('Anknytning', 'Extension') : n.kind === 'direct' ? L('Direktnummer', 'Direct number') : L('Mobil', 'Mobile')}</dt><dd>{n.display}</dd></div>
              ))}
              <div><dt>{L('E-post', 'E-mail')}</dt><dd>{p.email ?? '–'}</dd></div>
              <div><dt>{L('Funktioner', 'Functions')}</dt><dd>{p.functions.map((f) => f.name).join(', ') || '–'}</dd></div>
              <div><dt>{L('Senast ändrad', 'Last changed')}</dt><dd>{whenText(p.updatedAt, now, lang)}</dd></div>
            </dl>
            <p className="hint">{L('Håll dina uppgifter aktuella (P-DIV-11). Enhet, nummer och e-post ändras av administratören.', 'Keep your details correct (P-DIV-11). Unit, numbers and e-mail are changed by the administrator.')}</p>
            <EntryForm person={p} onSaved={(saved) => person.set(saved)} />
          </>
        ) : <Loading />}
      </Section>

      <Section title={L('E-postsignatur', 'E-mail signature')}>
        <p>{L('Från katalogen, med titel, telefonnummer och e-postadress (P-MAIL-1).', 'From the directory, with title, phone number and e-mail address (P-MAIL-1).')}</p>
        {p ? <CopyText label={L('Signatur', 'Signature')} rows={10} text={signature(p, me.tenant.name, switchboard?.phone ?? null, lang)} /> : <Loading />}
      </Section>

      <Section title={L('Frånvaromeddelande för e-post', 'Out-of-office reply')}>
        <p>{L('Från din hänvisning: när du är åter och vart man kan vända sig (P-MAIL-2).', 'From your diversion: when you are back and whom to contact (P-MAIL-2).')}</p>
        {away && reason && p ? (
          <>
            {'from' in away && away.from ? <p>{L('Gäller din planerade frånvaro från', 'For your planned absence from')} {whenText(away.from, now, lang)}.</p> : null}
            <CopyText label={L('Frånvaromeddelande', 'Out-of-office text')} rows={7}
              text={outOfOffice({ name: p.name, reason, returnsAt: away.returnsAt, reception, switchboard: switchboard?.phone ?? null, now }, lang)} />
          </>
        ) : (
          <Notice>{L('Du har ingen pågående eller planerad längre frånvaro. Lägg in semester eller ledighet under Min status, så skrivs texten här.',
            'You have no current or planned longer absence. Plan your vacation or leave under My status and the text appears here.')}</Notice>
        )}
      </Section>

      {greeting ? (
        <Section title={L('Min hälsningsfras', 'My voicemail greeting')}>
          <Greeting routes={greeting} />
        </Section>
      ) : null}

      <Section title={L('Lösenord och PIN-kod', 'Password and PIN')}>
        <Security personId={personId} pinLength={profile.voicemail.pinLength} />
      </Section>
    </Page>
  );
}
