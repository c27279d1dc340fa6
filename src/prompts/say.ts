// What the system says, as sentence plans: lists of clip ids that the library (library.ts)
// joins into audio, as classic PBXs build "anknytning två tre ett ett är på möte" from
// single recorded words. Pure: no I/O, no clock; `now` is always an argument.
//
// Swedish forms chosen here (say them the same way everywhere):
// - Numbers: "ett" is the counting form (telefonnummer, "plats nummer ett", "klockan ett");
//   "en" only before a common-gender noun ("en minut"). A leading one before hundra and tusen
//   is not said: 100 "hundra", 1 000 "tusen", 2 026 "tvåtusentjugosex".
// - Clock times as the speaking clock (Fröken Ur) reads them: hour, "och", minutes, with no
//   "noll" and no "minuter": 14:30 "klockan fjorton och trettio", 14:05 "klockan fjorton och
//   fem", 14:00 "klockan fjorton", 00:00 "klockan noll". An opening-hours end of 24:00 is
//   "midnatt".
// - Dates: "i dag", "i morgon", "i går"; otherwise "måndag den tjugofjärde april". The year is
//   said only for a date in another year that is half a year or more away, so "den fjärde
//   januari" said in late December needs none.
import type { ClipId } from './clips.js';
import { compareInstants, inStockholm, isClockTime, stockholmDate, type ClockTime, type Instant, type IsoWeekday, type PlainDate, type PlainTime } from '../core/time.js';
import { END_OF_DAY, dayHours, minutesOf, nextOpening, normalize, startsLikeLunch, type HoursSettings, type Interval } from '../core/hours/index.js';
import { formatSwedish } from '../core/numbers/index.js';

/** A clip recorded for one tenant outside the clip list: a person's or a function's name. */
export type NameClip = `name:${string}`;
export type PlanItem = ClipId | NameClip;
/** A sentence plan: clips to play in order. */
export type Plan = PlanItem[];

const NAME_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** The plan item for the name clip stored under `key` (a person's id, say). */
export function nameClip(key: string): NameClip {
  if (!NAME_KEY.test(key)) throw new RangeError(`name clip key must be letters, digits, '-' or '_' (at most 100), got ${JSON.stringify(key)}`);
  return `name:${key}`;
}

/** The key an on-call line's own recording is stored under: "Socialjouren" -> oncall-socialjouren. */
export function onCallClipKey(label: string): string {
  const slug = label.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 90);
  return `oncall-${slug || 'line'}`;
}

export function isNameClip(item: string): item is NameClip {
  return item.startsWith('name:') && NAME_KEY.test(item.slice(5));
}

// ---- numbers ----------------------------------------------------------------------------

const UNITS: readonly ClipId[] = [
  'num.0', 'num.1', 'num.2', 'num.3', 'num.4', 'num.5', 'num.6', 'num.7', 'num.8', 'num.9',
  'num.10', 'num.11', 'num.12', 'num.13', 'num.14', 'num.15', 'num.16', 'num.17', 'num.18', 'num.19',
];
const TENS: readonly ClipId[] = ['num.20', 'num.30', 'num.40', 'num.50', 'num.60', 'num.70', 'num.80', 'num.90'];

export const MAX_SAYABLE_NUMBER = 999_999;

/** Grammatical gender of what is counted: "ett meddelande" (neuter), "en minut" (common). */
export type Gender = 'neuter' | 'common';

function numberClips(n: number, gender: Gender): ClipId[] {
  if (n === 1) return [gender === 'common' ? 'num.en' : 'num.1'];
  if (n < 20) return [UNITS[n]!];
  if (n < 100) return [TENS[Math.floor(n / 10) - 2]!, ...(n % 10 ? numberClips(n % 10, gender) : [])];
  const [size, word]: [number, ClipId] = n < 1000 ? [100, 'num.hundred'] : [1000, 'num.thousand'];
  const count = Math.floor(n / size);
  const rest = n % size;
  // "tvåhundra", "tjugoettusen": the count before hundra/tusen is neuter; a lone one is not said.
  return [...(count > 1 ? numberClips(count, 'neuter') : []), word, ...(rest ? numberClips(rest, gender) : [])];
}

