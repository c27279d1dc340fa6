// Call-backs ("återkoppling"): a message for a person, taken by an operator (P-SWB-5), left in
// voicemail or sent from the web, that the person must answer by calling or e-mailing back
// within a number of working days (P-CB-1; two in the five policies).
import { fail, ok, problem, type Problem, type Result } from '../errors.js';
import type { Instant, WorkingTime } from '../time.js';

export type CallbackSource = 'operator' | 'voicemail' | 'web';

export type CallbackStatus = 'open' | 're-planned' | 'done';

/** How a call-back ended. P-CB-1 counts a call or an e-mail back. */
export type CallbackOutcome = 'reached' | 'emailed' | 'no-answer-left-message' | 'not-needed';

export const CALLBACK_OUTCOMES: readonly CallbackOutcome[] = ['reached', 'emailed', 'no-answer-left-message', 'not-needed'];

/** P-CB-1: "at the latest within 2 working days" unless the profile says otherwise. */
export const DEFAULT_CALLBACK_WORKING_DAYS = 2;

export interface Caller {
  name?: string;
  number?: string;
  email?: string;
}

/** P-CB-2: the person called back and agreed a new time for the answer. */
export interface Replan {
  /** When the new time was agreed. */
  at: Instant;
  by: string;
  agreedAt: Instant;
  note: string;
  /** The deadline in force before this re-plan; a re-plan after it was made late. */
  previousDue: Instant;
}

export interface CallbackCompletion {
  outcome: CallbackOutcome;
  note?: string;
  doneAt: Instant;
  by: string;
}

export interface Callback {
  id: string;
  /** Whose call-back it is. */
  personId: string;
  /** The person's unit when the message came, for the unit's follow-up (P-FUP-2). */
  unitId: string;
  caller: Caller;
  /** What it concerns, in the caller's or the operator's words. */
  concerns: string;
  receivedAt: Instant;
  source: CallbackSource;
  /** The operator who took the message (P-SWB-5). */
  takenBy?: string;
  /** The P-CB-1 deadline from `receivedAt`; kept when re-planned, for follow-up. */
  firstDue: Instant;
  /** The deadline in force: `firstDue`, or the time last agreed with the caller (P-CB-2). */
  due: Instant;
  status: CallbackStatus;
  /** Every re-plan, oldest first. */
  replans: readonly Replan[];
  /** Set when done. */
  completion?: CallbackCompletion;
  /** When the person first listened to a voicemail message (P-VM-5). */
  heardAt?: Instant;
  /** When the overdue call-back was last escalated to a manager. */
  escalatedAt?: Instant;
}

export interface CallbackInput {
  id: string;
  personId: string;
  unitId: string;
  caller: Caller;
  concerns?: string;
  receivedAt: Instant;
  source: CallbackSource;
  takenBy?: string;
}

export interface CallbackContext {
  workingTime: WorkingTime;
  /** The profile's number of working days (P-CB-1). */
  profileDays: number;
}

function trimmed(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** A new open call-back with its P-CB-1 due date, or the problems with the message. */
export function createCallback(input: CallbackInput, ctx: CallbackContext): Result<Callback> {
  const problems: Problem[] = [];
  if (!Number.isInteger(ctx.profileDays) || ctx.profileDays < 1) {
    problems.push(problem('callback.profile-days', 'Antalet arbetsdagar för återkoppling är felaktigt inställt.', `profileDays must be a whole number of at least 1, got ${ctx.profileDays}.`, { rule: 'P-CB-1' }));
  }
  if (trimmed(input.personId) === undefined) {
    problems.push(problem('callback.person.required', 'Ange vem meddelandet är till.', 'A call-back needs a person.', { field: 'personId' }));
  }
  if (!['operator', 'voicemail', 'web'].includes(input.source)) {
    problems.push(problem('callback.source.unknown', 'Okänd källa för meddelandet.', `Unknown call-back source "${input.source}".`, { field: 'source' }));
  }
  const caller: Caller = {};
  const name = trimmed(input.caller.name);
  const number = trimmed(input.caller.number);
  const email = trimmed(input.caller.email);
  if (name !== undefined) caller.name = name;
  if (number !== undefined) caller.number = number;
  if (email !== undefined) caller.email = email;
  if (number !== undefined && !/^\+?[0-9][0-9 ()-]*$/.test(number)) {
    problems.push(problem('callback.caller.number.invalid', `Telefonnumret "${number}" är ogiltigt.`, `Invalid caller number "${number}".`, { field: 'caller.number' }));
  }
  if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) {
    problems.push(problem('callback.caller.email.invalid', `E-postadressen "${email}" är ogiltig.`, `Invalid caller e-mail "${email}".`, { field: 'caller.email' }));
  }
  // A voicemail may come from a withheld number; everyone else must say how to reach them.
  if (input.source !== 'voicemail' && number === undefined && email === undefined) {
    problems.push(problem('callback.caller.contact.required', 'Ange ett telefonnummer eller en e-postadress att återkoppla till.', 'A call-back needs a number or an e-mail address to answer.', { field: 'caller.number', rule: 'P-CB-1' }));
  }
  // The recording says what a voicemail is about; a taken message must say it in words.
  const concerns = trimmed(input.concerns) ?? '';
  if (input.source !== 'voicemail' && concerns === '') {
    problems.push(problem('callback.concerns.required', 'Ange vad ärendet gäller.', 'A taken message needs to say what it concerns.', { field: 'concerns' }));
  }
  const takenBy = trimmed(input.takenBy);
  if (input.source === 'operator' && takenBy === undefined) {
    problems.push(problem('callback.taken-by.required', 'Ange vem som tog emot meddelandet.', 'A message taken by an operator needs the operator (P-SWB-5).', { field: 'takenBy', rule: 'P-SWB-5' }));
  }
  if (problems.length > 0) return fail(problems);

  // P-CB-1: the day the message arrives is day 0; due at closing time of working day n.
  const due = ctx.workingTime.dueAfterWorkingDays(input.receivedAt, ctx.profileDays);
  const callback: Callback = {
    id: input.id,
    personId: input.personId.trim(),
    unitId: input.unitId,
    caller,
    concerns,
    receivedAt: input.receivedAt,
    source: input.source,
    firstDue: due,
    due,
    status: 'open',
    replans: [],
  };
  if (takenBy !== undefined) callback.takenBy = takenBy;
  return ok(callback);
}
