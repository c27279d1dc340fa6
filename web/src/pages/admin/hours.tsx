// Hours (admin): the switchboard's opening hours (P-SWB-8, P-SWB-6: the answering machine
// runs outside them) or the working hours that call-back deadlines and "Gått för dagen"
// count with (P-CB-1); half days, the three eves, and exceptions on given dates. The year
// view shows every holiday, eve, half day and exception as the server applies them; while
// editing, the same core computes a preview of the unsaved hours.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { get } from '../../api/client.js';
import type { HoursDay, HoursNow, HoursSettings } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLoad, useNow, useAction } from '../../app/hooks.js';
import { useSession } from '../../app/session.js';
import { Checkbox, ErrorBox, Field, Loading, Notice, Section, Select, useAnnounce } from '../../app/ui.js';
import { saveProfile } from '../../app/profile-save.js';
import { formatIntervals, parseIntervals } from '../../logic/hours-text.js';
import { monthName, weekdayName } from '../../logic/time.js';
import { HALF_DAY_KINDS, HALF_DAY_LABELS, type HalfDayKind } from '../../../../src/core/calendar/index.js';
import { yearView } from '../../../../src/core/hours/index.js';
import { stockholmDate } from '../../../../src/core/time.js';
import { AdminPage } from './layout.js';

type Which = 'switchboardHours' | 'workingHours';
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Draft {
  weekly: Record<number, string>;
  halfDayKinds: HalfDayKind[];
  halfDayHours: string;
  closedOnSundayLikeEves: boolean;
  exceptions: { date: string; hours: string; note: string }[];
}

function draftOf(h: HoursSettings): Draft {
  return {
    weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, formatIntervals(h.weekly[d] ?? [])])),
    halfDayKinds: [...h.halfDays.kinds],
    halfDayHours: formatIntervals(h.halfDays.intervals),
    closedOnSundayLikeEves: h.closedOnSundayLikeEves,
    exceptions: h.exceptions.map((e) => ({ date: e.date, hours: formatIntervals(e.intervals), note: e.note ?? '' })),
  };
}

/** The settings a draft describes, or the fields whose hours cannot be read. */
function settingsOf(d: Draft): { settings: HoursSettings; bad: Record<string, string> } {
  const bad: Record<string, string> = {};
  const read = (key: string, text: string) => {
    const r = parseIntervals(text);
    if (!r.ok) {
      bad[key] = r.part;
      return [];
    }
    return r.intervals;
  };
  const weekly: HoursSettings['weekly'] = {};
  for (const day of WEEKDAYS) {
    const iv = read(`weekly.${day}`, d.weekly[day] ?? '');
    if (iv.length > 0) weekly[day] = iv;
  }
  return {
    settings: {
      weekly,
      halfDays: { kinds: d.halfDayKinds, intervals: read('halfDays', d.halfDayHours) },
      closedOnSundayLikeEves: d.closedOnSundayLikeEves,
      exceptions: d.exceptions
        .map((e, i) => ({ date: e.date, intervals: read(`exceptions.${i}`, e.hours), ...(e.note.trim() ? { note: e.note.trim() } : {}) }))
        .sort((a, b) => a.date.localeCompare(b.date)),
    },
    bad,
  };
}

const KIND_TEXT: Record<string, [string, string]> = {
  holiday: ['Helgdag', 'Holiday'],
  eve: ['Helgafton', 'Eve'],
  'half-day': ['Halvdag', 'Half day'],
  exception: ['Avvikande', 'Exception'],
  regular: ['Vanlig dag', 'Regular day'],
};