/** 0–999 999 in words: 21 "tjugo ett", 101 "hundra ett", 2026 "två tusen tjugo sex". */
export function sayNumber(n: number, gender: Gender = 'neuter'): ClipId[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SAYABLE_NUMBER) throw new RangeError(`sayNumber: a whole number 0–${MAX_SAYABLE_NUMBER}, got ${n}`);
  return numberClips(n, gender);
}

/** Digit by digit, as extensions and PIN prompts are read: "2311" -> två tre ett ett. */
export function sayDigits(digits: string): ClipId[] {
  if (!/^\d+$/.test(digits)) throw new RangeError(`sayDigits: digits only, got ${JSON.stringify(digits)}`);
  return [...digits].map((d) => UNITS[Number(d)]!);
}

/**
 * A phone number in the groups Swedes write it in (formatSwedish: "08-123 456 78"), digit by
 * digit with a short pause between groups. E.164 numbers are read in national form; other
 * input may hold digits, spaces and '-'.
 */
export function sayPhoneNumber(number: string): ClipId[] {
  const written = /^\+\d+$/.test(number) ? formatSwedish(number) : number;
  if (!/^\+?[\d -]+$/.test(written)) throw new RangeError(`sayPhoneNumber: not a phone number: ${JSON.stringify(number)}`);
  const out: ClipId[] = [];
  for (const group of written.split(/[ -]+/).filter(Boolean)) {
    if (out.length > 0) out.push('silence.200');
    if (group.startsWith('+')) out.push('word.plus');
    out.push(...sayDigits(group.replace('+', '')));
  }
  return out;
}

/** "en minut", "tre minuter", "tjugoen minuter". */
export function sayMinutes(n: number): ClipId[] {
  return [...sayNumber(n, 'common'), n === 1 ? 'time.minute' : 'time.minutes'];
}

// ---- time and dates ---------------------------------------------------------------------

function hourMinute(t: PlainTime | ClockTime): [number, number] {
  if (typeof t !== 'string') return [t.hour, t.minute];
  if (!isClockTime(t)) throw new RangeError(`not a clock time HH:MM: ${JSON.stringify(t)}`);
  return [Number(t.slice(0, 2)), Number(t.slice(3, 5))];
}

/** The time without "klockan": "fjorton och trettio", "fjorton". */
export function sayTime(t: PlainTime | ClockTime): ClipId[] {
  const [hour, minute] = hourMinute(t);
  return [...sayNumber(hour), ...(minute > 0 ? (['word.and', ...sayNumber(minute)] as ClipId[]) : [])];
}

/** "klockan fjorton och trettio", "klockan ett". */
export function sayClockTime(t: PlainTime | ClockTime): ClipId[] {
  return ['time.at', ...sayTime(t)];
}

const WEEKDAYS: readonly ClipId[] = ['weekday.1', 'weekday.2', 'weekday.3', 'weekday.4', 'weekday.5', 'weekday.6', 'weekday.7'];
const MONTHS: readonly ClipId[] = [
  'month.1', 'month.2', 'month.3', 'month.4', 'month.5', 'month.6',
  'month.7', 'month.8', 'month.9', 'month.10', 'month.11', 'month.12',
];
const ORDINALS: readonly ClipId[] = [
  'ordinal.1', 'ordinal.2', 'ordinal.3', 'ordinal.4', 'ordinal.5', 'ordinal.6', 'ordinal.7', 'ordinal.8',
  'ordinal.9', 'ordinal.10', 'ordinal.11', 'ordinal.12', 'ordinal.13', 'ordinal.14', 'ordinal.15', 'ordinal.16',
  'ordinal.17', 'ordinal.18', 'ordinal.19', 'ordinal.20', 'ordinal.21', 'ordinal.22', 'ordinal.23', 'ordinal.24',
  'ordinal.25', 'ordinal.26', 'ordinal.27', 'ordinal.28', 'ordinal.29', 'ordinal.30', 'ordinal.31',
];

