// The console's lists: the live queue (P-SWB-7 order, waiting time since the first ring,
// P-SWB-1), the calls any operator may take (parked, recalled), transfers under way, and the
// operator's own switchboard state (logged in, paused).
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useLang } from '../../app/lang.js';
import { useNow } from '../../app/hooks.js';
import { Kbd } from './keys.js';
import { phaseText, recallText, remainingText, waitingSpoken, waitingText, type AgentView, type ConsoleCallView, type QueueCallView } from './logic.js';
import { displayNumber } from '../../logic/numbers.js';

/**
 * A long queue (issue 5: 500 waiting calls) is drawn as a window: only the rows in view (and a
 * few around them) are in the DOM, each ROW_PX high (console.css), with spacers for the rest,
 * so a queue.changed several times a second costs the same for 15 calls or 500. The table
 * says how many rows it has (aria-rowcount) and where each drawn row is (aria-rowindex).
 */
export const ROW_PX = 60;
const OVERSCAN = 6;

/** A row redraws only when what it shows changes (a queue.changed event replaces every row object). */
function sameRow(a: { c: QueueCallView; index: number; nowMs: number; first: boolean; me: string; names: ReadonlyMap<string, string>; onPick(callId: string): void }, b: typeof a): boolean {
  const x = a.c;
  const y = b.c;
  return a.index === b.index && a.first === b.first && a.me === b.me && a.names === b.names && a.onPick === b.onPick && Math.floor((a.nowMs - Date.parse(x.waitingSince)) / 1000) === Math.floor((b.nowMs - Date.parse(y.waitingSince)) / 1000)
    && x.callId === y.callId && x.position === y.position && x.priority === y.priority && x.promoted === y.promoted && x.offeredTo === y.offeredTo
    && x.callerNumber === y.callerNumber && x.callerName === y.callerName && x.dialled === y.dialled && x.waitingSince === y.waitingSince;
}

const QueueRow = memo(function QueueRow({ c, index, nowMs, me, names, onPick, first }: {
  c: QueueCallView; index: number; nowMs: number; me: string; names: ReadonlyMap<string, string>; onPick(callId: string): void; first: boolean;
}) {
  const { L } = useLang();
  const external = c.priority === 'external' || c.promoted;
  const offered = c.offeredTo ? (c.offeredTo === me ? L('Ringer hos dig', 'Ringing you') : `${L('Ringer hos', 'Ringing')} ${names.get(c.offeredTo) ?? L('en telefonist', 'an operator')}`) : null;
  return (
    <tr data-call={c.callId} aria-rowindex={index + 2} className={c.offeredTo === me ? 'selected' : undefined}>
      <td className="num">{c.position}</td>
      <td>
        <div><span className="number">{displayNumber(c.callerNumber)}</span>{c.callerName ? <span className="muted"> {c.callerName}</span> : null}</div>
        <div>
          <span className={`kind ${c.priority}`}>{c.priority === 'external' ? L('Extern', 'External') : L('Intern', 'Internal')}</span>
          <span className="muted"> {L('slog', 'dialled')} <span className="dialled">{displayNumber(c.dialled)}</span>{c.promoted ? ` · ${L('har väntat länge', 'waited long')}` : ''}</span>
        </div>
      </td>
      <td className="num">
        <span aria-hidden="true">{waitingText(c.waitingSince, nowMs)}</span>
        <span className="sr-only">{waitingSpoken(c.waitingSince, nowMs)}</span>
      </td>
      <td>
        {offered ?? (
          <button type="button" className="secondary small" onClick={() => onPick(c.callId)} data-external={external}>
            {L('Svara', 'Answer')}{first ? <> <Kbd k="answer" /></> : null}
            <span className="sr-only"> {displayNumber(c.callerNumber)}</span>
          </button>
        )}
      </td>
    </tr>
  );
}, sameRow);

