// Calls to people, functions and the switchboard: who rings, in what order, and where the
// call ends when nobody answers. Every path ends in voicemail, a queue followed by voicemail,
// or a spoken refusal (P-FC-1).
import { dayHours, isOpen, nextOpening, statusSentence } from '../hours/index.js';
import type { DiversionTarget, PresenceStatus } from '../presence/index.js';
import type { MunicipalityProfile } from '../policy/index.js';
import { stockholmDate } from '../time.js';
import { IN_TURN_MAX_MEMBERS, MAX_DIVERSION_HOPS, TOGETHER_MAX_MEMBERS, type PlanBuilder, type ScopedHours } from './builder.js';
import type { AnsweringMachineStep, RingRole, RuleId } from './plan.js';
import { isInternalNumber, lookupNumber, numberKey } from './numbers.js';
import { refusal } from './refusals.js';
import type { FunctionFacts, PersonFacts } from './world.js';

/** How a diversion or overflow is being followed. */
interface Trail {
  /** Hops taken so far (P-DIV-1: at most MAX_DIVERSION_HOPS). */
  hops: number;
  /** 'person:<id>' and 'function:<id>' already on the way, to detect loops. */
  visited: ReadonlySet<string>;
  /** Who rings when a present person is reached this way, and by which rule. */
  role: RingRole;
  rule: RuleId;
}

function startTrail(visited: string[], role: RingRole, rule: RuleId): Trail {
  return { hops: 0, visited: new Set(visited), role, rule };
}

/** Takes one hop to `key`, or records why not (a loop, too many hops) and returns null. */
function hop(b: PlanBuilder, trail: Trail, key: string, about: { personId?: string; functionId?: string }): Trail | null {
  if (trail.visited.has(key)) {
    b.deviate('diversion-loop', 'P-DIV-1', about);
    return null;
  }
  if (trail.hops >= MAX_DIVERSION_HOPS) {
    b.deviate('diversion-too-long', 'P-DIV-1', about);
    return null;
  }
  return { ...trail, hops: trail.hops + 1, visited: new Set([...trail.visited, key]) };
}

// ---- people ---------------------------------------------------------------------------------

export function routePerson(b: PlanBuilder, personId: string): void {
  b.reached = { kind: 'person', personId };
  const p = b.world.person(personId);
  if (p === undefined) {
    // The number plan names someone the directory does not know: stale data (P-DIV-11).
    b.deviate('target-missing', 'P-DIV-11', { personId });
    unknownNumber(b);
    return;
  }
  const status = b.statusOf(p.id);
  b.presenceRecord = status.state === 'absent' ? { state: 'absent', reason: status.reason, returnsAt: status.returnsAt } : { state: 'available' };

  const hours = b.phoneHoursOfUnit(p.unitId);
  if (hours !== null && b.closedForCaller(hours)) outsidePhoneHours(b, p, hours);
  else if (status.state === 'absent') absent(b, p, status);
  else present(b, p);
}

/** P-SWB-1, P-SWB-3, P-VM-1: the person, a colleague, the function, the switchboard, voicemail. */
function present(b: PlanBuilder, p: PersonFacts): void {
  if (b.reachable(p)) b.ring([p], 'sought', 'P-SWB-1');
  // P-DIV-1: present by presence but no phone to ring: the person should have been diverted.
  else b.deviate('unreachable-undiverted', 'P-DIV-1', { personId: p.id });

  // P-SWB-3: another person in the same function; then the rest of that function.
  for (const fn of functionsOf(b, p)) {
    const [colleague] = b.availableMembers(fn, 1);
    if (colleague === undefined) continue;
    b.ring([colleague], 'colleague', 'P-SWB-3', fn.id);
    ringMembers(b, fn, 'P-SWB-3');
    break;
  }
  // P-SWB-5: the switchboard can take a message or connect to voicemail.
  b.queueAtSwitchboard('P-SWB-5');
  personVoicemail(b, p);
}

/**
 * P-DIV-1, P-SWB-4: the caller hears the reason and the return time, then the diversion's
 * target, then the person's voicemail. "Öppen hänvisning" rings the person first.
 */
