// Where calls go during an absence: voicemail (the default), the unit's reception (P-DIV-10),
// the switchboard, a colleague, a function, or an internal number. External numbers are
// refused by the server (P-COST-1); the hint says so before anyone tries.
import { useEffect, useId, useState } from 'react';
import { get } from '../api/client.js';
import type { DiversionTarget, Fn, SearchResult } from '../api/types.js';
import { useLang } from './lang.js';
import { loadFunctions } from './directory.js';
import { Field, Select } from './ui.js';

type Kind = DiversionTarget['kind'];

export function TargetPicker({ value, onChange, excludePersonId }: { value: DiversionTarget; onChange(t: DiversionTarget): void; excludePersonId?: string }) {
  const { L } = useLang();
  const [fns, setFns] = useState<Fn[]>([]);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchResult['people']>([]);
  const groupId = useId();

  useEffect(() => {
    if (value.kind === 'function') void loadFunctions().then(setFns, () => setFns([]));
  }, [value.kind]);

  useEffect(() => {
    if (value.kind !== 'person' || query.trim().length < 2) {
      setHits([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      get<SearchResult>(`/api/search?limit=6&q=${encodeURIComponent(query.trim())}`, ctrl.signal).then(
        (r) => setHits(r.people.filter((h) => h.person.id !== excludePersonId)),
        () => undefined,
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [query, value.kind, excludePersonId]);

  const setKind = (k: Kind) => {
    if (k === 'person') onChange({ kind: 'person', personId: '' });
    else if (k === 'function') onChange({ kind: 'function', functionId: '' });
    else if (k === 'number') onChange({ kind: 'number', number: '' });
    else onChange({ kind: k });
  };

  return (
    <div className="target-picker">
      <Select label={L('Samtal går till', 'Calls go to')} value={value.kind} onChange={(e) => setKind(e.target.value as Kind)}>
        <option value="voicemail">{L('Röstbrevlådan', 'Voicemail')}</option>
        <option value="reception">{L('Expeditionen (enhetens reception)', 'The reception of my unit')}</option>
        <option value="switchboard">{L('Växeln', 'The switchboard')}</option>
        <option value="person">{L('En kollega', 'A colleague')}</option>
        <option value="function">{L('En funktion', 'A function')}</option>
        <option value="number">{L('Ett internt nummer', 'An internal number')}</option>
      </Select>
      {value.kind === 'person' ? (
        <div>
          <Field label={L('Sök kollega', 'Find a colleague')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
          {hits.length > 0 ? (
            <fieldset className="choices" aria-describedby={`${groupId}-n`}>
              <legend>{L('Välj kollega', 'Choose a colleague')}</legend>
              <p id={`${groupId}-n`} className="sr-only">{L(`${hits.length} träffar`, `${hits.length} results`)}</p>
              {hits.map((h) => (
                <label key={h.person.id} className="choice">
                  <input type="radio" name={groupId} checked={value.personId === h.person.id} onChange={() => onChange({ kind: 'person', personId: h.person.id })} />
                  {h.person.name}
                  {h.person.unit ? <span className="muted"> – {h.person.unit.name}</span> : null}
                </label>
              ))}
            </fieldset>
          ) : null}
        </div>
      ) : null}
      {value.kind === 'function' ? (
        <Select label={L('Funktion', 'Function')} value={value.functionId} onChange={(e) => onChange({ kind: 'function', functionId: e.target.value })}>
          <option value="">{L('Välj…', 'Choose…')}</option>
          {fns.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
        </Select>
      ) : null}
      {value.kind === 'number' ? (
        <Field
          label={L('Internt nummer', 'Internal number')} inputMode="tel" value={value.number}
          hint={L('Bara interna nummer: vidarekoppling till externa nummer kostar pengar (P-COST-1).', 'Internal numbers only: forwarding to external numbers costs money (P-COST-1).')}
          onChange={(e) => onChange({ kind: 'number', number: e.target.value })}
        />
      ) : null}
    </div>
  );
}

/** The target a reason suggests (P-DIV-10: vacation and leave go to the reception). */
export function defaultTargetFor(reason: { defaultTarget?: 'voicemail' | 'reception' | 'switchboard' } | undefined): DiversionTarget {
  return { kind: reason?.defaultTarget ?? 'voicemail' };
}

/** A picker's value is complete enough to send. */
export function targetReady(t: DiversionTarget): boolean {
  if (t.kind === 'person') return t.personId !== '';
  if (t.kind === 'function') return t.functionId !== '';
  if (t.kind === 'number') return t.number.trim() !== '';
  return true;
}