export function sayWeekday(weekday: IsoWeekday): ClipId {
  return WEEKDAYS[weekday - 1]!;
}

/** A date of another year at least this far away has its year said. */
export const YEAR_SAID_FROM_DAYS = 183;

/** "i dag", "i morgon", "i går", or "måndag den tjugofjärde april" (with the year when far off). */
export function sayDate(date: PlainDate, relativeTo: PlainDate): ClipId[] {
  const days = relativeTo.until(date, { largestUnit: 'days' }).days;
  if (days === 0) return ['day.today'];
  if (days === 1) return ['day.tomorrow'];
  if (days === -1) return ['day.yesterday'];
  const clips: ClipId[] = [sayWeekday(date.dayOfWeek as IsoWeekday), ORDINALS[date.day - 1]!, MONTHS[date.month - 1]!];
  if (date.year !== relativeTo.year && Math.abs(days) >= YEAR_SAID_FROM_DAYS) clips.push(...sayNumber(date.year));
  return clips;
}

/** An instant on the Stockholm clock, relative to `now`: "i morgon klockan åtta". */
export function sayWhen(at: Instant, now: Instant): ClipId[] {
  return [...sayDate(stockholmDate(at), stockholmDate(now)), ...sayClockTime(inStockholm(at).toPlainTime())];
}

// ---- people and absences ----------------------------------------------------------------

/** Whom a sentence is about: their name clip when one is recorded, else their extension. */
export interface Who {
  name?: NameClip | null;
  extension?: string | null;
}

/** "Anna Berg" (the name clip), "anknytning två tre ett ett", or "Den du söker". */
export function sayWho(who: Who): Plan {
  if (who.name) return [who.name];
  if (who.extension) return ['word.extension', ...sayDigits(who.extension)];
  return ['absence.sought'];
}

/** The standard absence reasons (policy defaults) as sentences; other codes get reason.other. */
const REASONS: Readonly<Record<string, { sentence: ClipId; label: ClipId }>> = {
  meeting: { sentence: 'reason.meeting', label: 'label.meeting' },
  lunch: { sentence: 'reason.lunch', label: 'label.lunch' },
  sick: { sentence: 'reason.sick', label: 'label.sick' },
  leave: { sentence: 'reason.leave', label: 'label.leave' },
  vacation: { sentence: 'reason.vacation', label: 'label.vacation' },
  'business-trip': { sentence: 'reason.business-trip', label: 'label.business-trip' },
  training: { sentence: 'reason.training', label: 'label.training' },
  out: { sentence: 'reason.out', label: 'label.out' },
  'gone-for-day': { sentence: 'reason.gone-for-day', label: 'label.gone-for-day' },
};

function reasonEntry(code: string) {
  return Object.hasOwn(REASONS, code) ? REASONS[code] : undefined;
}

/**
 * "är på möte och är åter i dag klockan fjorton och trettio". P-SWB-4, P-DIV-1: the caller is
 * told when the person is back. A return at 00:00 is a whole day: only the date is said. A
 * return time already passed is left out rather than said wrong.
 */
function absencePredicate(reason: string, returnsAt: Instant | null | undefined, now: Instant): ClipId[] {
  const clips: ClipId[] = [reasonEntry(reason)?.sentence ?? 'reason.other'];
  if (returnsAt && compareInstants(returnsAt, now) > 0) {
    const local = inStockholm(returnsAt);
    const wholeDay = local.hour === 0 && local.minute === 0;
    clips.push('absence.returns', ...(wholeDay ? sayDate(local.toPlainDate(), stockholmDate(now)) : sayWhen(returnsAt, now)));
  }
  return clips;
}

