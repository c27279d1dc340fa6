// A call held by the operator console, as consoles see it (GET /api/switchboard/calls and
// the console.call event). Types only: the web console imports them too.

/**
 * - talking: the operator and the caller talk.
 * - held: the caller hears music; the operator's phone stays in the call.
 * - parked: the caller hears music; no operator holds it; any operator may retrieve it.
 * - consulting: the caller hears music while the operator calls the target (talk first).
 * - transferring: the call rings the target; it comes back to the operator if nobody answers.
 * - camped: the caller hears music until a busy person is free, then it rings them.
 * - ringing-operator: an operator's phone rings for it (a recall, a retrieved call).
 * - voicemail: the caller leaves a message in a voicemail box.
 * - connected: the caller talks to the person the operator put them through to.
 * - ended: the call is over for the console.
 */
export type ConsolePhase = 'talking' | 'held' | 'parked' | 'consulting' | 'transferring' | 'camped' | 'ringing-operator' | 'voicemail' | 'connected' | 'ended';

/** Where the operator sends the caller. */
export type ConsoleTarget =
  | { kind: 'person'; personId: string }
  | { kind: 'function'; functionId: string }
  | { kind: 'number'; number: string };

export type VoicemailTarget = { kind: 'person'; personId: string } | { kind: 'function'; functionId: string } | { kind: 'switchboard' };

export interface ConsoleCallView {
  /** The call record's id (the same id the queue used). */
  callId: string;
  phase: ConsolePhase;
  /** When the phase began. */
  since: string;
  caller: { number: string; name: string | null; personId: string | null };
  /** P-SWB-7: the caller came from outside. */
  external: boolean;
  dialled: string;
  /** The operator who holds it (talking, held, consulting, ringing); null while parked, transferred or ended. */
  operatorId: string | null;
  /** Who parked or last held it (a parked call is recalled to them). */
  parkedBy: string | null;
  /** The person, function or number it is being put through to, consulted or camped on. */
  target: { kind: ConsoleTarget['kind'] | 'voicemail'; id: string | null; name: string } | null;
  /** Consultation: the target has answered and talks to the operator. */
  targetAnswered: boolean;
  /** The last transfer came back (P-FC-1 recall): why, and from whom. */
  recalled: { why: 'no-answer' | 'busy'; from: string } | null;
  /** When the phase ends by itself (recall after ringing, parking or camping on). */
  deadline: string | null;
}
