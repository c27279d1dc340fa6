// People (admin): the phone book's entries, searched, added, changed, deactivated and brought
// back. The server checks numbers against the number plan and the service numbers, keeps at
// least one admin, never lets an admin change their own role, and audits every change.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { del, patch, post, put } from '../../api/client.js';
import type { Fn, Person, Role, Unit } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLive, useLoad, useAction } from '../../app/hooks.js';
import { useSession } from '../../app/session.js';
import { Checkbox, ErrorBox, Field, Loading, Select, fieldErrors, useAnnounce, FocusHeading, FilterField, matchesFilter } from '../../app/ui.js';
import { MattersEditor } from '../../app/matters.js';
import { invalidateDirectory, loadAllPeopleForAdmin, loadFunctions, loadUnits } from '../../app/directory.js';
import { unitOptions } from '../../logic/org.js';
import { AdminPage } from './layout.js';
import { VoicemailException } from '../../app/voicemail-exception.js';

export const ROLE_NAMES: Record<Role, [string, string]> = {
  employee: ['Medarbetare', 'Employee'],
  manager: ['Chef', 'Manager'],
  operator: ['Telefonist', 'Operator'],
  admin: ['Administratör', 'Administrator'],
};

interface Draft {
  firstName: string; lastName: string; title: string; unitId: string; functionIds: string[];
  extension: string; directNumber: string; mobileNumber: string; mobileExtension: boolean; email: string;
  matters: string[]; managerId: string; role: Role; electedMember: boolean; password: string;
}

const empty: Draft = {
  firstName: '', lastName: '', title: '', unitId: '', functionIds: [], extension: '', directNumber: '', mobileNumber: '',
  mobileExtension: false, email: '', matters: [], managerId: '', role: 'employee', electedMember: false, password: '',
};

function draftOf(p: Person): Draft {
  return {
    firstName: p.firstName, lastName: p.lastName, title: p.title ?? '', unitId: p.unit?.id ?? '', functionIds: p.functions.map((f) => f.id),
    extension: p.extension ?? '', directNumber: p.directNumber ?? '', mobileNumber: p.mobileNumber ?? '', mobileExtension: p.mobileExtension,
    email: p.email ?? '', matters: p.matters, managerId: p.managerId ?? '', role: p.role, electedMember: p.electedMember, password: '',
  };
}