function YearView({ days, year }: { days: HoursDay[]; year: number }) {
  const { L, lang } = useLang();
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  return (
    <div className="year">
      {months.map((m) => {
        const list = days.filter((d) => Number(d.date.slice(5, 7)) === m);
        return (
          <div key={m}>
            <h3>{monthName(m, lang)} {year}</h3>
            {list.length === 0 ? <p className="muted">{L('Inga avvikelser.', 'Nothing special.')}</p> : (
              <ul>
                {list.map((d) => (
                  <li key={d.date}>
                    <strong>{Number(d.date.slice(8, 10))}</strong> {weekdayName(d.weekday, lang)}{' '}
                    <span className={`kind kind-${d.kind}`}>{(KIND_TEXT[d.kind] ?? [d.kind, d.kind])[lang === 'sv' ? 0 : 1]}</span>{' '}
                    {d.intervals.length === 0 ? L('stängt', 'closed') : formatIntervals(d.intervals)}
                    {d.note ? <div className="muted">{d.note}</div> : null}
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </div>
  );
}

export function AdminHoursPage() {
  const { L, lang } = useLang();
  const { profile, reloadProfile } = useSession();
  const announce = useAnnounce();
  const now = useNow();
  const [which, setWhich] = useState<Which>('switchboardHours');
  const [draft, setDraft] = useState<Draft>(() => draftOf(profile[which]));
  const { error, run } = useAction();
  const [year, setYear] = useState(() => stockholmDate(now).year);
  const [newException, setNewException] = useState({ date: '', hours: '', note: '' });
  const status = useLoad((s) => get<HoursNow>(`/api/hours?lang=${lang}`, s), [profile, lang]);
  const saved = useLoad((s) => get<HoursDay[]>(`/api/hours/year/${year}?lang=${lang}`, s), [year, lang, profile]);

  useEffect(() => setDraft(draftOf(profile[which])), [which, profile]);

  const { settings, bad } = useMemo(() => settingsOf(draft), [draft]);
  const dirty = JSON.stringify(settingsOf(draftOf(profile[which])).settings) !== JSON.stringify(settings);
  const preview = useMemo(() => (dirty && Object.keys(bad).length === 0 ? yearView(year, settings, lang).filter((d) => d.kind !== 'regular') : null), [dirty, bad, year, settings, lang]);
  const badText = (key: string) => (bad[key] ? L(`Kan inte läsa "${bad[key]}": skriv till exempel 08:00-12:00, 13:00-16:00.`, `Cannot read "${bad[key]}": write for example 08:00-12:00, 13:00-16:00.`) : undefined);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(bad).length > 0) return;
    await run(async () => {
      await saveProfile((p) => ({ ...p, [which]: settings }));
      await reloadProfile();
      announce(L('Öppettiderna är sparade.', 'The hours are saved.'));
    });
  };
  const addException = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(newException.date)) return;
    setDraft((d) => ({ ...d, exceptions: [...d.exceptions.filter((x) => x.date !== newException.date), { ...newException }] }));
    setNewException({ date: '', hours: '', note: '' });
  };

  return (
    <AdminPage title={L('Öppettider', 'Hours')}>
      {status.data ? <Notice>{status.data.name}: {status.data.status}</Notice> : null}
      <form onSubmit={(e) => void save(e)} noValidate>
        <Section title={L('Veckoschema', 'Weekly hours')}>
          <Select label={L('Vilka tider', 'Which hours')} value={which} onChange={(e) => setWhich(e.target.value as Which)}
            hint={which === 'switchboardHours' ? L('När växeln svarar; annars svarar den centrala telefonsvararen (P-SWB-6, P-SWB-8).', 'When the switchboard answers; otherwise the central answering machine does (P-SWB-6, P-SWB-8).')
              : L('Arbetstid: två arbetsdagars återkoppling och "Gått för dagen" räknas med den (P-CB-1).', 'Working hours: the two-working-day call-back and "Gone for the day" count with them (P-CB-1).')}>
            <option value="switchboardHours">{L('Växelns öppettider', 'Switchboard opening hours')}</option>
            <option value="workingHours">{L('Arbetstid', 'Working hours')}</option>
          </Select>
          <p className="hint">{L('Skriv tiderna som 08:00-12:00, 13:00-16:00 (lunchstängt mellan). Tomt = stängt.', 'Write the hours as 08:00-12:00, 13:00-16:00 (closed for lunch between). Empty = closed.')}</p>
          {WEEKDAYS.map((d) => (
            <Field key={d} label={weekdayName(d, lang).replace(/^./, (c) => c.toUpperCase())} value={draft.weekly[d] ?? ''} error={badText(`weekly.${d}`)}
              onChange={(e) => setDraft((x) => ({ ...x, weekly: { ...x.weekly, [d]: e.target.value } }))} />
          ))}
        </Section>
        <Section title={L('Halvdagar och helgaftnar', 'Half days and eves')}>
          <fieldset>
            <legend>{L('Dagar med halvdagstider', 'Days with half-day hours')}</legend>
            {HALF_DAY_KINDS.map((k) => (
              <label key={k} className="choice">
                <input type="checkbox" checked={draft.halfDayKinds.includes(k)}
                  onChange={(e) => setDraft((x) => ({ ...x, halfDayKinds: e.target.checked ? [...x.halfDayKinds, k] : x.halfDayKinds.filter((y) => y !== k) }))} />
                {HALF_DAY_LABELS[k][lang]}
              </label>
            ))}
          </fieldset>
          <Field label={L('Tider på halvdagar', 'Hours on half days')} value={draft.halfDayHours} error={badText('halfDays')}
            onChange={(e) => setDraft((x) => ({ ...x, halfDayHours: e.target.value }))} />
          <Checkbox label={L('Stängt midsommarafton, julafton och nyårsafton', 'Closed on Midsummer Eve, Christmas Eve and New Year\'s Eve')}
            hint={L('Annars gäller halvdagstiderna de dagarna.', 'Otherwise the half-day hours apply on those days.')}
            checked={draft.closedOnSundayLikeEves} onChange={(e) => setDraft((x) => ({ ...x, closedOnSundayLikeEves: e.target.checked }))} />
        </Section>
        <Section title={L('Avvikande dagar', 'Exceptions')}>
          {draft.exceptions.length === 0 ? <p>{L('Inga avvikande dagar.', 'No exceptions.')}</p> : (
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">{L('Datum', 'Date')}</th><th scope="col">{L('Öppet', 'Open')}</th><th scope="col">{L('Notering', 'Note')}</th><th scope="col"><span className="sr-only">{L('Åtgärder', 'Actions')}</span></th></tr></thead>
                <tbody>
                  {draft.exceptions.map((x, i) => (
                    <tr key={x.date}>
                      <th scope="row">{x.date}</th>
                      <td>{x.hours || L('Stängt', 'Closed')}{bad[`exceptions.${i}`] ? <span className="field-error"> {badText(`exceptions.${i}`)}</span> : null}</td>
                      <td>{x.note}</td>
                      <td><button type="button" className="secondary" onClick={() => setDraft((d) => ({ ...d, exceptions: d.exceptions.filter((y) => y.date !== x.date) }))}>
                        {L('Ta bort', 'Remove')}<span className="sr-only"> {x.date}</span></button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <fieldset>
            <legend>{L('Lägg till en avvikande dag', 'Add an exception')}</legend>
            <div className="row">
              <Field label={L('Datum', 'Date')} type="date" value={newException.date} onChange={(e) => setNewException((x) => ({ ...x, date: e.target.value }))} />
              <Field label={L('Öppet (tomt = stängt)', 'Open (empty = closed)')} value={newException.hours} onChange={(e) => setNewException((x) => ({ ...x, hours: e.target.value }))} />
              <Field label={L('Notering', 'Note')} value={newException.note} maxLength={200} hint={L('Till exempel Klämdag.', 'For example a bridge day.')}
                onChange={(e) => setNewException((x) => ({ ...x, note: e.target.value }))} />
            </div>
            <button type="button" className="secondary" onClick={addException} disabled={!newException.date}>{L('Lägg till', 'Add')}</button>
          </fieldset>
        </Section>
        <ErrorBox error={error} />
        <div className="actions">
          <button type="submit" disabled={!dirty || Object.keys(bad).length > 0}>{L('Spara öppettiderna', 'Save the hours')}</button>
          {dirty ? <span className="muted">{L('Ändringar som inte är sparade.', 'Unsaved changes.')}</span> : null}
        </div>
      </form>
      <Section title={L('Året: helgdagar, halvdagar och avvikelser', 'The year: holidays, half days and exceptions')}>
        <div className="row">
          <Select label={L('År', 'Year')} value={String(year)} onChange={(e) => setYear(Number(e.target.value))}>
            {[-1, 0, 1, 2].map((o) => stockholmDate(now).year + o).map((y) => <option key={y} value={y}>{y}</option>)}
          </Select>
        </div>
        {preview ? <Notice tone="warn">{L('Förhandsvisning av tiderna som inte är sparade.', 'Preview of the unsaved hours.')}</Notice> : null}
        {which === 'workingHours' && !preview ? <p className="hint">{L('Året visar växelns öppettider.', 'The year shows the switchboard\'s hours.')}</p> : null}
        <ErrorBox error={saved.error} />
        {preview ? <YearView days={preview} year={year} /> : saved.data ? <YearView days={saved.data} year={year} /> : <Loading />}
      </Section>
    </AdminPage>
  );
}