export interface AbsenceToSay {
  who: Who;
  /** An absence reason code of the profile ('meeting', 'gone-for-day', ...). */
  reason: string;
  /** When the person is back (P-DIV-3); none: the return is not said. */
  returnsAt?: Instant | null;
  now: Instant;
}

/** "Anna Berg är på möte och är åter i dag klockan fjorton och trettio" (P-SWB-4). */
export function sayAbsence(a: AbsenceToSay): Plan {
  return [...sayWho(a.who), ...absencePredicate(a.reason, a.returnsAt, a.now)];
}

/**
 * The spoken receipt for a diversion set by phone code or the automatic operator (P-DIV-6):
 * "Hänvisningen är registrerad. Du är på möte och är åter i dag klockan fjorton och trettio."
 */
export function sayDiversionSet(a: Omit<AbsenceToSay, 'who'>): ClipId[] {
  return ['code.diversion-set', 'silence.500', 'word.you', ...absencePredicate(a.reason, a.returnsAt, a.now)];
}

export interface ReasonChoice {
  code: string;
  phoneDigit: string;
  /** A recorded label for a reason outside the standard set. */
  labelClip?: NameClip | null;
}

/**
 * The automatic operator's reason menu: "Välj frånvaroorsak. Tryck 1 för möte, tryck 2 för
 * lunch, …". A reason with neither a standard label nor a label clip is read as its digit only.
 */
export function sayReasonMenu(choices: readonly ReasonChoice[]): Plan {
  const out: Plan = ['ao.choose-reason'];
  for (const c of choices) {
    const label = c.labelClip ?? reasonEntry(c.code)?.label;
    out.push('silence.200', 'word.press', ...sayDigits(c.phoneDigit), ...(label ? (['word.for', label] as Plan) : []));
  }
  return out;
}

/** "Ditt samtal kopplas till växeln" / "… till Anna Berg" / "… till anknytning 2 3 1 1". */
export function sayConnectingTo(target: Who | 'switchboard' | 'reception' | 'voicemail' | 'colleague'): Plan {
  const to: Plan = typeof target === 'string' ? [`target.${target}`] : sayWho(target);
  return ['call.connecting', ...to];
}

// ---- voicemail --------------------------------------------------------------------------

/** "Lämna ett meddelande efter tonen", then the beep. */
export function sayLeaveMessage(): ClipId[] {
  return ['vm.leave-message', 'silence.500', 'tone.beep'];
}

/** P-VM-2's fallback when no greeting is recorded: whom the caller reached, then the beep. */
export function sayVoicemailGreeting(who: Who): Plan {
  return ['vm.reached', ...sayWho(who), 'silence.500', ...sayLeaveMessage()];
}

/** "Du har två nya meddelanden och ett sparat meddelande"; "Du har inga nya meddelanden". */
export function sayMessageCount(newCount: number, savedCount: number): ClipId[] {
  const part = (n: number, one: ClipId, many: ClipId): ClipId[] => [...sayNumber(n), n === 1 ? one : many];
  const out: ClipId[] = ['vm.you-have', ...(newCount === 0 ? (['vm.no-new-messages'] as ClipId[]) : part(newCount, 'vm.new-message', 'vm.new-messages'))];
  if (savedCount > 0) out.push('word.and', ...part(savedCount, 'vm.saved-message', 'vm.saved-messages'));
  return out;
}

export interface MessageToSay {
  /** 1-based position in the list being played. */
  index: number;
  receivedAt: Instant;
  now: Instant;
  /** Who left it: a name clip for an internal caller, a number, or neither (withheld). */
  from: { name?: NameClip | null; number?: string | null };
}

/** "Meddelande ett, mottaget i dag klockan tio och femton, från 0 7 0 …". */
export function sayMessageHeader(m: MessageToSay): Plan {
  const from: Plan = m.from.name ? [m.from.name] : m.from.number ? sayPhoneNumber(m.from.number) : ['vm.unknown-number'];
  return ['vm.message', ...sayNumber(m.index), 'silence.200', 'vm.received', ...sayWhen(m.receivedAt, m.now), 'silence.200', 'word.from', ...from];
}

