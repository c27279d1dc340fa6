// Units (admin): förvaltningar, sektorer and enheter as a tree; each unit may name its
// reception ("expeditionen"), where vacation and leave diversions go (P-DIV-10).
import { useId, useState, type FormEvent } from 'react';
import { patch, post } from '../../api/client.js';
import type { Fn, Unit } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLive, useLoad, useAction } from '../../app/hooks.js';
import { ErrorBox, Field, Loading, Select, fieldErrors, useAnnounce, FocusHeading, FilterField, matchesFilter } from '../../app/ui.js';
import { invalidateDirectory, loadFunctions, loadUnits } from '../../app/directory.js';
import { unitOptions } from '../../logic/org.js';
import { AdminPage } from './layout.js';

const KINDS: { code: Unit['kind']; sv: string; en: string }[] = [
  { code: 'administration', sv: 'Förvaltning', en: 'Administration' },
  { code: 'sector', sv: 'Sektor', en: 'Sector' },
  { code: 'unit', sv: 'Enhet', en: 'Unit' },
];

function UnitForm({ unit, units, fns, onDone }: { unit: Unit | null; units: Unit[]; fns: Fn[]; onDone(): void }) {
  const { L, lang } = useLang();
  const announce = useAnnounce();
  const [name, setName] = useState(unit?.name ?? '');
  const [kind, setKind] = useState<Unit['kind']>(unit?.kind ?? 'unit');
  const [parentId, setParentId] = useState(unit?.parentId ?? '');
  const [reception, setReception] = useState(unit?.receptionFunctionId ?? '');
  const { error, run } = useAction();
  const errors = fieldErrors(error, lang);
  const h = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name: name.trim(), kind, parentId: parentId || null, receptionFunctionId: reception || null };
    await run(async () => {
      if (unit) await patch(`/api/units/${unit.id}`, body);
      else await post('/api/units', body);
      invalidateDirectory('unit');
      announce(L(`${body.name} är sparad.`, `${body.name} is saved.`));
      onDone();
    });
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby={h} noValidate>
      <FocusHeading id={h}>{unit ? L(`Ändra ${unit.name}`, `Edit ${unit.name}`) : L('Ny enhet', 'New unit')}</FocusHeading>
      <ErrorBox error={error} />
      <Field label={L('Namn', 'Name')} value={name} required error={errors.name} onChange={(e) => setName(e.target.value)} />
      <div className="row">
        <Select label={L('Typ', 'Kind')} value={kind} onChange={(e) => setKind(e.target.value as Unit['kind'])}>
          {KINDS.map((k) => <option key={k.code} value={k.code}>{lang === 'sv' ? k.sv : k.en}</option>)}
        </Select>
        <Select label={L('Ligger under', 'Part of')} value={parentId} error={errors.parentId} onChange={(e) => setParentId(e.target.value)}>
          <option value="">{L('(högst upp)', '(top level)')}</option>
          {unitOptions(units).filter((u) => u.id !== unit?.id).map((u) => <option key={u.id} value={u.id}>{u.label}</option>)}
        </Select>
      </div>
      <Select label={L('Expedition (P-DIV-10)', 'Reception (P-DIV-10)')} value={reception} error={errors.receptionFunctionId}
        hint={L('Funktionen som tar samtal när någon på enheten har semester eller är ledig.', 'The function that takes calls while someone of the unit is on vacation or leave.')}
        onChange={(e) => setReception(e.target.value)}>
        <option value="">{L('(ingen)', '(none)')}</option>
        {fns.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
      </Select>
      <div className="actions">
        <button type="submit">{L('Spara', 'Save')}</button>
        <button type="button" className="secondary" onClick={onDone}>{L('Avbryt', 'Cancel')}</button>
      </div>
    </form>
  );
}

export function AdminUnitsPage() {
  const { L, lang } = useLang();
  const data = useLoad(async () => ({ units: await loadUnits(), fns: await loadFunctions() }), []);
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  useLive(['directory.changed'], () => data.reload(), () => data.reload());
  const d = data.data;
  const byId = new Map((d?.units ?? []).map((u) => [u.id, u]));
  const rows = unitOptions(d?.units ?? []).filter((o) => matchesFilter(filter, byId.get(o.id)?.name, byId.get(o.id)?.kindLabel));
  return (
    <AdminPage title={L('Enheter', 'Units')} newLabel={L('Ny enhet', 'New unit')} onNew={() => setEditing('new')} error={data.error}>
      {editing && d ? <UnitForm key={editing === 'new' ? 'new' : editing.id} unit={editing === 'new' ? null : editing} units={d.units} fns={d.fns} onDone={() => {
        setEditing(null);
        data.reload();
      }} /> : null}
      {!d ? <Loading /> : (
        <section className="card" aria-labelledby="units-h">
          <h2 id="units-h">{L('Organisationen', 'The organisation')}</h2>
          <FilterField label={L('Filtrera', 'Filter')} value={filter} onChange={setFilter} count={L(`${rows.length} enheter`, `${rows.length} units`)} />
          <div className="table-wrap">
            <table>
              <thead><tr>
                <th scope="col">{L('Namn', 'Name')}</th><th scope="col">{L('Typ', 'Kind')}</th><th scope="col">{L('Expedition', 'Reception')}</th>
                <th scope="col"><span className="sr-only">{L('Åtgärder', 'Actions')}</span></th>
              </tr></thead>
              <tbody>
                {rows.map((o) => {
                  const u = byId.get(o.id)!;
                  return (
                    <tr key={u.id}>
                      <th scope="row" style={{ paddingLeft: `${0.5 + o.depth * 1.25}rem` }}>{u.name}</th>
                      <td>{lang === 'sv' ? u.kindLabel : KINDS.find((k) => k.code === u.kind)?.en}</td>
                      <td>{d.fns.find((f) => f.id === u.receptionFunctionId)?.name ?? ''}</td>
                      <td><button type="button" className="secondary" onClick={() => setEditing(u)}>{L('Ändra', 'Edit')}<span className="sr-only"> {u.name}</span></button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </AdminPage>
  );
}