function PersonForm({ person, people, units, fns, onSaved, onCancel }: {
  person: Person | null; people: Person[]; units: Unit[]; fns: Fn[]; onSaved(p: Person): void; onCancel(): void;
}) {
  const { L, lang } = useLang();
  const { personId: me } = useSession();
  const announce = useAnnounce();
  const [d, setD] = useState<Draft>(() => (person ? draftOf(person) : empty));
  const { busy, error, run } = useAction();
  const errors = fieldErrors(error, lang);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const headingId = useId();
  const nul = (s: string) => (s.trim() === '' ? null : s.trim());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      firstName: d.firstName.trim(), lastName: d.lastName.trim(), title: nul(d.title), unitId: nul(d.unitId), functionIds: d.functionIds,
      extension: nul(d.extension), directNumber: nul(d.directNumber), mobileNumber: nul(d.mobileNumber), mobileExtension: d.mobileExtension,
      email: nul(d.email), matters: d.matters, managerId: nul(d.managerId), role: d.role, electedMember: d.electedMember,
    };
    await run(async () => {
      const saved = person
        ? await patch<Person>(`/api/people/${person.id}`, body)
        : await post<Person>('/api/people', Object.fromEntries(Object.entries({ ...body, ...(d.password ? { password: d.password } : {}) }).filter(([, v]) => v !== null)));
      if (person && d.password) await put(`/api/people/${person.id}/password`, { newPassword: d.password });
      invalidateDirectory('person');
      announce(person ? L(`${saved.name} är sparad.`, `${saved.name} is saved.`) : L(`${saved.name} är tillagd.`, `${saved.name} is added.`));
      onSaved(saved);
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="panel" aria-labelledby={headingId} noValidate>
      <FocusHeading id={headingId}>{person ? L(`Ändra ${person.name}`, `Edit ${person.name}`) : L('Ny person', 'New person')}</FocusHeading>
      <ErrorBox error={error} />
      <div className="row">
        <Field label={L('Förnamn', 'First name')} required value={d.firstName} error={errors.firstName} onChange={(e) => set('firstName', e.target.value)} />
        <Field label={L('Efternamn', 'Last name')} required value={d.lastName} error={errors.lastName} onChange={(e) => set('lastName', e.target.value)} />
      </div>
      <div className="row">
        <Field label={L('Titel', 'Title')} value={d.title} error={errors.title} onChange={(e) => set('title', e.target.value)} />
        <Field label={L('E-post', 'E-mail')} type="email" value={d.email} error={errors.email} onChange={(e) => set('email', e.target.value)} />
      </div>
      <div className="row">
        <Select label={L('Enhet', 'Unit')} value={d.unitId} error={errors.unitId} onChange={(e) => set('unitId', e.target.value)}>
          <option value="">{L('(ingen)', '(none)')}</option>
          {unitOptions(units).map((u) => <option key={u.id} value={u.id}>{u.label}</option>)}
        </Select>
        <Select label={L('Chef', 'Manager')} value={d.managerId} error={errors.managerId} onChange={(e) => set('managerId', e.target.value)}>
          <option value="">{L('(ingen)', '(none)')}</option>
          {people.filter((p) => p.id !== person?.id && !p.deactivatedAt).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </Select>
      </div>
      <div className="row">
        <Field label={L('Anknytning', 'Extension')} inputMode="numeric" value={d.extension} error={errors.extension} onChange={(e) => set('extension', e.target.value)} />
        <Field label={L('Direktnummer', 'Direct number')} type="tel" value={d.directNumber} error={errors.directNumber} onChange={(e) => set('directNumber', e.target.value)} />
        <Field label={L('Mobilnummer', 'Mobile number')} type="tel" value={d.mobileNumber} error={errors.mobileNumber} onChange={(e) => set('mobileNumber', e.target.value)} />
      </div>
      <Checkbox label={L('Mobilanknytning (anknytningen ringer även i mobilen, P-MOB-8)', 'Mobile extension (the extension also rings the mobile, P-MOB-8)')} checked={d.mobileExtension} onChange={(e) => set('mobileExtension', e.target.checked)} />
      <div className="row">
        <Select label={L('Roll', 'Role')} value={d.role} error={errors.role} disabled={person?.id === me}
          hint={person?.id === me ? L('Du kan inte ändra din egen roll.', 'You cannot change your own role.') : undefined}
          onChange={(e) => set('role', e.target.value as Role)}>
          {(Object.keys(ROLE_NAMES) as Role[]).map((r) => <option key={r} value={r}>{ROLE_NAMES[r][lang === 'sv' ? 0 : 1]}</option>)}
        </Select>
        <Field label={person ? L('Nytt lösenord (valfritt)', 'New password (optional)') : L('Lösenord (valfritt)', 'Password (optional)')} type="password" autoComplete="new-password"
          value={d.password} hint={L('Minst 10 tecken.', 'At least 10 characters.')} onChange={(e) => set('password', e.target.value)} />
      </div>
      <Checkbox label={L('Förtroendevald (P-FUP-3)', 'Elected member (P-FUP-3)')} checked={d.electedMember} onChange={(e) => set('electedMember', e.target.checked)} />
      <fieldset className="fn-list">
        <legend>{L('Funktioner', 'Functions')}</legend>
        {fns.length === 0 ? <p className="muted">{L('Inga funktioner.', 'No functions.')}</p> : fns.map((f) => (
          <label key={f.id} className="choice">
            <input type="checkbox" checked={d.functionIds.includes(f.id)} onChange={(e) => set('functionIds', e.target.checked ? [...d.functionIds, f.id] : d.functionIds.filter((x) => x !== f.id))} />
            {f.name}
          </label>
        ))}
      </fieldset>
      <MattersEditor value={d.matters} onChange={(m) => set('matters', m)} />
      <div className="actions">
        <button type="submit" disabled={busy}>{L('Spara', 'Save')}</button>
        <button type="button" className="secondary" onClick={onCancel}>{L('Avbryt', 'Cancel')}</button>
      </div>
    </form>
  );
}

const PAGE = 50;

export function AdminPeoplePage() {
  const { L, lang } = useLang();
  const announce = useAnnounce();
  const people = useLoad(() => loadAllPeopleForAdmin(), []);
  const org = useLoad(async () => ({ units: await loadUnits(), fns: await loadFunctions() }), []);
  const [filter, setFilter] = useState('');
  const [showLeft, setShowLeft] = useState(false);
  const [page, setPage] = useState(0);
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const { error, run } = useAction();
  useLive(['directory.changed'], () => people.reload(), () => people.reload());
  useEffect(() => setPage(0), [filter, showLeft]);

  const shown = useMemo(() => (people.data ?? [])
    .filter((p) => showLeft || !p.deactivatedAt)
    .filter((p) => matchesFilter(filter, p.name, p.title, p.unit?.name, p.extension, p.email, ...p.matters)), [people.data, filter, showLeft]);

  const deactivate = async (p: Person) => {
    await run(async () => {
      if (p.deactivatedAt) await post(`/api/people/${p.id}/reactivate`);
      else await del(`/api/people/${p.id}`);
      invalidateDirectory('person');
      announce(p.deactivatedAt ? L(`${p.name} är återaktiverad.`, `${p.name} is reactivated.`) : L(`${p.name} är inaktiverad.`, `${p.name} is deactivated.`));
      people.reload();
    });
  };

  const visible = shown.slice(page * PAGE, page * PAGE + PAGE);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  return (
    <AdminPage title={L('Personer', 'People')} newLabel={L('Ny person', 'New person')} onNew={() => setEditing('new')}>
      {editing && org.data && people.data ? (
        <>
          <PersonForm key={editing === 'new' ? 'new' : editing.id} person={editing === 'new' ? null : editing} people={people.data} units={org.data.units} fns={org.data.fns}
            onCancel={() => setEditing(null)} onSaved={() => {
              setEditing(null);
              people.reload();
            }} />
          {editing !== 'new' && !editing.deactivatedAt ? (
            <div className="panel">
              <VoicemailException person={editing} onSaved={(p) => {
                setEditing(p);
                people.reload();
              }} />
            </div>
          ) : null}
        </>
      ) : null}
      <section className="card" aria-labelledby="people-h">
        <h2 id="people-h">{L('Katalogen', 'The directory')}</h2>
        <FilterField label={L('Filtrera', 'Filter')} value={filter} onChange={setFilter} count={L(`${shown.length} personer`, `${shown.length} people`)} />
        <Checkbox label={L('Visa även de som slutat', 'Include people who have left')} checked={showLeft} onChange={(e) => setShowLeft(e.target.checked)} />
        <ErrorBox error={people.error ?? error} />
        {!people.data ? <Loading /> : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{L('Namn', 'Name')}</th>
                  <th scope="col">{L('Titel', 'Title')}</th>
                  <th scope="col">{L('Enhet', 'Unit')}</th>
                  <th scope="col">{L('Ankn.', 'Ext.')}</th>
                  <th scope="col">{L('Roll', 'Role')}</th>
                  <th scope="col"><span className="sr-only">{L('Åtgärder', 'Actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {visible.map((p) => (
                  <tr key={p.id} className={editing !== 'new' && editing?.id === p.id ? 'selected' : undefined}>
                    <th scope="row">{p.name}{p.deactivatedAt ? <span className="tag">{L('slutat', 'left')}</span> : null}</th>
                    <td>{p.title ?? ''}</td>
                    <td>{p.unit?.name ?? ''}</td>
                    <td>{p.extension ?? ''}</td>
                    <td>{ROLE_NAMES[p.role][lang === 'sv' ? 0 : 1]}</td>
                    <td>
                      <div className="actions tight">
                        <button type="button" className="secondary" onClick={() => setEditing(p)}>{L('Ändra', 'Edit')}<span className="sr-only"> {p.name}</span></button>
                        <button type="button" className="secondary" onClick={() => void deactivate(p)}>
                          {p.deactivatedAt ? L('Återaktivera', 'Reactivate') : L('Inaktivera', 'Deactivate')}<span className="sr-only"> {p.name}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav className="pager" aria-label={L('Sidor', 'Pages')}>
            <button type="button" className="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>{L('Föregående', 'Previous')}</button>
            <span>{L(`Sida ${page + 1} av ${pages}`, `Page ${page + 1} of ${pages}`)}</span>
            <button type="button" className="secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>{L('Nästa', 'Next')}</button>
          </nav>
        ) : null}
      </section>
    </AdminPage>
  );
}