function absent(b: PlanBuilder, p: PersonFacts, status: Extract<PresenceStatus, { state: 'absent' }>): void {
  if (b.profile.absenceAnnouncement === 'after-ringing' && b.reachable(p)) b.ring([p], 'sought', 'P-DIV-1');
  const reason = b.profile.absenceReasons.find((r) => r.code === status.reason);
  b.add({
    kind: 'announce',
    sentence: 'absence',
    data: {
      personId: p.id,
      reason: status.reason,
      label: { sv: reason?.label ?? status.reason, en: reason?.labelEn ?? status.reason },
      returnsAt: status.returnsAt,
    },
    rule: 'P-DIV-1',
  });
  divert(b, p.unitId, status.target, startTrail([`person:${p.id}`], 'diversion', 'P-DIV-1'));
  personVoicemail(b, p);
}

/**
 * P-HRS-1: outside the unit's phone hours the call is diverted, never rejected: the caller
 * hears the phone hours, then the person's function if it answers now, the switchboard, and
 * the person's voicemail.
 */
function outsidePhoneHours(b: PlanBuilder, p: PersonFacts, hours: ScopedHours): void {
  announcePhoneHours(b, hours);
  for (const fn of functionsOf(b, p)) {
    if (b.closedForCaller(b.phoneHoursOfFunction(fn))) continue;
    ringMembers(b, fn, 'P-HRS-1');
    break;
  }
  b.queueAtSwitchboard('P-HRS-1');
  personVoicemail(b, p);
}

function announcePhoneHours(b: PlanBuilder, hours: ScopedHours): void {
  b.outsidePhoneHours = true;
  b.add({ kind: 'announce', sentence: 'phone-hours', data: { scope: hours.scope, opensAt: nextOpening(b.call.at, hours.settings) }, rule: 'P-HRS-1' });
}

/**
 * The person's voicemail (P-VM-1). When a manager has turned it off, the next that can take a
 * message: the switchboard, the person's function's voicemail, the switchboard's voicemail.
 */
function personVoicemail(b: PlanBuilder, p: PersonFacts): void {
  if (p.voicemailEnabled) {
    if (!p.hasGreeting) b.deviate('greeting-missing', 'P-VM-2', { personId: p.id });
    b.voicemail({ kind: 'person', personId: p.id, greeting: p.hasGreeting ? 'personal' : p.hasNameClip ? 'name-clip' : 'standard' }, 'P-VM-1');
    return;
  }
  b.deviate('voicemail-disabled', 'P-VM-1', { personId: p.id });
  b.queueAtSwitchboard('P-SWB-5');
  const [fn] = functionsOf(b, p);
  if (fn !== undefined) b.voicemail({ kind: 'function', functionId: fn.id }, 'P-VM-1');
  else b.voicemail({ kind: 'switchboard' }, 'P-FC-1');
}

function functionsOf(b: PlanBuilder, p: PersonFacts): FunctionFacts[] {
  const out: FunctionFacts[] = [];
  for (const id of p.functionIds) {
    const fn = b.world.serviceFunction(id);
    if (fn !== undefined) out.push(fn);
    else b.deviate('target-missing', 'P-DIV-11', { personId: p.id, functionId: id });
  }
  return out;
}

// ---- diversions and overflow -------------------------------------------------------------------

/**
 * Follows a diversion or overflow target. Adds what rings; never adds the final voicemail,
 * which belongs to whoever the caller sought. `unitId` is the unit whose reception a
 * 'reception' target means.
 */
function divert(b: PlanBuilder, unitId: string | undefined, target: DiversionTarget, trail: Trail): void {
  switch (target.kind) {
    case 'voicemail':
      return;
    case 'person':
      divertToPerson(b, target.personId, trail);
      return;
    case 'function':
      divertToFunction(b, target.functionId, trail);
      return;
    case 'reception': {
      // P-DIV-10: vacation and leave go to the unit's reception.
      const receptionId = b.receptionOf(unitId);
      if (receptionId !== null) divertToFunction(b, receptionId, { ...trail, rule: 'P-DIV-10' });
      else b.queueAtSwitchboard('P-DIV-10');
      return;
    }
    case 'switchboard':
      b.queueAtSwitchboard(trail.rule);
      return;
    case 'number':
      forwardTo(b, target.number, trail);
      return;
  }
}

