// The automatic operator ("automatisk telefonist", Vara's 31818, P-DIV-6). Callers key the
// extension of the one they seek, or 0 (or nothing) for the switchboard. Employees press *,
// give extension and PIN (P-SEC-1), and set a diversion by menu: a reason from the profile's
// phone-code reasons and a return time hhmm (and date ddmm), or 0 for "Åter" (P-DIV-4).
//
//   caller:   "Välkommen till den automatiska telefonisten. Slå anknytningsnumret till den du
//             söker, eller vänta kvar så kopplas du till växeln. Är du anställd, tryck stjärna."
//   employee: extension # -> PIN # -> "Välj frånvaroorsak. Tryck 1 för möte, …" -> hhmm ->
//             ddmm or # -> "Hänvisningen är registrerad. Du är på möte och är åter …"
import type { AnchoredCaller } from '../ports.js';
import { parsePhoneCode } from '../../core/routing/index.js';
import type { AbsenceReason } from '../../core/policy/index.js';
import type { Instant } from '../../core/time.js';
import { sayConnectingTo, sayReasonMenu, type Plan } from '../../prompts/say.js';
import type { IvrDeps, IvrTiming } from './index.js';
import { DigitReader } from './digits.js';
import { phoneCodeProblemClip } from './announcements.js';
import { backNowByPhone, setAbsenceByPhone } from './phone-codes.js';
import { verifyPhonePin } from './pin.js';
import { sayOrApologise, timingOf, whoOf } from './speak.js';

/** Wrong entries a caller gets per call before the switchboard (callers) or good-bye (PIN). */
export const MAX_TRIES = 3;

const WELCOME: Plan = ['ao.welcome', 'silence.500', 'ao.dial-extension', 'ao.or-wait', 'silence.500', 'ao.employee'];
const GOODBYE: Plan = ['silence.500', 'call.goodbye'];
/** The longest PIN the profile can set (P-SEC-1: 4-8 digits), so a '#' is never required. */
const PIN_MAX = 8;

type Result = { dial: string } | null;

interface Session {
  call: AnchoredCaller;
  deps: IvrDeps;
  reader: DigitReader;
  timing: IvrTiming;
  /** The longest extension of the number plan. */
  extensionLength: number;
}

/** P-FC-1: a caller who does not key an extension reaches the switchboard. */
async function toSwitchboard(s: Session): Promise<Result> {
  await sayOrApologise(s.call, sayConnectingTo('switchboard'), s.deps);
  const plan = s.deps.profile.numberPlan;
  return s.call.hangup.aborted ? null : { dial: plan.operatorExtension || plan.mainNumber };
}

/** Whom an extension reaches: a person, a function, or one of the profile's services. */
async function reachable(s: Session, extension: string): Promise<{ kind: 'person'; id: string } | { kind: 'other' } | { kind: 'switchboard' } | null> {
  const plan = s.deps.profile.numberPlan;
  if (extension === plan.operatorExtension) return { kind: 'switchboard' };
  if (extension === plan.automaticOperatorNumber) return null; // calling itself again helps nobody
  if (extension === plan.voicemailNumber) return { kind: 'other' };
  const db = s.deps.ctx.store.db;
  const person = await db.selectFrom('people').select('id')
    .where('tenant_id', '=', s.call.tenantId).where('extension', '=', extension).where('deactivated_at', 'is', null)
    .executeTakeFirst();
  if (person) return { kind: 'person', id: person.id };
  const fn = await db.selectFrom('functions').select('id').where('tenant_id', '=', s.call.tenantId).where('extension', '=', extension).executeTakeFirst();
  return fn ? { kind: 'other' } : null;
}

async function caller(s: Session): Promise<Result> {
  const { call, deps, reader, timing } = s;
  const zeroIsSwitchboard = !deps.profile.numberPlan.extensionRanges.some((r) => r.from.startsWith('0'));
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const prompt: Plan = attempt === 0 ? WELCOME : ['ao.extension-missing', 'silence.500', 'ao.dial-extension', 'ao.or-wait'];
    if ((await sayOrApologise(call, prompt, deps, reader)) === 'hangup') return null;
    const first = await reader.next(timing.firstDigitMs);
    if (first === null) return call.hangup.aborted ? null : toSwitchboard(s);
    if (first === '*') return employee(s);
    if (first === '0' && zeroIsSwitchboard) return toSwitchboard(s);
    const rest = await reader.collect({ max: s.extensionLength - 1, terminator: '#', timeoutMs: timing.interDigitMs });
    if (rest.ended === 'aborted') return null;
    const extension = (first === '#' ? '' : first) + rest.digits;
    const target = extension === '' ? null : await reachable(s, extension);
    if (target?.kind === 'switchboard') return toSwitchboard(s);
    if (target) {
      const who = target.kind === 'person' ? await whoOf(call, target.id, deps) : { extension };
      await sayOrApologise(call, sayConnectingTo(who), deps);
      return call.hangup.aborted ? null : { dial: extension };
    }
    reader.flush();
  }
  return toSwitchboard(s);
}

