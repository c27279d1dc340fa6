// The console's lists: the live queue (P-SWB-7 order, waiting time since the first ring,
// P-SWB-1), the calls any operator may take (parked, recalled), transfers under way, and the
// operator's own switchboard state (logged in, paused).
import { memo } from 'react';
import { useLang } from '../../app/lang.js';
import { useNow } from '../../app/hooks.js';
import { Kbd } from './keys.js';
import { phaseText, recallText, remainingText, waitingSpoken, waitingText, type AgentView, type ConsoleCallView, type QueueCallView } from './logic.js';

const QueueRow = memo(function QueueRow({ c, nowMs, me, names, onPick, first }: {
  c: QueueCallView; nowMs: number; me: string; names: ReadonlyMap<string, string>; onPick(callId: string): void; first: boolean;
}) {
  const { L } = useLang();
  const external = c.priority === 'external' || c.promoted;
  const offered = c.offeredTo ? (c.offeredTo === me ? L('Ringer hos dig', 'Ringing you') : `${L('Ringer hos', 'Ringing')} ${names.get(c.offeredTo) ?? L('en telefonist', 'an operator')}`) : null;
  return (
    <tr data-call={c.callId} className={c.offeredTo === me ? 'selected' : undefined}>
      <td className="num">{c.position}</td>
      <td>
        <span className={`kind ${c.priority}`}>{c.priority === 'external' ? L('Extern', 'External') : L('Intern', 'Internal')}</span>{' '}
        <span className="number">{c.callerNumber}</span>
        {c.callerName ? <span className="muted"> {c.callerName}</span> : null}
        <div className="muted">{L('slog', 'dialled')} {c.dialled}{c.promoted ? ` · ${L('har väntat länge', 'waited long')}` : ''}</div>
      </td>
      <td className="num">
        <span aria-hidden="true">{waitingText(c.waitingSince, nowMs)}</span>
        <span className="sr-only">{waitingSpoken(c.waitingSince, nowMs)}</span>
      </td>
      <td>
        {offered ?? (
          <button type="button" className="secondary small" onClick={() => onPick(c.callId)} data-external={external}>
            {L('Svara', 'Answer')}{first ? <> <Kbd k="answer" /></> : null}
            <span className="sr-only"> {c.callerNumber}</span>
          </button>
        )}
      </td>
    </tr>
  );
});

/** The waiting calls, refreshed every second for the waiting time. */
export const QueuePanel = memo(function QueuePanel({ calls, me, names, onPick }: { calls: QueueCallView[]; me: string; names: ReadonlyMap<string, string>; onPick(callId: string): void }) {
  const { L } = useLang();
  const nowMs = useNow(1000).epochMilliseconds;
  const firstFree = calls.find((c) => !c.offeredTo)?.callId;
  const external = calls.filter((c) => c.priority === 'external').length;
  return (
    <section className="card queue" aria-labelledby="queue-heading">
      <h2 id="queue-heading">
        {L('Kö', 'Queue')} <span className="count" aria-live="polite" aria-atomic="true">{L(`${calls.length} väntar`, `${calls.length} waiting`)}{calls.length > 0 ? ` (${external} ${L('externa', 'external')})` : ''}</span>
      </h2>
      {calls.length === 0 ? <p className="muted">{L('Ingen väntar.', 'Nobody is waiting.')}</p> : (
        <div className="table-wrap queue-scroll">
          <table>
            <caption className="sr-only">{L('Väntande samtal, externa först (P-SWB-7)', 'Waiting calls, external first (P-SWB-7)')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">{L('Plats', 'No.')}</th>
                <th scope="col">{L('Samtal', 'Call')}</th>
                <th scope="col" className="num">{L('Väntat', 'Waited')}</th>
                <th scope="col"><span className="sr-only">{L('Åtgärd', 'Action')}</span></th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => <QueueRow key={c.callId} c={c} nowMs={nowMs} me={me} names={names} onPick={onPick} first={c.callId === firstFree} />)}
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
                <span className="number">{c.caller.number}</span> <span className={`kind ${c.external ? 'external' : 'internal'}`}>{c.external ? L('Extern', 'External') : L('Intern', 'Internal')}</span>
                <div className="muted">
                  {L('Parkerat av', 'Parked by')} {c.parkedBy ? names.get(c.parkedBy) ?? '–' : '–'} · {waitingText(c.since, nowMs)}
                </div>
                {recallText(c, lang) ? <div className="recall">{recallText(c, lang)}</div> : null}
              </div>
              <button type="button" className="secondary small" onClick={() => onRetrieve(c.callId)}>
                {L('Hämta', 'Retrieve')}{i === 0 ? <> <Kbd k="retrieve" /></> : null}<span className="sr-only"> {c.caller.number}</span>
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
                  <span className="number">{c.caller.number}</span>: {phaseText(c, lang)}
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
