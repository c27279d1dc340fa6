// The life of a call-back, as pure transitions that return a new call-back or refuse.
//
//   open ──re-plan──> re-planned ──re-plan──> re-planned        (P-CB-2: keep the history)
//   open ──done─────> done        re-planned ──done──> done
//   done: final. A done call-back is neither re-planned nor done again.
//
// Listening to a voicemail message (P-VM-5) is recorded in any state and changes no state.
import { fail, ok, problem, type Problem, type Result } from '../errors.js';
import { Temporal, type Instant } from '../time.js';
import { CALLBACK_OUTCOMES, type Callback, type CallbackOutcome, type CallbackStatus } from './callback.js';

export type CallbackAction = 'done' | 're-plan';

/** Which actions each status allows; everything else is refused. */
export const CALLBACK_TRANSITIONS: Readonly<Record<CallbackStatus, readonly CallbackAction[]>> = {
  open: ['done', 're-plan'],
  're-planned': ['done', 're-plan'],
  done: [],
};

const ACTION_SV: Record<CallbackAction, string> = { done: 'klarmarkeras', 're-plan': 'planeras om' };

function refusedTransition(cb: Callback, action: CallbackAction): Problem | null {
  if (CALLBACK_TRANSITIONS[cb.status].includes(action)) return null;
  return problem(
    'callback.transition.illegal',
    `Återkopplingen är redan klar och kan inte ${ACTION_SV[action]}.`,
    `A call-back that is ${cb.status} cannot be ${action === 'done' ? 'marked done' : 're-planned'}.`,
    { field: 'status' },
  );
}

function beforeReceived(cb: Callback, at: Instant): Problem | null {
  return Temporal.Instant.compare(at, cb.receivedAt) < 0
    ? problem('callback.time.before-received', 'Tiden ligger före meddelandet.', 'The time is before the message was received.', { field: 'at' })
    : null;
}

function collect(...problems: (Problem | null)[]): Problem[] {
  return problems.filter((p): p is Problem => p !== null);
}

export interface CompleteInput {
  outcome: CallbackOutcome;
  note?: string;
  at: Instant;
  by: string;
}

/** The person called or e-mailed back, tried, or found it not needed. */
export function completeCallback(cb: Callback, input: CompleteInput): Result<Callback> {
  const problems = collect(
    refusedTransition(cb, 'done'),
    CALLBACK_OUTCOMES.includes(input.outcome) ? null : problem('callback.outcome.unknown', 'Välj hur återkopplingen gick.', `Unknown outcome "${input.outcome}".`, { field: 'outcome' }),
    beforeReceived(cb, input.at),
  );
  if (problems.length > 0) return fail(problems);
  const note = input.note?.trim();
  return ok({
    ...cb,
    status: 'done',
    completion: { outcome: input.outcome, doneAt: input.at, by: input.by, ...(note ? { note } : {}) },
  });
}

export interface ReplanInput {
  agreedAt: Instant;
  note: string;
  at: Instant;
  by: string;
}

/** P-CB-2: a new time agreed with the caller; it becomes the due date. */
export function replanCallback(cb: Callback, input: ReplanInput): Result<Callback> {
  const note = input.note.trim();
  const problems = collect(
    refusedTransition(cb, 're-plan'),
    beforeReceived(cb, input.at),
    Temporal.Instant.compare(input.agreedAt, input.at) > 0
      ? null
      : problem('callback.replan.not-future', 'Den nya tiden måste ligga framåt i tiden.', 'The agreed time must be after the re-plan.', { field: 'agreedAt', rule: 'P-CB-2' }),
    note !== ''
      ? null
      : problem('callback.replan.note-required', 'Skriv vad ni kom överens om.', 'A re-plan needs a note of what was agreed (P-CB-2).', { field: 'note', rule: 'P-CB-2' }),
  );
  if (problems.length > 0) return fail(problems);
  return ok({
    ...cb,
    status: 're-planned',
    due: input.agreedAt,
    replans: [...cb.replans, { at: input.at, by: input.by, agreedAt: input.agreedAt, note, previousDue: cb.due }],
  });
}

/** P-VM-5: the person listened to the message; the first time counts. */
export function markHeard(cb: Callback, at: Instant): Result<Callback> {
  const p = beforeReceived(cb, at);
  if (p !== null) return fail(p);
  return ok(cb.heardAt === undefined ? { ...cb, heardAt: at } : cb);
}