function divertToPerson(b: PlanBuilder, personId: string, trail: Trail): void {
  const next = hop(b, trail, `person:${personId}`, { personId });
  if (next === null) return;
  const q = b.world.person(personId);
  if (q === undefined) {
    b.deviate('target-missing', 'P-DIV-11', { personId });
    return;
  }
  const status = b.statusOf(q.id);
  if (status.state === 'absent') {
    // Absent too: follow their own diversion, hop by hop.
    divert(b, q.unitId, status.target, { ...next, role: 'diversion', rule: 'P-DIV-1' });
  } else if (b.reachable(q)) {
    b.ring([q], trail.role, trail.rule);
  } else {
    b.deviate('unreachable-undiverted', 'P-DIV-1', { personId: q.id });
  }
}

function divertToFunction(b: PlanBuilder, functionId: string, trail: Trail): void {
  const next = hop(b, trail, `function:${functionId}`, { functionId });
  if (next === null) return;
  const fn = b.world.serviceFunction(functionId);
  if (fn === undefined) {
    b.deviate('target-missing', 'P-DIV-11', { functionId });
    return;
  }
  functionChain(b, fn, next);
}

/**
 * A function's members (together or in turn), then its overflow (P-GRP-1), then the
 * switchboard. The final voicemail is the caller's to add.
 */
function functionChain(b: PlanBuilder, fn: FunctionFacts, trail: Trail): void {
  if (!ringMembers(b, fn, trail.rule)) b.deviate('nobody-available', 'P-GRP-1', { functionId: fn.id });
  if (fn.overflow !== null) divert(b, fn.unitId, fn.overflow, { ...trail, role: 'overflow', rule: 'P-GRP-1' });
  b.queueAtSwitchboard('P-GRP-1');
}

/** Rings the function's available members by its strategy; false when nobody could ring. */
function ringMembers(b: PlanBuilder, fn: FunctionFacts, rule: RuleId): boolean {
  if (fn.ringStrategy === 'together') return b.ring(b.availableMembers(fn, TOGETHER_MAX_MEMBERS), 'function', rule, fn.id);
  const members = b.availableMembers(fn, IN_TURN_MAX_MEMBERS);
  for (const m of members) b.ring([m], 'function', rule, fn.id);
  return members.length > 0;
}

/**
 * P-COST-1: forwarding goes to internal numbers only. A number the directory knows is followed
 * like any other target; an internal number it does not know (a room, a shared phone) rings as
 * a `forward` step. An external number is never dialled: the deviation is recorded instead.
 */
function forwardTo(b: PlanBuilder, number: string, trail: Trail): void {
  const key = numberKey(number);
  if (key === null) {
    b.deviate('target-missing', 'P-DIV-11');
    return;
  }
  if (!isInternalNumber(key, b.profile)) {
    b.deviate('forward-external-blocked', 'P-COST-1');
    return;
  }
  const target = lookupNumber(key, b.world);
  switch (target?.kind) {
    case undefined:
      b.add({ kind: 'forward', number: key, seconds: b.profile.ringTimeSeconds, rule: 'P-COST-1' });
      return;
    case 'person':
      divertToPerson(b, target.personId, trail);
      return;
    case 'function':
      divertToFunction(b, target.functionId, trail);
      return;
    case 'switchboard':
      b.queueAtSwitchboard(trail.rule);
      return;
    default:
      // The voicemail number or the automatic operator: not a place to send a caller.
      b.deviate('target-missing', 'P-DIV-11');
  }
}

// ---- functions and the switchboard ---------------------------------------------------------------

