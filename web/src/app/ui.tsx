// Building blocks with accessibility built in: every field has a label and its hint and
// error tied to it, errors are announced, each page has one h1 that receives focus when the
// page changes (so a screen reader hears where it is), and messages about what just happened
// go to one polite live region.
import {
  createContext, useContext, useEffect, useId, useRef, useState,
  type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes,
} from 'react';
import { ApiError } from '../api/client.js';
import type { Problem } from '../api/types.js';
import { useLang } from './lang.js';

// ---- announcements ------------------------------------------------------------------------

const AnnounceContext = createContext<(text: string) => void>(() => {});

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [text, setText] = useState('');
  const [seq, setSeq] = useState(0);
  const announce = (t: string) => {
    setText(t);
    setSeq((s) => s + 1);
  };
  // The message stays long enough to be read (WCAG 2.2.1 asks for no hurry), then goes.
  useEffect(() => {
    if (!text) return;
    const id = setTimeout(() => setText(''), 8000);
    return () => clearTimeout(id);
  }, [text, seq]);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="toast" role="status" aria-live="polite" aria-atomic="true" data-seq={seq}>
        {text}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce() {
  return useContext(AnnounceContext);
}

// ---- pages --------------------------------------------------------------------------------

/** The first page after loading the app keeps the browser's focus (the skip link comes first). */
let firstPage = true;

export function Page({ title, intro, children, actions }: { title: string; intro?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Öppen Växel`;
    if (firstPage) {
      firstPage = false;
      return;
    }
    // After moving to another page the focus goes to its heading, so that keyboard and
    // screen-reader users start where the new content starts (WCAG 2.4.3).
    if (document.activeElement === document.body || document.activeElement?.closest('nav')) h1.current?.focus();
  }, [title]);
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={h1}>{title}</h1>
        {actions}
      </div>
      {intro ? <p className="intro">{intro}</p> : null}
      {children}
    </>
  );
}

export function Section({ title, children, id, level = 2 }: { title: string; children: ReactNode; id?: string; level?: 2 | 3 }) {
  const auto = useId();
  const headingId = id ?? auto;
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <section className="card" aria-labelledby={headingId}>
      <H id={headingId}>{title}</H>
      {children}
    </section>
  );
}

/** A heading that takes the focus when it appears (an edit form opened from a list below it). */
export function FocusHeading({ id, children, level = 2 }: { id?: string; children: ReactNode; level?: 2 | 3 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView?.({ block: 'start' });
  }, []);
  const H = level === 2 ? 'h2' : 'h3';
  return <H id={id} ref={ref} tabIndex={-1}>{children}</H>;
}

// ---- errors and notices -----------------------------------------------------------------

export function problemText(p: Problem, lang: 'sv' | 'en'): string {
  return lang === 'sv' ? p.sv : p.en;
}

/** An error from the API: the message, then each problem (with its line for imports). */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  const { lang, L } = useLang();
  if (!error) return null;
  const e = error instanceof ApiError ? error : new ApiError(0, 'client', 'Något gick fel.', error instanceof Error ? error.message : String(error));
  const problems = e.problems.filter((p) => problemText(p, lang) !== (lang === 'sv' ? e.sv : e.en));
  return (
    <div className="error" role="alert">
      <p className="error-title">{title ?? (lang === 'sv' ? e.sv : e.en)}</p>
      {title ? <p>{lang === 'sv' ? e.sv : e.en}</p> : null}
      {problems.length > 0 ? (
        <ul aria-label={L('Problem', 'Problems')}>
          {problems.map((p, i) => (
            <li key={i} data-line={p.line}>
              {problemText(p, lang)}
              {p.rule ? <span className="rule"> ({p.rule})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { what?: string }) {
  const { L } = useLang();
  return <p className="loading" role="status">{what ?? L('Hämtar…', 'Loading…')}</p>;
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'ok' | 'warn' }) {
  return <div className={`notice notice-${tone}`}>{children}</div>;
}

// ---- form fields --------------------------------------------------------------------------

interface FieldBase {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

function describedBy(hintId: string, errorId: string, hint: unknown, error: unknown) {
  return [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
}

export function Field({ label, hint, error, className, ...input }: FieldBase & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? <div className="hint" id={`${id}-hint`}>{hint}</div> : null}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)} {...input} />
      {error ? <div className="field-error" id={`${id}-error`}>{error}</div> : null}
    </div>
  );
}

export function TextArea({ label, hint, error, ...input }: FieldBase & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <div className="hint" id={`${id}-hint`}>{hint}</div> : null}
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)} {...input} />
      {error ? <div className="field-error" id={`${id}-error`}>{error}</div> : null}
    </div>
  );
}

export function Select({ label, hint, error, children, ...input }: FieldBase & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <div className="hint" id={`${id}-hint`}>{hint}</div> : null}
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)} {...input}>
        {children}
      </select>
      {error ? <div className="field-error" id={`${id}-error`}>{error}</div> : null}
    </div>
  );
}

export function Checkbox({ label, hint, ...input }: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="check">
      <input type="checkbox" id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      {hint ? <div className="hint" id={`${id}-hint`}>{hint}</div> : null}
    </div>
  );
}

/** The problems of an error that name a field, by field ("matters.0" counts for "matters"). */
export function fieldErrors(error: unknown, lang: 'sv' | 'en'): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const p of error.problems) {
    if (!p.field) continue;
    const key = p.field.split('.')[0]!;
    out[key] ??= problemText(p, lang);
  }
  return out;
}

/** A search box that narrows a list, with the count of what is shown announced politely. */
export function FilterField({ label, value, onChange, count }: { label: string; value: string; onChange(v: string): void; count: string }) {
  const id = useId();
  return (
    <div className="field filter">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-n`} />
      <div id={`${id}-n`} className="hint" aria-live="polite">{count}</div>
    </div>
  );
}

/** Every word of the filter is found in the text (Swedish case rules). */
export function matchesFilter(filter: string, ...texts: (string | null | undefined)[]): boolean {
  const words = filter.toLocaleLowerCase('sv').split(/\s+/).filter(Boolean);
  const text = texts.filter(Boolean).join(' ').toLocaleLowerCase('sv');
  return words.every((w) => text.includes(w));
}

// ---- text to copy --------------------------------------------------------------------------

export function CopyText({ label, text, rows = 6 }: { label: string; text: string; rows?: number }) {
  const { L } = useLang();
  const announce = useAnnounce();
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      announce(L('Kopierat.', 'Copied.'));
    } catch {
      const el = document.getElementById(id) as HTMLTextAreaElement | null;
      el?.select();
      announce(L('Markerat: kopiera med Ctrl+C.', 'Selected: copy with Ctrl+C.'));
    }
  };
  return (
    <div className="field copy">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} readOnly rows={rows} value={text} />
      <button type="button" className="secondary" onClick={() => void copy()}>
        {L('Kopiera', 'Copy')}
      </button>
    </div>
  );
}
