// Checking a new or edited absence before it is stored. Every problem is collected, so that a
// form can show them all at once, in Swedish for the person and in English for the log.
import { fail, ok, problem, type Problem, type Result } from '../errors.js';
import { Temporal, isClockTime, startOfStockholmDay, stockholmDate, type Instant, type PlainDate, type WorkingTime } from '../time.js';
import { DEFAULT_TARGET, type Absence, type AbsenceReasonSetting, type DiversionTarget, type WeeklyRecurrence } from './absence.js';
import { isBefore, withFirstOccurrence } from './occurrences.js';

/** The working time presence needs: the shared interface plus the end of a working day. */
export interface PresenceWorkingTime extends WorkingTime {
  /**
   * Closing time of the working day that `at` falls on (a half day closes early);
   * null when that Stockholm date is not a working day.
   */
  endOfWorkingDay(at: Instant): Instant | null;
}

export interface AbsenceContext {
  reasons: readonly AbsenceReasonSetting[];
  workingTime: PresenceWorkingTime;
  /** P-COST-1: only internal numbers may be forwarded to. */
  isInternalNumber(number: string): boolean;
  personExists(personId: string): boolean;
  functionExists(functionId: string): boolean;
}

/** What a person, an operator or a manager asks for; `validateAbsence` makes it an `Absence`. */
export interface AbsenceInput {
  id: string;
  personId: string;
  reason?: string;
  /** Required unless `recurrence` is given (then start and end come from its first occurrence). */
  start?: Instant;
  /** May be left out when the reason has a default length. */
  end?: Instant;
  /** Default: voicemail. */
  target?: DiversionTarget;
  note?: string;
  recurrence?: WeeklyRecurrence;
  exceptions?: readonly PlainDate[];
  createdBy: string;
}

function checkTarget(target: DiversionTarget, personId: string, ctx: AbsenceContext): Problem[] {
  const field = 'target';
  switch (target.kind) {
    case 'voicemail':
    case 'reception':
    case 'switchboard':
      return [];
    case 'person':
      if (target.personId === personId) {
        return [problem('absence.target.self', 'Du kan inte hänvisa till dig själv.', 'An absence cannot divert to the absent person.', { field: 'target.personId' })];
      }
      return ctx.personExists(target.personId)
        ? []
        : [problem('absence.target.person.unknown', 'Personen som samtalen ska gå till finns inte.', `Target person ${target.personId} does not exist.`, { field: 'target.personId' })];
    case 'function':
      return ctx.functionExists(target.functionId)
        ? []
        : [problem('absence.target.function.unknown', 'Funktionen som samtalen ska gå till finns inte.', `Target function ${target.functionId} does not exist.`, { field: 'target.functionId' })];
    case 'number': {
      const number = target.number.trim();
      if (number === '') {
        return [problem('absence.target.number.required', 'Ange numret som samtalen ska kopplas till.', 'A number target needs a number.', { field: 'target.number' })];
      }
      // P-COST-1: forwarding to an external number costs the municipality money.
      return ctx.isInternalNumber(number)
        ? []
        : [
            problem(
              'absence.target.number.external',
              `Vidarekoppling får bara göras till interna nummer (P-COST-1). ${number} är ett externt nummer.`,
              `Forwarding is allowed to internal numbers only (P-COST-1); ${number} is external.`,
              { field: 'target.number', rule: 'P-COST-1' },
            ),
          ];
    }
    default:
      return [problem('absence.target.kind', 'Okänt mål för hänvisningen.', `Unknown diversion target kind.`, { field })];
  }
}

function checkRecurrence(r: WeeklyRecurrence): Problem[] {
  const out: Problem[] = [];
  if (r.weekdays.length === 0 || r.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    out.push(problem('absence.recurrence.weekdays', 'Välj minst en veckodag.', 'A weekly recurrence needs weekdays 1–7.', { field: 'recurrence.weekdays' }));
  }
  for (const key of ['startTime', 'endTime'] as const) {
    if (!isClockTime(r[key])) {
      out.push(problem('absence.recurrence.time', `Ange tiden som TT:MM (${r[key]}).`, `Recurrence ${key} must be HH:MM, got ${r[key]}.`, { field: `recurrence.${key}` }));
    }
  }
  if (r.until !== undefined && Temporal.PlainDate.compare(r.until, r.from) < 0) {
    out.push(problem('absence.recurrence.until', 'Slutdatumet ligger före startdatumet.', 'Recurrence until is before from.', { field: 'recurrence.until' }));
  }
  return out;
}

