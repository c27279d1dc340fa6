// Phone codes (P-DIV-6): diversion set from the phone with the profile's codes, e.g. with the
// default codes
//   *23 1 1430 #        meeting (reason digit 1) until 14:30 today
//   *23 5 0800 0308 #   vacation until 08:00 on 3 August (this year, or next if that has passed)
//   *23 2 #             lunch, for the reason's default length
//   #23#                "Åter" (P-DIV-4)
//   *21 2345 #          forward to extension 2345 (internal numbers only, P-COST-1)
//   #21#                cancel the forwarding
// Routing reads the code; `calls/` applies it through the presence core and confirms by voice.
import type { MunicipalityProfile } from '../policy/index.js';
import { Temporal, atStockholm, stockholmDate, type Instant, type PlainDate } from '../time.js';
import type { PlanBuilder } from './builder.js';
import { isInternalNumber, numberKey } from './numbers.js';
import type { PhoneCode, RuleId } from './plan.js';
import { refusal } from './refusals.js';

export type ParsedPhoneCode = { ok: true; code: PhoneCode } | { ok: false; sv: string; en: string };

/** Does the dialled string look like a phone code rather than a number? */
export function isPhoneCode(dialled: string): boolean {
  return /^\s*[*#]/.test(dialled);
}

function invalid(sv: string, en: string): ParsedPhoneCode {
  return { ok: false, sv, en };
}

const UNREADABLE = invalid('Koden kunde inte tolkas. Försök igen.', 'The phone code could not be read.');

function dateIn(year: number, month: number, day: number): PlainDate | null {
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: 'reject' });
  } catch {
    return null;
  }
}

/** The return time of an absence code: today at hhmm, or on ddmm this year or the next. */
function untilOf(hhmm: string, ddmm: string | undefined, at: Instant): Instant | ParsedPhoneCode {
  const hour = Number(hhmm.slice(0, 2));
  const minute = Number(hhmm.slice(2));
  if (hour > 23 || minute > 59) return invalid(`${hhmm} är ingen giltig tid.`, `${hhmm} is not a valid time.`);
  const time = `${hhmm.slice(0, 2)}:${hhmm.slice(2)}`;
  const today = stockholmDate(at);
  if (ddmm === undefined) {
    const until = atStockholm(today, time);
    if (Temporal.Instant.compare(until, at) > 0) return until;
    return invalid(`Klockan ${hhmm.slice(0, 2)}.${hhmm.slice(2)} har redan passerat. Ange en senare tid.`, `${time} has already passed today.`);
  }
  const day = Number(ddmm.slice(0, 2));
  const month = Number(ddmm.slice(2));
  for (const year of [today.year, today.year + 1]) {
    const date = dateIn(year, month, day);
    if (date === null) continue;
    const until = atStockholm(date, time);
    if (Temporal.Instant.compare(until, at) > 0) return until;
  }
  return invalid(`${ddmm.slice(0, 2)}/${ddmm.slice(2)} är inget giltigt datum.`, `${ddmm} (DDMM) is not a valid date.`);
}

/** Reads a phone code against the profile's codes and absence reasons. */
export function parsePhoneCode(dialled: string, profile: MunicipalityProfile, at: Instant): ParsedPhoneCode {
  const s = dialled.replace(/\s+/g, '');
  const codes = profile.phoneCodes;
  if (s === codes.backNow) return { ok: true, code: { code: 'back-now' } };
  if (s === codes.cancelForward) return { ok: true, code: { code: 'cancel-forward' } };

  // The longer prefix first, in case a municipality's codes share a beginning.
  const prefixed = [
    { prefix: codes.absence, kind: 'absence' as const },
    { prefix: codes.forward, kind: 'forward' as const },
  ].sort((x, y) => y.prefix.length - x.prefix.length);
  for (const { prefix, kind } of prefixed) {
    if (!s.startsWith(prefix)) continue;
    const body = s.slice(prefix.length);
    if (kind === 'forward') {
      const m = /^(\d{2,15})#$/.exec(body);
      return m ? { ok: true, code: { code: 'forward', number: m[1]! } } : UNREADABLE;
    }
    const m = /^(\d)(\d{4})?(\d{4})?#$/.exec(body);
    if (!m) return UNREADABLE;
    const reason = profile.absenceReasons.find((r) => r.phoneDigit === m[1]);
    if (reason === undefined) return invalid(`Det finns ingen frånvaroorsak med siffran ${m[1]}.`, `No absence reason has the digit ${m[1]}.`);
    if (m[2] === undefined) return { ok: true, code: { code: 'absence', reason: reason.code, until: null } };
    const until = untilOf(m[2], m[3], at);
    return 'ok' in until ? until : { ok: true, code: { code: 'absence', reason: reason.code, until } };
  }
  return UNREADABLE;
}

const RULE_OF: Record<PhoneCode['code'], RuleId> = {
  absence: 'P-DIV-6',
  'back-now': 'P-DIV-4',
  forward: 'P-COST-1',
  'cancel-forward': 'P-DIV-6',
};

/** A phone code dialled by one of our own, known callers; everyone else hears a refusal. */
export function routePhoneCode(b: PlanBuilder): void {
  b.reached = { kind: 'phone-code' };
  const personId = b.call.caller.personId;
  if (!b.call.internal || personId === undefined) {
    b.add(refusal('phone-code-not-allowed'));
    return;
  }
  const parsed = parsePhoneCode(b.call.dialled, b.profile, b.call.at);
  if (!parsed.ok) {
    b.add(refusal('phone-code-invalid', parsed));
    return;
  }
  const code = parsed.code;
  // P-COST-1: direct forwarding may go to internal numbers only.
  if (code.code === 'forward' && !isInternalNumber(code.number, b.profile)) {
    b.add(refusal('forward-external'));
    return;
  }
  const step = code.code === 'forward' ? { ...code, number: numberKey(code.number) ?? code.number } : code;
  b.add({ kind: 'phone-code', personId, rule: RULE_OF[code.code], ...step });
}
