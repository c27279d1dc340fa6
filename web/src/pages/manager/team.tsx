// The manager's team: everyone below them in the manager chain, with live presence. The
// manager diverts a sick employee's phone (P-DIV-8), keeps staff's titles, matters and
// keywords current for the switchboard (P-SWB-11), and decides voicemail exceptions
// (P-VM-1, recorded with who decided). Every change for someone else is audited.
import { useEffect, useState, type FormEvent } from 'react';
import { get, patch, post } from '../../api/client.js';
import type { Absence, Person, PresenceStatus, PresenceView, PresenceEventStatus } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLive, useLoad, useNow, useAction } from '../../app/hooks.js';
import { useSession } from '../../app/session.js';
import { ErrorBox, Field, Loading, Notice, Page, useAnnounce } from '../../app/ui.js';
import { SubNav } from '../../app/shell.js';
import { DivertPanel } from '../../app/divert.js';
import { AbsenceList } from '../../app/absence-list.js';
import { MattersEditor } from '../../app/matters.js';
import { loadPeople } from '../../app/directory.js';
import { staffOf } from '../../logic/staff.js';
import { fromEvent, fromStatus, nextText, presenceText } from '../../logic/presence.js';
import { TEAM_NAV } from './nav.js';
import { VoicemailException } from '../../app/voicemail-exception.js';

/** Presence of many people at once, a few requests at a time. */
async function presenceOf(ids: string[], signal: AbortSignal): Promise<Record<string, PresenceView>> {
  const out: Record<string, PresenceView> = {};
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      out[id] = fromStatus(await get<PresenceStatus>(`/api/people/${id}/presence`, signal));
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, ids.length) }, worker));
  return out;
}

function StaffEntry({ person, onSaved }: { person: Person; onSaved(p: Person): void }) {
  const { L } = useLang();
  const announce = useAnnounce();
  const [title, setTitle] = useState(person.title ?? '');
  const [matters, setMatters] = useState(person.matters);
  const { error, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const saved = await patch<Person>(`/api/people/${person.id}`, { title: title.trim() || null, matters });
      announce(L(`${person.name}: uppgifterna är sparade.`, `${person.name}: details saved.`));
      onSaved(saved);
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <h3>{L('Titel och ärenden (för växeln)', 'Title and matters (for the switchboard)')}</h3>
      <ErrorBox error={error} />
      <Field label={L('Titel', 'Title')} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      <MattersEditor value={matters} onChange={setMatters} label={L(`Ärenden och nyckelord för ${person.name}`, `Matters and keywords of ${person.name}`)} />
      <button type="submit">{L('Spara titel och ärenden', 'Save title and matters')}</button>
    </form>
  );
}

