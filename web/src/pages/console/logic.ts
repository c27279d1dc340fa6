// The operator console's state without the DOM: what the server said (GET /api/switchboard/queue
// and /calls), patched by live events (queue.changed, agent.changed, console.call), the
// keyboard shortcuts, and the words for waiting times and call phases. The browser tests
// and the benchmarks use the same functions the page uses.
import type { QueueCallView } from '../../../../src/events/bus.js';
import type { ConsoleCallView, ConsolePhase } from '../../../../src/calls/console/view.js';
import type { Lang } from '../../logic/lang.js';

export type { ConsoleCallView, ConsolePhase, QueueCallView };

export type QueueName = 'switchboard' | { functionId: string };

export interface AgentView {
  personId: string;
  name: string | null;
  state: 'logged-out' | 'available' | 'paused';
  pauseReason: string | null;
  busy: boolean;
  callId: string | null;
  idleSince?: string;
  changedAt: string;
}

export interface QueueSnapshot {
  queues: { queue: QueueName; calls: QueueCallView[] }[];
  agents: AgentView[];
  me: AgentView | null;
}

export interface ConsoleState extends QueueSnapshot {
  calls: ConsoleCallView[];
  /** People in a call we carry just now (for "I samtal" and camp-on). */
  onThePhone: ReadonlySet<string>;
}

export const EMPTY_STATE: ConsoleState = { queues: [{ queue: 'switchboard', calls: [] }], agents: [], me: null, calls: [], onThePhone: new Set() };

const queueKey = (q: QueueName) => (typeof q === 'string' ? q : `function:${q.functionId}`);

/** Phases in which the operator has the call in their own phone (or it rings there). */
const MINE: readonly ConsolePhase[] = ['talking', 'held', 'consulting', 'ringing-operator'];
/** Phases that are over for the console (the caller is put through, or gone). */
const DONE: readonly ConsolePhase[] = ['connected', 'ended'];

/** A live event applied to the state; anything else leaves it as it is (the same object). */
export function applyEvent(state: ConsoleState, e: { type: string; [k: string]: unknown }, me: string): ConsoleState {
  switch (e.type) {
    case 'queue.changed': {
      const queue = e.queue as QueueName;
      const calls = e.calls as QueueCallView[];
      const key = queueKey(queue);
      const found = state.queues.some((q) => queueKey(q.queue) === key);
      const queues = found ? state.queues.map((q) => (queueKey(q.queue) === key ? { queue, calls } : q)) : [...state.queues, { queue, calls }];
      // Function queues show while calls wait in them; the switchboard's always.
      return { ...state, queues: queues.filter((q) => q.queue === 'switchboard' || q.calls.length > 0) };
    }
    case 'agent.changed': {
      const id = e.personId as string;
      const old = state.agents.find((a) => a.personId === id) ?? (state.me?.personId === id ? state.me : null);
      const agent: AgentView = {
        personId: id, name: old?.name ?? null, state: e.state as AgentView['state'], pauseReason: (e.pauseReason as string | null) ?? null,
        busy: Boolean(e.busy), callId: old?.callId ?? null, changedAt: e.changedAt as string,
      };
      const listed = agent.state !== 'logged-out' || agent.busy;
      const agents = [...state.agents.filter((a) => a.personId !== id), ...(listed ? [agent] : [])];
      return { ...state, agents, me: id === me ? agent : state.me };
    }
    case 'console.call': {
      const call = e.call as ConsoleCallView;
      const rest = state.calls.filter((c) => c.callId !== call.callId);
      return { ...state, calls: DONE.includes(call.phase) ? rest : [...rest, call] };
    }
    default:
      return state;
  }
}

/** The call the operator has in their phone (or that rings there for them). */
export function myCall(state: ConsoleState, me: string): ConsoleCallView | undefined {
  return state.calls.find((c) => c.operatorId === me && MINE.includes(c.phase));
}

/** Calls any operator may take: parked ones, recalled ones first. */
export function parkedCalls(state: ConsoleState): ConsoleCallView[] {
  return state.calls.filter((c) => c.phase === 'parked').sort((a, b) => Number(b.recalled !== null) - Number(a.recalled !== null) || a.since.localeCompare(b.since));
}

/** Calls on their way somewhere (transfers ringing, camped on, leaving a message). */
export function callsUnderway(state: ConsoleState): ConsoleCallView[] {
  return state.calls.filter((c) => c.phase === 'transferring' || c.phase === 'camped' || c.phase === 'voicemail');
}

/** All waiting calls in serving order: the switchboard's queue first (P-SWB-7 within each). */
export function waitingCalls(state: Pick<ConsoleState, 'queues'>): QueueCallView[] {
  return state.queues.flatMap((q) => q.calls);
}

