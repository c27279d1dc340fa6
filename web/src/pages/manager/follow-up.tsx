// Follow-up (P-FUP-1, P-FUP-2): call-backs per person and unit (done in time, late, open,
// overdue, median time to call back), and, when call records are in the API, the calls:
// answered within four rings (P-SWB-1), abandoned calls, and calls that reached an absent
// person who had not diverted (P-DIV-1).
import { useEffect, useState } from 'react';
import { get } from '../../api/client.js';
import type { CallbackStats, CallbackSummary, Person, Unit } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { useLoad } from '../../app/hooks.js';
import { useSession } from '../../app/session.js';
import { ErrorBox, Field, Loading, Page, Section } from '../../app/ui.js';
import { SubNav } from '../../app/shell.js';
import { loadPeople, loadUnits } from '../../app/directory.js';
import { TEAM_NAV } from './nav.js';

function hours(ms: number | null, lang: 'sv' | 'en'): string {
  if (ms === null) return '–';
  const h = ms / 3_600_000;
  return `${h.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 })} h`;
}

function StatsTable({ caption, rows, nameOf }: { caption: string; rows: [string, CallbackStats][]; nameOf(id: string): string }) {
  const { L, lang } = useLang();
  if (rows.length === 0) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{L('Namn', 'Name')}</th>
            <th scope="col" className="num">{L('Öppna', 'Open')}</th>
            <th scope="col" className="num">{L('Försenade', 'Overdue')}</th>
            <th scope="col" className="num">{L('Klara i tid', 'Done in time')}</th>
            <th scope="col" className="num">{L('Klara sent', 'Done late')}</th>
            <th scope="col" className="num">{L('Median till återkoppling', 'Median time to call back')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.sort((a, b) => nameOf(a[0]).localeCompare(nameOf(b[0]), 'sv')).map(([id, s]) => (
            <tr key={id}>
              <th scope="row">{nameOf(id)}</th>
              <td className="num">{s.open}</td>
              <td className="num">{s.overdue}</td>
              <td className="num">{s.doneInTime}</td>
              <td className="num">{s.doneLate}</td>
              <td className="num">{hours(s.medianTimeToCallbackMs, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface CallCounts {
  calls: number; answered: number; answeredWithinTarget: number; abandoned: number; voicemail: number;
  unreachableUndiverted: number; unansweredWhileAvailable: number; nobodyAvailable: number;
}
interface CallReport {
  from: string; to: string; targetSeconds: number;
  switchboard?: { total: number; abandoned: number; external: number; internal: number; answerTimes: { answered: number; shareWithinTarget: number | null; p50Seconds: number | null; p90Seconds: number | null } };
  people?: ({ personId: string; name: string } & CallCounts)[];
  units?: ({ unitId: string; name: string } & CallCounts)[];
  functions?: ({ functionId: string; name: string } & CallCounts)[];
}

function CallsReport({ path }: { path: string }) {
  const { L, lang } = useLang();
  const { profile } = useSession();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = [from ? `from=${from}` : '', to ? `to=${to}` : ''].filter(Boolean).join('&');
  const report = useLoad((s) => get<CallReport>(`${path}${query ? `?${query}` : ''}`, s), [path, query]);
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)} %`);
  const r = report.data;
  const countsTable = (caption: string, rows: ({ name: string } & CallCounts)[] | undefined, key: string) =>
    rows && rows.length > 0 ? (
      <div className="table-wrap" key={key}>
        <table>
          <caption>{caption}</caption>
          <thead><tr>
            <th scope="col">{L('Namn', 'Name')}</th>
            <th scope="col" className="num">{L('Samtal', 'Calls')}</th>
            <th scope="col" className="num">{L('Besvarade', 'Answered')}</th>
            <th scope="col" className="num">{L('Inom mål', 'Within target')}</th>
            <th scope="col" className="num">{L('Avbrutna', 'Abandoned')}</th>
            <th scope="col" className="num">{L('Ej hänvisade (P-DIV-1)', 'Not diverted (P-DIV-1)')}</th>
            <th scope="col" className="num">{L('Ingen ledig (P-GRP-1)', 'Nobody free (P-GRP-1)')}</th>
          </tr></thead>
          <tbody>
            {rows.map((x, i) => (
              <tr key={i}>
                <th scope="row">{x.name}</th>
                <td className="num">{x.calls}</td>
                <td className="num">{x.answered}</td>
                <td className="num">{x.answeredWithinTarget}</td>
                <td className="num">{x.abandoned}</td>
                <td className="num">{x.unreachableUndiverted + x.unansweredWhileAvailable}</td>
                <td className="num">{x.nobodyAvailable}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : null;
  return (
    <>
      <p className="hint">{L('Lämna datumen tomma för de senaste 30 dagarna.', 'Leave the dates empty for the last 30 days.')}</p>
      <div className="row">
        <Field label={L('Från och med', 'From')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <Field label={L('Till och med', 'To')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <ErrorBox error={report.error} />
      {!r ? <Loading /> : (
        <>
          {r.switchboard ? (
            <dl className="stats">
              <div><dt>{L('Samtal till växeln', 'Calls to the switchboard')}</dt><dd>{r.switchboard.total}</dd></div>
              <div><dt>{L(`Besvarade inom ${profile.ringTimeSeconds} s (P-SWB-1)`, `Answered within ${profile.ringTimeSeconds} s (P-SWB-1)`)}</dt><dd>{pct(r.switchboard.answerTimes.shareWithinTarget)}</dd></div>
              <div><dt>{L('Svarstid, median', 'Answer time, median')}</dt><dd>{r.switchboard.answerTimes.p50Seconds === null ? '–' : `${Math.round(r.switchboard.answerTimes.p50Seconds)} s`}</dd></div>
              <div><dt>{L('Avbrutna i kö', 'Abandoned')}</dt><dd>{r.switchboard.abandoned}</dd></div>
              <div><dt>{L('Externa / interna', 'External / internal')}</dt><dd>{r.switchboard.external} / {r.switchboard.internal}</dd></div>
            </dl>
          ) : null}
          {!r.switchboard && !r.people?.length && !r.units?.length && !r.functions?.length ? <p>{L('Inga samtal under perioden.', 'No calls in the period.')}</p> : null}
          {countsTable(L('Per person', 'Per person'), r.people, 'p')}
          {countsTable(L('Per enhet', 'Per unit'), r.units, 'u')}
          {countsTable(L('Per funktion', 'Per function'), r.functions, 'f')}
          <p className="hint">{lang === 'sv' ? 'Perioden' : 'Period'}: {r.from.slice(0, 10)} – {r.to.slice(0, 10)}</p>
        </>
      )}
    </>
  );
}

export function FollowUpPage() {
  const { L, lang } = useLang();
  const { role, features } = useSession();
  const summary = useLoad((s) => get<CallbackSummary>('/api/callbacks/summary', s), []);
  const [names, setNames] = useState<{ people: Map<string, Person>; units: Map<string, Unit> }>({ people: new Map(), units: new Map() });
  useEffect(() => {
    void Promise.all([loadPeople(), loadUnits()]).then(([p, u]) => setNames({ people: new Map(p.map((x) => [x.id, x])), units: new Map(u.map((x) => [x.id, x])) }), () => undefined);
  }, []);
  const reports = features.find('get', /^\/api\/reports\/calls$/);
  const s = summary.data;
  return (
    <Page title={L('Uppföljning', 'Follow-up')}>
      {role === 'manager' ? <SubNav label={L('Mitt team', 'My team')} items={TEAM_NAV} /> : null}
      <Section title={L('Återkopplingar inom två arbetsdagar (P-CB-1)', 'Call-backs within two working days (P-CB-1)')}>
        <ErrorBox error={summary.error} />
        {!s ? <Loading /> : (
          <>
            <dl className="stats">
              <div><dt>{L('Öppna', 'Open')}</dt><dd>{s.all.open}</dd></div>
              <div><dt>{L('Försenade', 'Overdue')}</dt><dd>{s.all.overdue}</dd></div>
              <div><dt>{L('Klara i tid', 'Done in time')}</dt><dd>{s.all.doneInTime}</dd></div>
              <div><dt>{L('Klara sent', 'Done late')}</dt><dd>{s.all.doneLate}</dd></div>
              <div><dt>{L('Median till återkoppling', 'Median time to call back')}</dt><dd>{hours(s.all.medianTimeToCallbackMs, lang)}</dd></div>
            </dl>
            <StatsTable caption={L('Per person', 'Per person')} rows={Object.entries(s.perPerson)} nameOf={(id) => names.people.get(id)?.name ?? id} />
            <StatsTable caption={L('Per enhet', 'Per unit')} rows={Object.entries(s.perUnit)} nameOf={(id) => names.units.get(id)?.name ?? id} />
          </>
        )}
      </Section>
      {reports ? (
        <Section title={L('Samtal', 'Calls')}>
          <CallsReport path={reports} />
        </Section>
      ) : null}
    </Page>
  );
}
