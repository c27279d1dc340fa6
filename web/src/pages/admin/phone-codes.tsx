// Phone codes (admin): diversion from the phone (P-DIV-6): a code, the reason's digit, and
// optionally a return time and date, then #; "Åter" (P-DIV-4); forwarding to internal numbers
// only (P-COST-1). The examples are built from the profile's own reasons.
import { useEffect, useState, type FormEvent } from 'react';
import { useAction } from '../../app/hooks.js';
import type { PhoneCodes } from '../../../../src/core/policy/index.js';
import { useLang } from '../../app/lang.js';
import { useSession } from '../../app/session.js';
import { ErrorBox, Field, Section, useAnnounce } from '../../app/ui.js';
import { saveProfile } from '../../app/profile-save.js';
import { AdminPage } from './layout.js';

export function AdminPhoneCodesPage() {
  const { L, lang } = useLang();
  const { profile, reasons, reloadProfile } = useSession();
  const announce = useAnnounce();
  const [codes, setCodes] = useState<PhoneCodes>(profile.phoneCodes);
  const { error, run } = useAction();
  useEffect(() => setCodes(profile.phoneCodes), [profile]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      await saveProfile((p) => ({ ...p, phoneCodes: codes }));
      await reloadProfile();
      announce(L('Telefonkoderna är sparade.', 'The phone codes are saved.'));
    });
  };
  const meeting = reasons.find((r) => r.code === 'meeting') ?? reasons[0];
  const plan = profile.numberPlan;
  return (
    <AdminPage title={L('Telefonkoder', 'Phone codes')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Section title={L('Koder (P-DIV-6)', 'Codes (P-DIV-6)')}>
          <div className="row">
            <Field label={L('Hänvisa', 'Divert')} value={codes.absence} maxLength={10} onChange={(e) => setCodes({ ...codes, absence: e.target.value })}
              hint={L('Följs av orsakens siffra, åter-tid ttmm och datum ddmm, sedan #.', 'Followed by the reason\'s digit, return time hhmm and date ddmm, then #.')} />
            <Field label={L('Åter (P-DIV-4)', 'Back now (P-DIV-4)')} value={codes.backNow} maxLength={10} onChange={(e) => setCodes({ ...codes, backNow: e.target.value })} />
            <Field label={L('Vidarekoppla', 'Forward')} value={codes.forward} maxLength={10} onChange={(e) => setCodes({ ...codes, forward: e.target.value })}
              hint={L('Bara till interna nummer (P-COST-1).', 'To internal numbers only (P-COST-1).')} />
            <Field label={L('Ta bort vidarekoppling', 'Cancel forwarding')} value={codes.cancelForward} maxLength={10} onChange={(e) => setCodes({ ...codes, cancelForward: e.target.value })} />
          </div>
          <ErrorBox error={error} />
          <button type="submit">{L('Spara koderna', 'Save the codes')}</button>
        </Section>
      </form>
      <Section title={L('Så används de', 'How they are used')}>
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{L('Slå', 'Dial')}</th><th scope="col">{L('Betyder', 'Means')}</th></tr></thead>
            <tbody>
              {meeting ? <tr><th scope="row"><code>{codes.absence} {meeting.phoneDigit} 1430 #</code></th><td>{L(`${meeting.label} till 14:30 i dag`, `${meeting.labelEn} until 14:30 today`)}</td></tr> : null}
              {meeting ? <tr><th scope="row"><code>{codes.absence} {meeting.phoneDigit} 0800 2404 #</code></th><td>{L(`${meeting.label} till 24 april kl. 08:00`, `${meeting.labelEn} until 24 April 08:00`)}</td></tr> : null}
              <tr><th scope="row"><code>{codes.backNow}</code></th><td>{L('Åter: telefonen öppnas igen', 'Back: the phone is open again')}</td></tr>
              <tr><th scope="row"><code>{codes.forward} 2345 #</code></th><td>{L('Vidarekoppla till anknytning 2345', 'Forward to extension 2345')}</td></tr>
              <tr><th scope="row"><code>{codes.cancelForward}</code></th><td>{L('Ta bort vidarekopplingen', 'Cancel forwarding')}</td></tr>
            </tbody>
          </table>
        </div>
        <h3>{L('Orsakernas siffror', 'The reasons\' digits')}</h3>
        <ul>
          {reasons.map((r) => <li key={r.code}><code>{r.phoneDigit}</code> {lang === 'sv' ? r.label : r.labelEn}</li>)}
        </ul>
        <h3>{L('Särskilda nummer', 'Special numbers')}</h3>
        <ul>
          <li>{L('Växeln internt', 'The switchboard, internally')}: <code>{plan.operatorExtension}</code></li>
          <li>{L('Röstbrevlådan (P-VM-3)', 'Voicemail (P-VM-3)')}: <code>{plan.voicemailNumber}</code></li>
          {plan.automaticOperatorNumber ? <li>{L('Automatisk telefonist', 'Automatic operator')}: <code>{plan.automaticOperatorNumber}</code></li> : null}
        </ul>
      </Section>
    </AdminPage>
  );
}