/** The waiting calls, refreshed every second for the waiting time. */
export const QueuePanel = memo(function QueuePanel({ calls, me, names, onPick }: { calls: QueueCallView[]; me: string; names: ReadonlyMap<string, string>; onPick(callId: string): void }) {
  const { L } = useLang();
  const nowMs = useNow(1000).epochMilliseconds;
  const firstFree = calls.find((c) => !c.offeredTo)?.callId;
  const external = calls.filter((c) => c.priority === 'external').length;
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 12 * ROW_PX });
  const measure = useCallback(() => {
    const el = scroller.current;
    if (el) setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight || v.height }));
  }, []);
  useEffect(() => {
    measure();
    addEventListener('resize', measure);
    return () => removeEventListener('resize', measure);
  }, [measure, calls.length > 0]);
  const from = Math.max(0, Math.floor(view.top / ROW_PX) - OVERSCAN);
  const to = Math.min(calls.length, Math.ceil((view.top + view.height) / ROW_PX) + OVERSCAN);
  return (
    <section className="card queue" aria-labelledby="queue-heading">
      <h2 id="queue-heading">
        {L('Kö', 'Queue')} <span className="count" aria-live="polite" aria-atomic="true">{L(`${calls.length} väntar`, `${calls.length} waiting`)}{calls.length > 0 ? ` (${external} ${L('externa', 'external')})` : ''}</span>
      </h2>
      {calls.length === 0 ? <p className="muted">{L('Ingen väntar.', 'Nobody is waiting.')}</p> : (
        <div className="table-wrap queue-scroll" ref={scroller} onScroll={measure}>
          <table aria-rowcount={calls.length + 1}>
            <caption className="sr-only">{L('Väntande samtal, externa först (P-SWB-7)', 'Waiting calls, external first (P-SWB-7)')}</caption>
            <thead>
              <tr aria-rowindex={1}>
                <th scope="col" className="num pos"><abbr title={L('Plats i kön', 'Place in the queue')}>{L('Nr', 'No.')}</abbr></th>
                <th scope="col">{L('Samtal', 'Call')}</th>
                <th scope="col" className="num wait">{L('Väntat', 'Waited')}</th>
                <th scope="col" className="act"><span className="sr-only">{L('Åtgärd', 'Action')}</span></th>
              </tr>
            </thead>
            <tbody>
              {from > 0 ? <tr className="spacer" aria-hidden="true" style={{ height: from * ROW_PX }}><td colSpan={4} /></tr> : null}
              {calls.slice(from, to).map((c, i) => <QueueRow key={c.callId} c={c} index={from + i} nowMs={nowMs} me={me} names={names} onPick={onPick} first={c.callId === firstFree} />)}
              {to < calls.length ? <tr className="spacer" aria-hidden="true" style={{ height: (calls.length - to) * ROW_PX }}><td colSpan={4} /></tr> : null}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
});

/** Parked calls (any operator takes them, P-FC-1 recalls first) and transfers under way. */
export function ParkedPanel({ parked, underway, names, onRetrieve }: { parked: ConsoleCallView[]; underway: ConsoleCallView[]; names: ReadonlyMap<string, string>; onRetrieve(callId: string): void }) {
  const { L, lang } = useLang();
  const nowMs = useNow(1000).epochMilliseconds;
  return (
    <section className="card parked" aria-labelledby="parked-heading">
      <h2 id="parked-heading">{L('Parkerade', 'Parked')} <span className="count">{parked.length}</span></h2>
      {parked.length === 0 ? <p className="muted">{L('Inga parkerade samtal.', 'No parked calls.')}</p> : (
        <ul className="call-list">
          {parked.map((c, i) => (
            <li key={c.callId} data-call={c.callId}>
              <div>
                <span className="number">{displayNumber(c.caller.number)}</span> <span className={`kind ${c.external ? 'external' : 'internal'}`}>{c.external ? L('Extern', 'External') : L('Intern', 'Internal')}</span>
                <div className="muted">
                  {L('Parkerat av', 'Parked by')} {c.parkedBy ? names.get(c.parkedBy) ?? '–' : '–'} · {waitingText(c.since, nowMs)}
                </div>
                {recallText(c, lang) ? <div className="recall">{recallText(c, lang)}</div> : null}
              </div>
              <button type="button" className="secondary small" onClick={() => onRetrieve(c.callId)}>
                {L('Hämta', 'Retrieve')}{i === 0 ? <> <Kbd k="retrieve" /></> : null}<span className="sr-only"> {displayNumber(c.caller.number)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {underway.length > 0 ? (
        <>
          <h3>{L('På väg', 'Under way')}</h3>
          <ul className="call-list">
            {underway.map((c) => (
              <li key={c.callId} data-call={c.callId}>
                <div>
                  <span className="number">{displayNumber(c.caller.number)}</span>: {phaseText(c, lang)}
                  {c.deadline ? <span className="muted"> · {L('återkommer om', 'back in')} {remainingText(c.deadline, nowMs)}</span> : null}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** The operator's switchboard state: logged in or out, available or paused (Alt+L, Alt+P). */
export function AgentBar({ me, busy, onLogin, onPause }: { me: AgentView | null; busy: boolean; onLogin(): void; onPause(): void }) {
  const { L } = useLang();
  const state = me?.state ?? 'logged-out';
  const text = state === 'logged-out' ? L('Utloggad ur växeln', 'Logged out of the switchboard')
    : state === 'paused' ? `${L('Paus', 'Paused')}${me?.pauseReason ? ` (${me.pauseReason})` : ''}`
    : me?.busy ? L('Inloggad – i samtal', 'Logged in – in a call') : L('Inloggad – tar emot samtal', 'Logged in – taking calls');
  return (
    <div className="agent-bar" role="group" aria-label={L('Min växelstatus', 'My switchboard state')}>
      <span className={`agent-state ${state}`} data-state={state} aria-live="polite">{text}</span>
      <button type="button" className="secondary small" disabled={busy} onClick={onLogin} aria-keyshortcuts="Alt+L">
        {state === 'logged-out' ? L('Logga in i växeln', 'Log in to the switchboard') : L('Logga ut ur växeln', 'Log out of the switchboard')} <Kbd k="login" />
      </button>
      {state !== 'logged-out' ? (
        <button type="button" className="secondary small" disabled={busy} onClick={onPause} aria-keyshortcuts="Alt+P">
          {state === 'paused' ? L('Ta emot samtal', 'Take calls') : L('Paus', 'Pause')} <Kbd k="pause" />
        </button>
      ) : null}
    </div>
  );
}