/** Extension and PIN (P-SEC-1), at most MAX_TRIES per call; the person's id, or null. */
async function logIn(s: Session): Promise<string | null> {
  const { call, deps, reader, timing } = s;
  // "Ange ditt anknytningsnummer följt av fyrkant", "Ange din kod följd av fyrkant".
  const entry = { terminator: '#', trailingTerminator: true, timeoutMs: timing.firstDigitMs, interDigitMs: timing.interDigitMs };
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    if ((await sayOrApologise(call, attempt === 0 ? ['ao.enter-extension'] : ['vm.wrong-pin', 'silence.500', 'ao.enter-extension'], deps, reader)) === 'hangup') return null;
    const extension = await reader.collect({ ...entry, max: s.extensionLength });
    if (extension.ended === 'aborted') return null;
    if ((await sayOrApologise(call, ['vm.enter-pin'], deps, reader)) === 'hangup') return null;
    const pin = await reader.collect({ ...entry, max: PIN_MAX });
    if (pin.ended === 'aborted') return null;
    if (extension.digits === '' && pin.digits === '') continue; // nothing keyed: ask again, count nothing
    const verdict = await verifyPhonePin(deps, call.tenantId, extension.digits, pin.digits);
    if (verdict.kind === 'ok') return verdict.personId; // keys pressed ahead go on to the menu
    reader.flush();
    if (verdict.kind === 'blocked') break;
  }
  await sayOrApologise(call, ['vm.too-many-attempts', ...GOODBYE], deps);
  return null;
}

/**
 * The return time by keys: hhmm, then ddmm or '#' for today. Read by routing's own phone-code
 * parser (the same rules as *23: a time already passed today is refused, a date that has
 * passed means next year). '#' alone at the time takes the reason's default length. Returns
 * undefined when the caller gave up or hung up.
 */
async function returnTime(s: Session, reason: AbsenceReason): Promise<Instant | null | undefined> {
  const { call, deps, reader, timing } = s;
  const entry = { max: 4, terminator: '#', timeoutMs: timing.firstDigitMs, interDigitMs: timing.interDigitMs };
  let prompt: Plan = ['ao.enter-return-time'];
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    if ((await sayOrApologise(call, prompt, deps, reader)) === 'hangup') return undefined;
    const time = await reader.collect(entry);
    if (time.ended === 'aborted') return undefined;
    // P-DIV-3: no time is fine only where the reason has a default length.
    if (time.digits === '' && time.ended === 'terminator' && reason.defaultLength !== undefined) return null;
    let date = '';
    if (time.digits.length === 4) {
      if ((await sayOrApologise(call, ['ao.enter-return-date'], deps, reader)) === 'hangup') return undefined;
      const entered = await reader.collect(entry);
      if (entered.ended === 'aborted') return undefined;
      date = entered.digits;
    }
    if (time.digits.length === 4 && (date === '' || date.length === 4)) {
      const parsed = parsePhoneCode(`${deps.profile.phoneCodes.absence}${reason.phoneDigit}${time.digits}${date}#`, deps.profile, deps.ctx.clock.now());
      if (parsed.ok && parsed.code.code === 'absence') return parsed.code.until;
      reader.flush();
      prompt = [parsed.ok ? 'code.invalid-time' : phoneCodeProblemClip(parsed.en), 'silence.500', 'ao.enter-return-time'];
    } else {
      reader.flush();
      prompt = ['code.invalid-time', 'silence.500', 'ao.enter-return-time'];
    }
  }
  return undefined;
}

async function employee(s: Session): Promise<Result> {
  const { call, deps, reader, timing } = s;
  const personId = await logIn(s);
  if (!personId) return null;
  const reasons = deps.profile.absenceReasons;
  const menu: Plan = [...sayReasonMenu(reasons.map((r) => ({ code: r.code, phoneDigit: r.phoneDigit }))), 'silence.500', 'ao.press-0-back'];
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    if ((await sayOrApologise(call, attempt === 0 ? menu : ['vm.invalid-choice', 'silence.500', ...menu], deps, reader)) === 'hangup') return null;
    const key = await reader.next(timing.menuChoiceMs);
    if (key === null && call.hangup.aborted) return null;
    if (key === '0') {
      // P-DIV-4: "Åter".
      const outcome = await backNowByPhone(call, personId, deps, 'automatic-operator');
      await sayOrApologise(call, [...outcome.plan, ...GOODBYE], deps);
      return null;
    }
    const reason = reasons.find((r) => r.phoneDigit === key);
    if (!reason) {
      reader.flush();
      continue;
    }
    const until = await returnTime(s, reason);
    if (until === undefined) break;
    const outcome = await setAbsenceByPhone(call, personId, reason.code, until, deps, 'automatic-operator');
    await sayOrApologise(call, [...outcome.plan, ...GOODBYE], deps);
    return null;
  }
  if (!call.hangup.aborted) await sayOrApologise(call, GOODBYE.slice(1), deps);
  return null;
}

/**
 * P-DIV-6: runs the automatic operator. Returns the number to dial for a caller (an extension,
 * or the switchboard's), or null when the caller is done (an employee set a diversion, gave
 * up, or hung up).
 */
export async function runAutomaticOperator(call: AnchoredCaller, deps: IvrDeps): Promise<Result> {
  if (call.hangup.aborted) return null;
  const lengths = deps.profile.numberPlan.extensionRanges.map((r) => r.from.length);
  const reader = new DigitReader(call.session, call.hangup);
  const s: Session = { call, deps, reader, timing: timingOf(deps), extensionLength: Math.max(1, ...lengths) };
  try {
    return await caller(s);
  } catch {
    // The store failed, say: P-FC-1, the caller is not left in silence.
    return call.hangup.aborted ? null : toSwitchboard(s);
  } finally {
    reader.close();
  }
}

