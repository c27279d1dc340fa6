// Functions (admin): service groups such as Bygglov or Expeditionen that share calls, with
// their numbers, how they ring (all together, or in turn in the members' order) and members.
import { useId, useState, type FormEvent } from 'react';
import { patch, post, put } from '../../api/client.js';
import type { Fn, Person, Unit } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLive, useLoad, useAction } from '../../app/hooks.js';
import { ErrorBox, Field, Loading, Select, fieldErrors, useAnnounce, FocusHeading, FilterField, matchesFilter } from '../../app/ui.js';
import { invalidateDirectory, loadFunctions, loadPeople, loadUnits } from '../../app/directory.js';
import { unitOptions } from '../../logic/org.js';
import { AdminPage } from './layout.js';

function FunctionForm({ fn, units, people, onDone }: { fn: Fn | null; units: Unit[]; people: Person[]; onDone(): void }) {
  const { L, lang } = useLang();
  const announce = useAnnounce();
  const [name, setName] = useState(fn?.name ?? '');
  const [unitId, setUnitId] = useState(fn?.unit?.id ?? '');
  const [extension, setExtension] = useState(fn?.extension ?? '');
  const [direct, setDirect] = useState(fn?.directNumber ?? '');
  const [strategy, setStrategy] = useState<Fn['ringStrategy']>(fn?.ringStrategy ?? 'together');
  const [members, setMembers] = useState<string[]>(fn?.memberIds ?? []);
  const [adding, setAdding] = useState('');
  const { error, run } = useAction();
  const errors = fieldErrors(error, lang);
  const h = useId();
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const move = (i: number, by: number) => setMembers((m) => {
    const next = [...m];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x!);
    return next;
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name: name.trim(), unitId: unitId || null, extension: extension.trim() || null, directNumber: direct.trim() || null, ringStrategy: strategy };
    await run(async () => {
      if (fn) {
        await patch(`/api/functions/${fn.id}`, body);
        await put(`/api/functions/${fn.id}/members`, { memberIds: members });
      } else {
        await post('/api/functions', { ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)), memberIds: members });
      }
      invalidateDirectory('function');
      announce(L(`${body.name} är sparad.`, `${body.name} is saved.`));
      onDone();
    });
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby={h} noValidate>
      <FocusHeading id={h}>{fn ? L(`Ändra ${fn.name}`, `Edit ${fn.name}`) : L('Ny funktion', 'New function')}</FocusHeading>
      <ErrorBox error={error} />
      <div className="row">
        <Field label={L('Namn', 'Name')} value={name} required error={errors.name} onChange={(e) => setName(e.target.value)} />
        <Select label={L('Enhet', 'Unit')} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          <option value="">{L('(ingen)', '(none)')}</option>
          {unitOptions(units).map((u) => <option key={u.id} value={u.id}>{u.label}</option>)}
        </Select>
      </div>
      <div className="row">
        <Field label={L('Anknytning', 'Extension')} inputMode="numeric" value={extension} error={errors.extension} onChange={(e) => setExtension(e.target.value)} />
        <Field label={L('Direktnummer', 'Direct number')} type="tel" value={direct} error={errors.directNumber} onChange={(e) => setDirect(e.target.value)} />
        <Select label={L('Ringer', 'Rings')} value={strategy} onChange={(e) => setStrategy(e.target.value as Fn['ringStrategy'])}>
          <option value="together">{L('Alla samtidigt', 'All together')}</option>
          <option value="in-turn">{L('I tur och ordning', 'In turn')}</option>
        </Select>
      </div>
      <fieldset>
        <legend>{L('Medlemmar i ringordning', 'Members in ring order')}</legend>
        {members.length === 0 ? <p className="muted">{L('Inga medlemmar.', 'No members.')}</p> : (
          <ol className="members">
            {members.map((id, i) => (
              <li key={id}>
                <span>{nameOf(id)}</span>
                <button type="button" className="secondary" disabled={i === 0} onClick={() => move(i, -1)} aria-label={L(`Flytta upp ${nameOf(id)}`, `Move ${nameOf(id)} up`)}>↑</button>
                <button type="button" className="secondary" disabled={i === members.length - 1} onClick={() => move(i, 1)} aria-label={L(`Flytta ned ${nameOf(id)}`, `Move ${nameOf(id)} down`)}>↓</button>
                <button type="button" className="secondary" onClick={() => setMembers(members.filter((x) => x !== id))} aria-label={L(`Ta bort ${nameOf(id)}`, `Remove ${nameOf(id)}`)}>×</button>
              </li>
            ))}
          </ol>
        )}
        <div className="add-row">
          <Select label={L('Lägg till medlem', 'Add a member')} value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">{L('Välj person…', 'Choose a person…')}</option>
            {people.filter((p) => !members.includes(p.id)).map((p) => <option key={p.id} value={p.id}>{p.name}{p.unit ? ` (${p.unit.name})` : ''}</option>)}
          </Select>
          <button type="button" className="secondary" disabled={!adding} onClick={() => {
            setMembers([...members, adding]);
            setAdding('');
          }}>{L('Lägg till', 'Add')}</button>
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit">{L('Spara', 'Save')}</button>
        <button type="button" className="secondary" onClick={onDone}>{L('Avbryt', 'Cancel')}</button>
      </div>
    </form>
  );
}

export function AdminFunctionsPage() {
  const { L } = useLang();
  const data = useLoad(async () => ({ fns: await loadFunctions(), units: await loadUnits(), people: await loadPeople() }), []);
  const [editing, setEditing] = useState<Fn | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  useLive(['directory.changed'], () => data.reload(), () => data.reload());
  const d = data.data;
  const rows = (d?.fns ?? []).filter((f) => matchesFilter(filter, f.name, f.unit?.name, f.extension, f.directNumberDisplay));
  return (
    <AdminPage title={L('Funktioner', 'Functions')} newLabel={L('Ny funktion', 'New function')} onNew={() => setEditing('new')} error={data.error}>
      {editing && d ? <FunctionForm key={editing === 'new' ? 'new' : editing.id} fn={editing === 'new' ? null : editing} units={d.units} people={d.people} onDone={() => {
        setEditing(null);
        data.reload();
      }} /> : null}
      {!d ? <Loading /> : (
        <section className="card" aria-labelledby="fns-h">
          <h2 id="fns-h">{L('Funktioner som delar samtal', 'Functions that share calls')}</h2>
          <FilterField label={L('Filtrera', 'Filter')} value={filter} onChange={setFilter} count={L(`${rows.length} funktioner`, `${rows.length} functions`)} />
          <div className="table-wrap">
            <table>
              <thead><tr>
                <th scope="col">{L('Namn', 'Name')}</th><th scope="col">{L('Enhet', 'Unit')}</th><th scope="col">{L('Nummer', 'Numbers')}</th>
                <th scope="col" className="num">{L('Medlemmar', 'Members')}</th><th scope="col"><span className="sr-only">{L('Åtgärder', 'Actions')}</span></th>
              </tr></thead>
              <tbody>
                {rows.map((f) => (
                  <tr key={f.id}>
                    <th scope="row">{f.name}</th>
                    <td>{f.unit?.name ?? ''}</td>
                    <td>{[f.extension, f.directNumberDisplay].filter(Boolean).join(' · ')}</td>
                    <td className="num">{f.memberIds.length}</td>
                    <td><button type="button" className="secondary" onClick={() => setEditing(f)}>{L('Ändra', 'Edit')}<span className="sr-only"> {f.name}</span></button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </AdminPage>
  );
}