/** P-CB-1: "Ring upp senast i morgon klockan sexton och trettio". */
export function sayCallBackBy(due: Instant, now: Instant): ClipId[] {
  return ['vm.call-back-by', ...sayWhen(due, now)];
}

// ---- switchboard, answering machine, queue ------------------------------------------------

/**
 * A gap between the two periods of a day reads as lunch when it starts like one (the hours
 * module's rule) and, since it is said as "lunchstängt", lasts two hours at most.
 */
const LUNCH_LONGEST_MINUTES = 120;

function sayEnd(to: Interval['to']): ClipId[] {
  return to === END_OF_DAY ? ['time.midnight'] : sayTime(to);
}

function sayInterval(i: Interval): ClipId[] {
  if (i.from === '00:00' && i.to === END_OF_DAY) return ['hours.all-day'];
  return ['time.at', ...sayTime(i.from), 'word.to', ...sayEnd(i.to)];
}

/**
 * "klockan åtta till sexton, lunchstängt klockan tolv till tretton" for a day with a lunch gap;
 * otherwise each interval, joined by "och".
 */
function sayIntervals(intervals: readonly Interval[]): ClipId[] {
  const [a, b] = intervals;
  if (intervals.length === 2 && a && b) {
    const [start, end] = [minutesOf(a.to), minutesOf(b.from)];
    if (startsLikeLunch(start) && end - start <= LUNCH_LONGEST_MINUTES) {
      return [...sayInterval({ from: a.from, to: b.to }), 'silence.200', 'hours.lunch-closed', ...sayInterval({ from: a.to, to: b.from })];
    }
  }
  return intervals.flatMap((i, n) => [...(n > 0 ? (['word.and'] as ClipId[]) : []), ...sayInterval(i)]);
}

function sameIntervals(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.length === b.length && a.every((x, i) => x.from === b[i]?.from && x.to === b[i]?.to);
}

/** "måndag till fredag", "lördag och söndag", "tisdag till torsdag", "fredag". */
function sayDays(first: IsoWeekday, last: IsoWeekday): ClipId[] {
  if (first === 1 && last === 5) return ['hours.mon-fri'];
  if (first === last) return [sayWeekday(first)];
  return [sayWeekday(first), last === first + 1 ? 'word.and' : 'word.to', sayWeekday(last)];
}

/**
 * The central answering machine's hours (P-SWB-6, P-FC-3): "Växeln har öppet måndag till
 * fredag klockan åtta till sexton, lunchstängt klockan tolv till tretton". Runs of weekdays
 * with the same hours are said together. When today's hours differ from the weekly ones (an
 * exception, a holiday, an eve, a half day), that comes first: "I dag är växeln stängd." or
 * "I dag har växeln öppet klockan åtta till tolv." Empty when it never opens.
 */
export function sayOpeningHours(settings: HoursSettings, now: Instant): ClipId[] {
  const out: ClipId[] = [];
  const today = dayHours(stockholmDate(now), settings);
  if (!sameIntervals(today.intervals, normalize(settings.weekly[today.weekday] ?? []))) {
    out.push(...(today.intervals.length === 0 ? (['hours.today-closed'] as ClipId[]) : ['hours.today-open' as ClipId, ...sayIntervals(today.intervals)]), 'silence.500');
  }
  const runs: { first: IsoWeekday; last: IsoWeekday; intervals: Interval[] }[] = [];
  for (let d = 1 as IsoWeekday; d <= 7; d++) {
    const intervals = normalize(settings.weekly[d] ?? []);
    const run = runs[runs.length - 1];
    if (intervals.length === 0) continue;
    if (run && run.last === d - 1 && sameIntervals(run.intervals, intervals)) run.last = d;
    else runs.push({ first: d, last: d, intervals });
  }
  if (runs.length > 0) out.push('swb.open-hours');
  runs.forEach((r, i) => out.push(...(i > 0 ? (['silence.200'] as ClipId[]) : []), ...sayDays(r.first, r.last), ...sayIntervals(r.intervals)));
  if (out[out.length - 1] === 'silence.500') out.pop();
  return out;
}

