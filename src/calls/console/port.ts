// What call control hands the operator console (ConsolePort), and what it lends it back.
//
// The queue step (executor.ts) rings an operator; once the operator's phone answers, the
// console holds the call: the caller's leg and the operator's leg leave the run, and the run
// waits for `answered` to resolve before it ends (so the call record spans the whole call).
// Transfers and consultations are new runs that CallControl starts for the console
// (`startRun`), each with a recall hook (CallSetup.recall).
import type { CallControl } from '../control.js';
import type { CallRun, ExecutorDeps } from '../executor.js';
import type { AnchoredLeg } from '../leg.js';
import type { AnchoredCaller } from '../ports.js';

export interface OperatorAnswered {
  /** The run that queued the call; its signal aborts when the caller hangs up or the server stops. */
  run: CallRun;
  /** The caller as the queue step knew them (callId is the call record's id). */
  call: AnchoredCaller;
  /** The operator's phone, answered. */
  operatorLeg: AnchoredLeg;
  operatorId: string;
}

export interface ConsolePort {
  /** Call control is running: the console may ring phones and start runs through it. */
  attach(control: CallControl, deps: ExecutorDeps): void;
  /** An operator answered a queued call; resolves when the console no longer holds the caller. */
  answered(input: OperatorAnswered): Promise<{ endedBy: 'caller' | 'callee' | 'system' }>;
}
