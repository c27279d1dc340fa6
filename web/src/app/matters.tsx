// Matters ("ärenden"): the keywords the switchboard searches to find the right case officer
// (P-FC-2, P-SWB-9), kept by the person (P-DIV-11) and their manager (P-SWB-11).
import { useId, useState } from 'react';
import { useLang } from './lang.js';

export function MattersEditor({ value, onChange, label }: { value: string[]; onChange(next: string[]): void; label?: string }) {
  const { L } = useLang();
  const [draft, setDraft] = useState('');
  const id = useId();
  const add = () => {
    const words = draft.split(',').map((w) => w.trim()).filter((w) => w && !value.includes(w));
    if (words.length > 0) onChange([...value, ...words]);
    setDraft('');
  };
  return (
    <fieldset className="matters">
      <legend>{label ?? L('Ärenden och nyckelord', 'Matters and keywords')}</legend>
      {value.length === 0 ? <p className="muted">{L('Inga ärenden ännu.', 'No matters yet.')}</p> : (
        <ul className="tags">
          {value.map((m) => (
            <li key={m}>
              <span>{m}</span>
              <button type="button" className="tag-remove" aria-label={L(`Ta bort ${m}`, `Remove ${m}`)} onClick={() => onChange(value.filter((x) => x !== m))}>×</button>
            </li>
          ))}
        </ul>
      )}
      <div className="add-row">
        <label htmlFor={id}>{L('Nytt ärende', 'New matter')}</label>
        <input
          id={id} value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={100}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="secondary" onClick={add}>{L('Lägg till', 'Add')}</button>
      </div>
    </fieldset>
  );
}