/** "Växeln öppnar igen i morgon klockan åtta"; empty when open now or never opening. */
export function sayNextOpening(settings: HoursSettings, now: Instant): ClipId[] {
  const opening = nextOpening(now, settings);
  if (!opening || compareInstants(opening, now) <= 0) return [];
  return ['swb.opens', ...sayWhen(opening, now)];
}

/**
 * P-HRS-1, outside a unit's phone hours: "Vi har inte telefontid just nu. Telefontiden börjar
 * i morgon klockan nio." The call then goes on as the plan says (never cut off).
 */
export function sayOutsidePhoneHours(opensAt: Instant | null, now: Instant): ClipId[] {
  if (!opensAt || compareInstants(opensAt, now) <= 0) return ['hours.phone-closed'];
  return ['hours.phone-closed', 'silence.500', 'hours.phone-opens', ...sayWhen(opensAt, now)];
}

export interface OnCallToSay {
  /** The recorded label ("Socialjouren"); none: "jouren". */
  label?: NameClip | null;
  number: string;
}

/** P-SWB-6: "För akuta ärenden ring Socialjouren på 0 1 2 3 …". */
export function sayOnCall(onCall: OnCallToSay): Plan {
  return ['swb.urgent', onCall.label ?? 'swb.on-call', 'word.on', ...sayPhoneNumber(onCall.number)];
}

/** "Välkommen till" and the municipality's name (org.name, which each tenant records). */
export function sayWelcome(): ClipId[] {
  return ['swb.welcome', 'org.name'];
}

export interface AnsweringMachineToSay {
  settings: HoursSettings;
  now: Instant;
  /** The on-call numbers to announce now (the caller has applied each one's `when`). */
  onCall: readonly OnCallToSay[];
}

/**
 * P-SWB-6: the central answering machine. "Välkommen till Valdemarsviks kommun. Växeln är
 * stängd. Växeln öppnar igen i morgon klockan åtta. Växeln har öppet … För akuta ärenden
 * ring …". Whether a message may be left after it is call control's choice (sayLeaveMessage).
 */
export function sayAnsweringMachine(a: AnsweringMachineToSay): Plan {
  const sentences: Plan[] = [sayWelcome(), ['swb.closed'], sayNextOpening(a.settings, a.now), sayOpeningHours(a.settings, a.now), ...a.onCall.map(sayOnCall)];
  return sentences.filter((s) => s.length > 0).flatMap((s, i) => (i > 0 ? ['silence.500', ...s] : s));
}

/** "Du står först i kön" for 1, else "Du har plats nummer fem". */
export function sayQueuePosition(n: number): ClipId[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sayQueuePosition: a position from 1, got ${n}`);
  return n === 1 ? ['queue.first'] : ['queue.position', ...sayNumber(n)];
}

/** "Beräknad väntetid är ungefär tre minuter"; under a minute is said as one. */
export function sayWaitEstimate(seconds: number): ClipId[] {
  return ['queue.wait-estimate', ...sayMinutes(Math.max(1, Math.round(seconds / 60)))];
}

/** Why an outgoing call or a forwarding was refused. */
export type Refusal = 'premium-rate' | 'directory' | 'international' | 'external-forward' | 'not-allowed';

/**
 * P-COST-2 (betalnummer, 118xxx as P-SWB-12 says), P-COST-3 (abroad): refused unless the
 * nearest manager approves, so the caller is told whom to ask. P-COST-1 (forwarding to an
 * external number) has no approval to ask for.
 */
export function sayRefusal(refusal: Refusal): ClipId[] {
  const sentence: ClipId = `out.${refusal}`;
  return refusal === 'external-forward' || refusal === 'not-allowed' ? [sentence] : [sentence, 'silence.500', 'out.ask-manager'];
}
