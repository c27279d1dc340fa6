// Finding where the caller should go: type-ahead over the directory (people by name, unit,
// title, matter such as "bygglov" or extension, and functions) with presence, the return
// time (P-SWB-4) and the next planned absence; the chosen person's colleagues in the same
// function (P-SWB-3); and the municipality's information snippets (P-SWB-9).
//
// The search field is a combobox: arrow keys move through the hits without leaving the
// field, so the operator types, picks with the arrows and acts with a function key.
import { forwardRef, memo, useEffect, useId, useState } from 'react';
import { get } from '../../api/client.js';
import { useLang } from '../../app/lang.js';
import { useLive, useNow } from '../../app/hooks.js';
import { useDirectorySearch } from '../../app/directory-search.js';
import { useSession } from '../../app/session.js';
import { ErrorBox } from '../../app/ui.js';
import { nextText, presenceText, reasonLabel } from '../../logic/presence.js';
import { whenText } from '../../logic/time.js';
import { foundText } from '../../logic/lang.js';
import { ariaKeys, Kbd } from './keys.js';

export type Selected =
  | { kind: 'person'; id: string; name: string; extension: string | null; available: boolean }
  | { kind: 'function'; id: string; name: string; extension: string | null };

interface Hit {
  key: string;
  selected: Selected;
}

// Memoised: queue events redraw the console several times a second; the search need not follow.
export const DirectorySearch = memo(forwardRef<HTMLInputElement, {
  query: string;
  onQuery(q: string): void;
  selected: Selected | null;
  onSelect(s: Selected | null): void;
  onThePhone: ReadonlySet<string>;
}>(function DirectorySearch({ query, onQuery, selected, onSelect, onThePhone }, inputRef) {
  const { L, lang } = useLang();
  const { reasons } = useSession();
  const now = useNow();
  const { result, presence, error } = useDirectorySearch(query, { limit: 12, debounceMs: 120 });
  const id = useId();

  const hits: Hit[] = [
    ...(result?.people ?? []).map(({ person: p }): Hit => ({
      key: `p:${p.id}`,
      selected: { kind: 'person', id: p.id, name: p.name, extension: p.extension, available: presence[p.id]?.available ?? true },
    })),
    ...(result?.functions ?? []).map(({ function: f }): Hit => ({ key: `f:${f.id}`, selected: { kind: 'function', id: f.id, name: f.name, extension: f.extension } })),
  ];
  const index = selected ? hits.findIndex((h) => h.selected.kind === selected.kind && h.selected.id === selected.id) : -1;
  // Presence of the chosen person follows live events too.
  useEffect(() => {
    if (selected?.kind !== 'person') return;
    const v = presence[selected.id];
    if (v && v.available !== selected.available) onSelect({ ...selected, available: v.available });
  }, [presence, selected, onSelect]);

  const move = (delta: number) => {
    if (hits.length === 0) return;
    const next = index < 0 ? (delta > 0 ? 0 : hits.length - 1) : (index + delta + hits.length) % hits.length;
    onSelect(hits[next]!.selected);
    document.getElementById(`${id}-${hits[next]!.key}`)?.scrollIntoView({ block: 'nearest' });
  };

  const optionId = (h: Hit) => `${id}-${h.key}`;
  const open = hits.length > 0;
  return (
    <section className="card search" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{L('Sök', 'Search')}</h2>
      <div role="search">
        <label htmlFor={`${id}-q`} className="field-label">
          {L('Person, funktion, ärende eller anknytning', 'Person, function, matter or extension')} <Kbd k="search" />
        </label>
        <input
          id={`${id}-q`} ref={inputRef} type="text" className="wide" value={query} autoComplete="off" spellCheck={false}
          role="combobox" aria-expanded={open} aria-controls={`${id}-list`} aria-autocomplete="list" aria-keyshortcuts={ariaKeys('search')}
          aria-activedescendant={index >= 0 ? optionId(hits[index]!) : undefined} aria-describedby={`${id}-n`}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              move(e.key === 'ArrowDown' ? 1 : -1);
            }
          }}
        />
        <p id={`${id}-n`} className="hint" aria-live="polite">
          {result
            ? `${foundText(lang, result.people.length, result.functions.length)}. ${L('Pilarna väljer.', 'The arrows choose.')}`
            : L('Till exempel "bygglov" eller "anna b".', 'For example "bygglov" or "anna b".')}
        </p>
      </div>
      <ErrorBox error={error} />
      <ul id={`${id}-list`} role="listbox" aria-label={L('Träffar', 'Results')} className="hits">
        {(result?.people ?? []).map(({ person: p }) => {
          const v = presence[p.id];
          const next = v ? nextText(v, reasons, now, lang) : null;
          const h = hits.find((x) => x.key === `p:${p.id}`)!;
          const isSel = selected?.kind === 'person' && selected.id === p.id;
          return (
            <li key={h.key} id={optionId(h)} role="option" aria-selected={isSel} className={isSel ? 'hit chosen' : 'hit'} data-person={p.id} onClick={() => onSelect(h.selected)}>
              <div className="hit-name"><strong>{p.name}</strong>{p.title ? ` · ${p.title}` : ''}{p.unit ? <span className="muted"> · {p.unit.name}</span> : null}</div>
              <div className="muted">{p.extension ? `${L('ankn.', 'ext.')} ${p.extension}` : ''}{p.functions.length > 0 ? ` · ${p.functions.map((f) => f.name).join(', ')}` : ''}</div>
              {v ? (
                <div className={`presence ${v.available ? 'available' : 'absent'}`} data-testid="presence">
                  {presenceText(v, reasons, now, lang)}
                  {onThePhone.has(p.id) ? <span className="on-phone"> · {L('I samtal', 'On the phone')}</span> : null}
                </div>
              ) : null}
              {next ? <div className="muted" data-testid="next">{next}</div> : null}
            </li>
          );
        })}
        {(result?.functions ?? []).map((f) => {
          const h = hits.find((x) => x.key === `f:${f.function.id}`)!;
          const isSel = selected?.kind === 'function' && selected.id === f.function.id;
          const free = f.members.filter((m) => m.available && !onThePhone.has(m.id)).length;
          return (
            <li key={h.key} id={optionId(h)} role="option" aria-selected={isSel} className={isSel ? 'hit chosen' : 'hit'} data-function={f.function.id} onClick={() => onSelect(h.selected)}>
              <div className="hit-name"><strong>{f.function.name}</strong> <span className="muted">({L('funktion', 'function')})</span></div>
              <div className="muted">{f.function.extension ? `${L('ankn.', 'ext.')} ${f.function.extension} · ` : ''}{L(`${free} av ${f.members.length} lediga`, `${free} of ${f.members.length} free`)}</div>
            </li>
          );
        })}
      </ul>
      {/* The time of the return, once more in words, for the chosen person (P-SWB-4). */}
      {selected?.kind === 'person' && presence[selected.id] && !presence[selected.id]!.available ? (
        <p className="notice notice-warn" data-testid="selected-presence">
          {selected.name}: {reasonLabel(reasons, presence[selected.id]!.reason, lang)}
          {presence[selected.id]!.returnsAt ? ` – ${L('åter', 'back')} ${whenText(presence[selected.id]!.returnsAt!, now, lang)}` : ''}
        </p>
      ) : null}
    </section>
  );
}));

