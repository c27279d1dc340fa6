// The internal phone book (P-SWB-12) with live presence: every hit shows the reason and the
// return time (P-SWB-4), and function hits list who is free first (P-SWB-3). From a hit one
// can leave a message (P-SWB-5) and, where the role allows, divert the person (operators
// P-DIV-7, managers for their staff P-DIV-8; the server decides and audits).
import { useId, useState } from 'react';
import { useLang } from '../app/lang.js';
import { useNow } from '../app/hooks.js';
import { useDirectorySearch } from '../app/directory-search.js';
import { useSession } from '../app/session.js';
import { ErrorBox, Page } from '../app/ui.js';
import { DivertPanel } from '../app/divert.js';
import { MessageForm } from '../app/message-form.js';
import { nextText, presenceText } from '../logic/presence.js';
import { whenText } from '../logic/time.js';
import { foundText } from '../logic/lang.js';

export function DirectoryPage() {
  const { L, lang } = useLang();
  const { reasons, role, personId: me } = useSession();
  const now = useNow();
  const [query, setQuery] = useState('');
  const { result, presence, error } = useDirectorySearch(query, { limit: 20, debounceMs: 150 });
  const [open, setOpen] = useState<{ id: string; what: 'message' | 'divert' } | null>(null);
  const searchId = useId();

  const mayDivert = role !== 'employee';
  return (
    <Page title={L('Katalog', 'Directory')}>
      <div role="search">
        <label htmlFor={searchId} className="field-label">{L('Sök person, funktion, ärende eller anknytning', 'Search for a person, function, matter or extension')}</label>
        <input id={searchId} type="search" value={query} autoComplete="off" onChange={(e) => setQuery(e.target.value)} aria-describedby={`${searchId}-n`} className="wide" />
        <p id={`${searchId}-n`} className="hint" aria-live="polite">
          {result ? foundText(lang, result.people.length, result.functions.length) : L('Till exempel "bygglov" eller "anna b".', 'For example "bygglov" or "anna b".')}
        </p>
      </div>
      <ErrorBox error={error} />
      {result && result.functions.length > 0 ? (
        <section aria-labelledby={`${searchId}-f`} className="card">
          <h2 id={`${searchId}-f`}>{L('Funktioner', 'Functions')}</h2>
          <ul className="results">
            {result.functions.map((f) => (
              <li key={f.function.id}>
                <strong>{f.function.name}</strong>
                {f.function.extension ? <span> · {L('ankn.', 'ext.')} {f.function.extension}</span> : null}
                {f.function.directNumberDisplay ? <span> · {f.function.directNumberDisplay}</span> : null}
                <ul>
                  {f.members.map((m) => (
                    <li key={m.id}>
                      {m.name}{m.extension ? ` (${m.extension})` : ''}:{' '}
                      <span className={`presence ${m.available ? 'available' : 'absent'}`}>
                        {m.available ? L('Tillgänglig', 'Available') : `${L('åter', 'back')} ${m.returnsAt ? whenText(m.returnsAt, now, lang) : '–'}`}
                      </span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result && result.people.length > 0 ? (
        <section aria-labelledby={`${searchId}-p`} className="card">
          <h2 id={`${searchId}-p`}>{L('Personer', 'People')}</h2>
          <ul className="results">
            {result.people.map(({ person: p }) => {
              const v = presence[p.id];
              const next = v ? nextText(v, reasons, now, lang) : null;
              return (
                <li key={p.id} data-person={p.id}>
                  <div className="person-line">
                    <div>
                      <strong>{p.name}</strong>
                      {p.title ? <span> · {p.title}</span> : null}
                      {p.unit ? <span className="muted"> · {p.unit.name}</span> : null}
                      <div>{p.numbers.map((n) => n.display).join(' · ')}{p.email ? <> · <a href={`mailto:${p.email}`}>{p.email}</a></> : null}</div>
                      {v ? <div className={`presence ${v.available ? 'available' : 'absent'}`} data-testid="presence">{presenceText(v, reasons, now, lang)}</div> : null}
                      {next ? <div className="muted">{next}</div> : null}
                    </div>
                    <div className="actions">
                      <button type="button" className="secondary" aria-expanded={open?.id === p.id && open.what === 'message'}
                        onClick={() => setOpen(open?.id === p.id && open.what === 'message' ? null : { id: p.id, what: 'message' })}>
                        {L('Lämna meddelande', 'Leave a message')}<span className="sr-only"> {L('till', 'for')} {p.name}</span>
                      </button>
                      {mayDivert && p.id !== me ? (
                        <button type="button" className="secondary" aria-expanded={open?.id === p.id && open.what === 'divert'}
                          onClick={() => setOpen(open?.id === p.id && open.what === 'divert' ? null : { id: p.id, what: 'divert' })}>
                          {L('Hänvisa', 'Divert')}<span className="sr-only"> {p.name}</span>
                        </button>
                      ) : null}
                    </div>
                  </div>
                  {open?.id === p.id && open.what === 'message' ? <div className="panel"><MessageForm personId={p.id} personName={p.name} onDone={() => setOpen(null)} /></div> : null}
                  {open?.id === p.id && open.what === 'divert' ? (
                    <div className="panel">
                      <DivertPanel personId={p.id} personName={p.name} absentNow={v ? !v.available : false} onDone={() => setOpen(null)} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}