/** The queued call ringing this operator's phone now, if any. */
export function offeredToMe(state: ConsoleState, me: string): QueueCallView | undefined {
  return waitingCalls(state).find((c) => c.offeredTo === me);
}

/** "0:42", "12:05", "1:02:03": waiting time since the first ring (P-SWB-1). */
export function waitingText(sinceIso: string, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - Date.parse(sinceIso)) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** "0:25" until a deadline (a transfer's recall, a parked call's return). */
export function remainingText(deadlineIso: string, nowMs: number): string {
  return waitingText(new Date(nowMs).toISOString(), nowMs + Math.max(0, Date.parse(deadlineIso) - nowMs));
}

/** "2 min 5 s" for screen readers. */
export function waitingSpoken(sinceIso: string, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - Date.parse(sinceIso)) / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

// ---- keyboard ---------------------------------------------------------------------------------

export type ConsoleCommand =
  | 'answer' | 'transfer' | 'consult' | 'voicemail' | 'park' | 'retrieve' | 'hold' | 'camp-on' | 'back'
  | 'message' | 'divert' | 'search' | 'login' | 'pause' | 'hangup';

/** Every action has a shortcut (issue 5: keyboard-first); the buttons show them. */
export const SHORTCUTS: Readonly<Record<ConsoleCommand, { key: string; alt?: boolean; label: string }>> = {
  answer: { key: 'F2', label: 'F2' },
  transfer: { key: 'F3', label: 'F3' },
  consult: { key: 'F4', label: 'F4' },
  voicemail: { key: 'F5', label: 'F5' },
  park: { key: 'F6', label: 'F6' },
  retrieve: { key: 'F7', label: 'F7' },
  hold: { key: 'F8', label: 'F8' },
  'camp-on': { key: 'F9', label: 'F9' },
  back: { key: 'Escape', label: 'Esc' },
  hangup: { key: 'F10', label: 'F10' },
  message: { key: 'm', alt: true, label: 'Alt+M' },
  divert: { key: 'h', alt: true, label: 'Alt+H' },
  search: { key: 's', alt: true, label: 'Alt+S' },
  login: { key: 'l', alt: true, label: 'Alt+L' },
  pause: { key: 'p', alt: true, label: 'Alt+P' },
};

/** The command a key press means, if any (Ctrl and Meta combinations are the browser's). */
export function commandOf(e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): ConsoleCommand | null {
  if (e.ctrlKey || e.metaKey) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  for (const [cmd, s] of Object.entries(SHORTCUTS) as [ConsoleCommand, (typeof SHORTCUTS)[ConsoleCommand]][]) {
    if (s.key === key && Boolean(s.alt) === e.altKey && (s.alt || !e.shiftKey)) return cmd;
  }
  return null;
}

// ---- words -------------------------------------------------------------------------------------

/** What is happening to a call, in a few words. */
export function phaseText(c: ConsoleCallView, lang: Lang): string {
  const sv = lang === 'sv';
  const target = c.target?.name ?? '';
  switch (c.phase) {
    case 'talking':
      return sv ? 'Samtal pågår' : 'In conversation';
    case 'held':
      return sv ? 'Väntar (musik) – i din telefon' : 'On hold (music) – in your phone';
    case 'parked':
      return sv ? 'Parkerat' : 'Parked';
    case 'consulting':
      return c.targetAnswered ? (sv ? `Förfrågan: du talar med ${target}` : `Consulting: you talk to ${target}`) : (sv ? `Förfrågan: ringer ${target}` : `Consulting: ringing ${target}`);
    case 'transferring':
      return sv ? `Kopplas till ${target}` : `Being put through to ${target}`;
    case 'camped':
      return sv ? `Väntar på att ${target} blir ledig` : `Waiting for ${target} to be free`;
    case 'ringing-operator':
      return sv ? 'Ringer i din telefon' : 'Ringing your phone';
    case 'voicemail':
      return sv ? `Lämnar meddelande: ${target}` : `Leaving a message: ${target}`;
    case 'connected':
      return sv ? `Kopplat till ${target}` : `Put through to ${target}`;
    case 'ended':
      return sv ? 'Avslutat' : 'Ended';
  }
}

/** Why a call came back to the operator (P-FC-1 recall). */
export function recallText(c: ConsoleCallView, lang: Lang): string | null {
  if (!c.recalled) return null;
  const sv = lang === 'sv';
  return c.recalled.why === 'busy'
    ? (sv ? `Återkom: ${c.recalled.from} var upptagen` : `Came back: ${c.recalled.from} was busy`)
    : (sv ? `Återkom: ${c.recalled.from} svarade inte` : `Came back: ${c.recalled.from} did not answer`);
}