interface ColleaguesOut {
  functions: { id: string; name: string; members: { id: string; name: string; extension: string | null; available: boolean; reason: string | null; returnsAt: string | null; onThePhone: boolean }[] }[];
}

/** P-SWB-3: the chosen person's colleagues in their functions, free ones first; one click chooses one. */
export function Colleagues({ person, onSelect }: { person: { id: string; name: string }; onSelect(s: Selected): void }) {
  const { L, lang } = useLang();
  const { reasons } = useSession();
  const now = useNow();
  const [data, setData] = useState<ColleaguesOut | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    get<ColleaguesOut>(`/api/switchboard/colleagues/${person.id}`, ctrl.signal).then(setData, (e: unknown) => !ctrl.signal.aborted && setError(e));
    return () => ctrl.abort();
  }, [person.id, generation]);
  useLive(['presence.changed', 'call.started', 'call.ended'], () => setGeneration((g) => g + 1), () => setGeneration((g) => g + 1));
  const fns = data?.functions.filter((f) => f.members.length > 0) ?? [];
  return (
    <section className="card colleagues" aria-labelledby="colleagues-h">
      <h2 id="colleagues-h">{L(`Kollegor till ${person.name}`, `Colleagues of ${person.name}`)}</h2>
      <ErrorBox error={error} />
      {data && fns.length === 0 ? <p className="muted">{L('Ingen funktion med andra medlemmar.', 'No function with other members.')}</p> : null}
      {fns.map((f) => (
        <div key={f.id}>
          <h3>{f.name}</h3>
          <ul className="colleague-list">
            {f.members.map((m) => (
              <li key={m.id} data-person={m.id}>
                <button type="button" className="link-button" onClick={() => onSelect({ kind: 'person', id: m.id, name: m.name, extension: m.extension, available: m.available })}>
                  {m.name}{m.extension ? ` (${m.extension})` : ''}
                </button>{' '}
                <span className={`presence ${m.available && !m.onThePhone ? 'available' : 'absent'}`}>
                  {!m.available
                    ? `${reasonLabel(reasons, m.reason ?? undefined, lang)}${m.returnsAt ? ` – ${L('åter', 'back')} ${whenText(m.returnsAt, now, lang)}` : ''}`
                    : m.onThePhone ? L('I samtal', 'On the phone') : L('Ledig', 'Free')}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

interface Snippet {
  id: string;
  title: string;
  body: string;
  keywords: string[];
}

/** P-SWB-9: what the switchboard tells callers about the municipality, found with the same words. */
export function Snippets({ query }: { query: string }) {
  const { L } = useLang();
  const [items, setItems] = useState<Snippet[]>([]);
  useEffect(() => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      get<Snippet[]>(`/api/switchboard/snippets?q=${encodeURIComponent(query.trim())}`, ctrl.signal).then((s) => setItems(s.slice(0, 6)), () => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [query]);
  return (
    <section className="card snippets" aria-labelledby="snippets-h">
      <h2 id="snippets-h">{L('Information', 'Information')}</h2>
      {items.length === 0 ? <p className="muted">{L('Ingen information matchar.', 'No information matches.')}</p> : (
        <ul className="snippet-list">
          {items.map((s) => (
            <li key={s.id}>
              <details>
                <summary>{s.title}</summary>
                <p>{s.body}</p>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