function Member({ person, view, onPerson }: { person: Person; view: PresenceView | undefined; onPerson(p: Person): void }) {
  const { L, lang } = useLang();
  const { reasons } = useSession();
  const announce = useAnnounce();
  const now = useNow();
  const [open, setOpen] = useState<'none' | 'divert' | 'sick' | 'manage'>('none');
  const absences = useLoad((s) => (open === 'manage' ? get<Absence[]>(`/api/people/${person.id}/absences`, s) : Promise.resolve([])), [person.id, open]);
  const absent = view ? !view.available : false;
  const back = async () => {
    await post(`/api/people/${person.id}/back`);
    announce(L(`${person.name} är tillgänglig igen.`, `${person.name} is available again.`));
  };
  const toggle = (what: 'divert' | 'sick' | 'manage') => setOpen(open === what ? 'none' : what);
  const next = view ? nextText(view, reasons, now, lang) : null;
  return (
    <li data-person={person.id}>
      <div className="person-line">
        <div>
          <strong>{person.name}</strong>{person.title ? <span> · {person.title}</span> : null}
          {view ? <div className={`presence ${view.available ? 'available' : 'absent'}`} data-testid="presence">{presenceText(view, reasons, now, lang)}</div> : <div className="muted">…</div>}
          {next ? <div className="muted">{next}</div> : null}
        </div>
        <div className="actions">
          <button type="button" className="secondary" aria-expanded={open === 'sick'} onClick={() => toggle('sick')}>
            {L('Sjukanmäl', 'Report sick')}<span className="sr-only"> {person.name}</span>
          </button>
          <button type="button" className="secondary" aria-expanded={open === 'divert'} onClick={() => toggle('divert')}>
            {L('Hänvisa', 'Divert')}<span className="sr-only"> {person.name}</span>
          </button>
          {absent ? <button type="button" className="secondary" onClick={() => void back()}>{L('Åter', 'Back')}<span className="sr-only"> {person.name}</span></button> : null}
          <button type="button" className="secondary" aria-expanded={open === 'manage'} onClick={() => toggle('manage')}>
            {L('Uppgifter', 'Details')}<span className="sr-only"> {person.name}</span>
          </button>
        </div>
      </div>
      {open === 'divert' || open === 'sick' ? (
        <div className="panel">
          {open === 'sick' ? <p className="hint">{L('Chefen ser till att en sjuk medarbetares telefon är hänvisad (P-DIV-8). Ändringen loggas.', 'The manager makes sure a sick employee\'s phone is diverted (P-DIV-8). The change is logged.')}</p> : null}
          <DivertPanel key={open} personId={person.id} personName={person.name} absentNow={absent} {...(open === 'sick' ? { initialReason: 'sick' } : {})} onDone={() => setOpen('none')} />
        </div>
      ) : null}
      {open === 'manage' ? (
        <div className="panel">
          <h3>{L('Planerad frånvaro', 'Planned absences')}</h3>
          {absences.data ? <AbsenceList absences={absences.data} now={now} canChange onChanged={absences.reload} /> : <Loading />}
          <StaffEntry person={person} onSaved={onPerson} />
          <VoicemailException person={person} onSaved={onPerson} />
        </div>
      ) : null}
    </li>
  );
}

export function TeamPage() {
  const { L } = useLang();
  const { personId } = useSession();
  const team = useLoad(async () => staffOf(await loadPeople(), personId), [personId]);
  const [views, setViews] = useState<Record<string, PresenceView>>({});
  const [error, setError] = useState<unknown>(null);
  const ids = (team.data ?? []).map((p) => p.id).join(',');

  const loadPresence = () => {
    const ctrl = new AbortController();
    if (ids) presenceOf(ids.split(','), ctrl.signal).then(setViews, (e: unknown) => !ctrl.signal.aborted && setError(e));
    return () => ctrl.abort();
  };
  useEffect(loadPresence, [ids]);

  // Presence of the team as it changes, from whoever changed it (P-DIV-7, P-DIV-8, the person).
  useLive(['presence.changed', 'directory.changed'], (e) => {
    if (e.type === 'directory.changed') return team.reload();
    const id = e.personId as string;
    setViews((v) => (id in v ? { ...v, [id]: fromEvent(e.status as PresenceEventStatus) } : v));
  }, () => {
    team.reload();
    loadPresence();
  });

  const staff = team.data ?? [];
  return (
    <Page title={L('Mitt team', 'My team')}>
      <SubNav label={L('Mitt team', 'My team')} items={TEAM_NAV} />
      <ErrorBox error={team.error ?? error} />
      {team.loading && !team.data ? <Loading /> : staff.length === 0 ? (
        <Notice>{L('Ingen har dig som chef i katalogen.', 'Nobody has you as their manager in the directory.')}</Notice>
      ) : (
        <section className="card" aria-labelledby="team-h">
          <h2 id="team-h">{L(`Närvaro just nu (${staff.length})`, `Presence now (${staff.length})`)}</h2>
          <ul className="team">
            {staff.map((p) => <Member key={p.id} person={p} view={views[p.id]} onPerson={(saved) => team.set((list) => (list ?? []).map((x) => (x.id === saved.id ? saved : x)))} />)}
          </ul>
        </section>
      )}
    </Page>
  );
}