/** The end a reason's default length gives an absence starting at `start`. */
export function defaultEnd(reason: AbsenceReasonSetting, start: Instant, workingTime: PresenceWorkingTime): Instant | null {
  const length = reason.defaultLength;
  if (length === undefined) return null;
  if (typeof length === 'number') return start.add({ minutes: length });
  if (length === 'next-working-day-start') return workingTime.nextWorkingDayStart(start);
  // 'rest-of-day': to closing time; after closing, or on a day off, the day itself ends at midnight.
  const closing = workingTime.endOfWorkingDay(start);
  if (closing !== null && isBefore(start, closing)) return closing;
  return startOfStockholmDay(stockholmDate(start).add({ days: 1 }));
}

/** Checks an absence against the rules and fills in what defaults decide. */
export function validateAbsence(input: AbsenceInput, ctx: AbsenceContext): Result<Absence> {
  const problems: Problem[] = [];
  if (!ctx.personExists(input.personId)) {
    problems.push(problem('absence.person.unknown', 'Personen finns inte.', `Person ${input.personId} does not exist.`, { field: 'personId' }));
  }

  // P-DIV-2: every absence states its reason.
  const code = input.reason?.trim() ?? '';
  const reason = ctx.reasons.find((r) => r.code === code);
  if (code === '') {
    problems.push(problem('absence.reason.required', 'Ange en frånvaroorsak.', 'An absence needs a reason (P-DIV-2).', { field: 'reason', rule: 'P-DIV-2' }));
  } else if (reason === undefined) {
    problems.push(problem('absence.reason.unknown', `Frånvaroorsaken "${code}" finns inte.`, `Unknown absence reason "${code}" (P-DIV-2).`, { field: 'reason', rule: 'P-DIV-2' }));
  }

  const target = input.target ?? DEFAULT_TARGET;
  problems.push(...checkTarget(target, input.personId, ctx));

  let start = input.start;
  let end = input.end;
  const exceptions = input.exceptions ?? [];
  if (input.recurrence !== undefined) {
    const recurrenceProblems = checkRecurrence(input.recurrence);
    problems.push(...recurrenceProblems);
    if (recurrenceProblems.length === 0) {
      // A series' start and end are those of its first occurrence; given ones are not used.
      const from = startOfStockholmDay(input.recurrence.from);
      const first = withFirstOccurrence({ ...input, reason: code, start: from, end: from, target, exceptions, cancelled: false });
      if (first === null) {
        problems.push(problem('absence.recurrence.empty', 'Upprepningen ger inga tillfällen.', 'The recurrence has no occurrences.', { field: 'recurrence' }));
      } else {
        start = first.start;
        end = first.end;
      }
    }
  } else if (start === undefined) {
    problems.push(problem('absence.start.required', 'Ange när frånvaron börjar.', 'An absence needs a start.', { field: 'start' }));
  } else if (end === undefined && reason !== undefined) {
    // P-DIV-3: the length is always stated, by the person or by the reason's default.
    end = defaultEnd(reason, start, ctx.workingTime) ?? undefined;
    if (end === undefined) {
      problems.push(
        problem('absence.end.required', `Ange när du är åter (${reason.label} har ingen förvald längd).`, `An absence with reason "${code}" needs an end (P-DIV-3).`, {
          field: 'end',
          rule: 'P-DIV-3',
        }),
      );
    }
  }
  if (start !== undefined && end !== undefined && !isBefore(start, end)) {
    problems.push(problem('absence.end.not-after-start', 'Återtiden måste ligga efter starttiden.', 'An absence must end after it starts.', { field: 'end', rule: 'P-DIV-3' }));
  }

  if (problems.length > 0 || start === undefined || end === undefined) return fail(problems);
  const absence: Absence = {
    id: input.id,
    personId: input.personId,
    reason: code,
    start,
    end,
    target: target.kind === 'number' ? { kind: 'number', number: target.number.trim() } : target,
    exceptions,
    createdBy: input.createdBy,
    cancelled: false,
  };
  if (input.note !== undefined && input.note.trim() !== '') absence.note = input.note.trim();
  if (input.recurrence !== undefined) absence.recurrence = input.recurrence;
  return ok(absence);
}