/** A function's own number: its members, overflow, the switchboard, the function's voicemail. */
export function routeFunction(b: PlanBuilder, functionId: string): void {
  b.reached = { kind: 'function', functionId };
  const fn = b.world.serviceFunction(functionId);
  if (fn === undefined) {
    b.deviate('target-missing', 'P-DIV-11', { functionId });
    unknownNumber(b);
    return;
  }
  const hours = b.phoneHoursOfFunction(fn);
  if (hours !== null && b.closedForCaller(hours)) {
    // P-HRS-1: diverted with the phone hours, never rejected.
    announcePhoneHours(b, hours);
    b.queueAtSwitchboard('P-HRS-1');
  } else {
    functionChain(b, fn, startTrail([`function:${fn.id}`], 'overflow', 'P-GRP-1'));
  }
  b.voicemail({ kind: 'function', functionId: fn.id }, 'P-VM-1');
}

/** The main number and the operator extension. */
export function routeSwitchboard(b: PlanBuilder): void {
  b.reached = { kind: 'switchboard' };
  if (b.switchboardOpen()) {
    b.queueAtSwitchboard('P-SWB-7');
    // P-FC-1: a call that waits too long overflows, to an internal number or to voicemail.
    const overflow = b.profile.queue.overflowTo;
    if (overflow.kind === 'number') forwardTo(b, overflow.number, startTrail([], 'overflow', 'P-FC-1'));
  } else {
    answeringMachine(b);
  }
  // P-VM-1: a caller can always leave a message.
  b.voicemail({ kind: 'switchboard' }, 'P-VM-1');
}

// What the machine says about the hours depends only on the Stockholm date and the next
// opening: every instant of one closed spell (lunch, the night, a holiday weekend) gives the
// same status line. Working it out takes the hours module a few milliseconds, so it is kept
// per profile, date and next opening. Profiles are values: an edited profile is a new object.
type MachineHours = Pick<AnsweringMachineStep, 'status' | 'today'>;
const MACHINE_CACHE_SIZE = 1024;
const machineHours = new WeakMap<MunicipalityProfile, Map<string, MachineHours>>();

/** P-SWB-6: opening hours (today's exception included) and the on-call numbers that apply now. */
function answeringMachine(b: PlanBuilder): void {
  const { profile } = b;
  const at = b.call.at;
  const hours = profile.switchboardHours;
  const opensAt = nextOpening(at, hours);
  const date = stockholmDate(at);
  let cache = machineHours.get(profile);
  if (cache === undefined) machineHours.set(profile, (cache = new Map()));
  const key = `${date.toString()}|${opensAt?.epochMilliseconds ?? 'never'}`;
  let said = cache.get(key);
  if (said === undefined) {
    if (cache.size >= MACHINE_CACHE_SIZE) cache.clear();
    const today = dayHours(date, hours, 'sv');
    // Shared by every plan that uses it, so frozen.
    said = Object.freeze({
      status: Object.freeze({ sv: statusSentence(at, hours, 'sv'), en: statusSentence(at, hours, 'en') }),
      today: Object.freeze({ date: today.date, intervals: Object.freeze(today.intervals.map((i) => Object.freeze(i))) as AnsweringMachineStep['today']['intervals'], note: today.note }),
    });
    cache.set(key, said);
  }
  b.add({
    kind: 'answering-machine',
    municipality: profile.name,
    ...said,
    opensAt,
    onCall: profile.onCall
      .filter((o) => o.when === 'always' || o.when === 'switchboard-closed' || isOpen(at, o.when))
      // P-COST-1: connecting a caller to an external mobile is forwarding to an external number.
      .map((o) => ({ label: o.label, number: o.number, connectable: isInternalNumber(o.number, profile) })),
    rule: 'P-SWB-6',
  });
}

/**
 * "Numret finns inte" (P-FC-1). An external caller then reaches the switchboard when it is open
 * (they were looking for the municipality); otherwise the spoken refusal ends the call.
 */
export function unknownNumber(b: PlanBuilder): void {
  if (!b.call.internal && b.switchboardOpen()) {
    b.add({ kind: 'announce', sentence: 'number-unknown', data: { dialled: b.call.dialled }, rule: 'P-FC-1' });
    b.queueAtSwitchboard('P-SWB-7');
    b.voicemail({ kind: 'switchboard' }, 'P-FC-1');
  } else {
    b.add(refusal('number-unknown'));
  }
}
