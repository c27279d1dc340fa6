// The plan under construction: the steps so far, what has already been tried, and the
// questions about the world that a plan asks more than once (presence, "is the switchboard
// open?"), each asked once.
import { isOpen, type HoursSettings } from '../hours/index.js';
import type { PresenceStatus } from '../presence/index.js';
import type { CallPlan, Deviation, DeviationCode, PlanRecord, PlanStep, Reached, RingRole, RuleId, VoicemailBox } from './plan.js';
import type { CallRequest, FunctionFacts, PersonFacts, RoutingWorld, UnitFacts } from './world.js';

/** P-DIV-1: diversions are followed this many hops (A -> B -> C -> D), then voicemail. */
export const MAX_DIVERSION_HOPS = 3;
/** Members rung at once by a 'together' function; more phones ringing adds only noise. */
export const TOGETHER_MAX_MEMBERS = 20;
/** Members rung one after the other by an 'in-turn' function: 5 x 24 s is already two minutes. */
export const IN_TURN_MAX_MEMBERS = 5;

/** Hours that apply, and whose they are (for the announcement). */
export interface ScopedHours {
  settings: HoursSettings;
  scope: { kind: 'unit'; unitId: string } | { kind: 'function'; functionId: string };
}

export class PlanBuilder {
  readonly steps: PlanStep[] = [];
  private readonly deviations: Deviation[] = [];
  private readonly deviationKeys = new Set<string>();
  private readonly rung = new Set<string>();
  private readonly presence = new Map<string, PresenceStatus>();
  private queued = false;
  private open: boolean | null = null;
  reached: Reached = { kind: 'unknown' };
  presenceRecord: PlanRecord['presence'] = null;
  outsidePhoneHours = false;

  constructor(
    readonly call: CallRequest,
    readonly world: RoutingWorld,
  ) {}

  get profile() {
    return this.world.profile;
  }

  /** P-SWB-7: the caller's class in the switchboard queue. */
  get priority(): 'external' | 'internal' {
    return this.call.internal ? 'internal' : 'external';
  }

  add(step: PlanStep): void {
    this.steps.push(step);
  }

  /** Records a deviation once, however many paths of the plan meet it. */
  deviate(code: DeviationCode, rule: string, about: { personId?: string; functionId?: string } = {}): void {
    const key = `${code}|${about.personId ?? ''}|${about.functionId ?? ''}`;
    if (this.deviationKeys.has(key)) return;
    this.deviationKeys.add(key);
    this.deviations.push({ code, rule, ...about });
  }

  statusOf(personId: string): PresenceStatus {
    let s = this.presence.get(personId);
    if (s === undefined) {
      s = this.world.presenceOf(personId);
      this.presence.set(personId, s);
    }
    return s;
  }

  /** A phone is registered, or the mobile rings as the extension (P-MOB-8). */
  reachable(p: PersonFacts): boolean {
    return p.registeredContacts > 0 || p.mobileExtension;
  }

  /** Present by presence, reachable, and not yet rung in this plan. */
  canRing(p: PersonFacts): boolean {
    return !this.rung.has(p.id) && this.reachable(p) && this.statusOf(p.id).state === 'available';
  }

  switchboardOpen(): boolean {
    if (this.open === null) {
      const at = this.call.at;
      this.open = this.world.switchboardOpen ? this.world.switchboardOpen(at) : isOpen(at, this.profile.switchboardHours);
    }
    return this.open;
  }

  /** One ring step for the people not rung yet (each once); false when none are left. */
  ring(people: readonly PersonFacts[], role: RingRole, rule: RuleId, functionId?: string): boolean {
    const fresh: PersonFacts[] = [];
    for (const p of people) {
      if (this.rung.has(p.id)) continue;
      this.rung.add(p.id);
      fresh.push(p);
    }
    if (fresh.length === 0) return false;
    this.add({
      kind: 'ring',
      targets: fresh.map((p) => ({ kind: 'person', personId: p.id, devices: 'all-registered', mobileExtension: p.mobileExtension })),
      seconds: this.profile.ringTimeSeconds,
      role,
      ...(functionId === undefined ? {} : { functionId }),
      rule,
    });
    return true;
  }

  /**
   * The switchboard queue, when it is open and the call has not queued there already.
   * P-SWB-7: external callers are served first.
   */
  queueAtSwitchboard(rule: RuleId): boolean {
    if (this.queued || !this.switchboardOpen()) return false;
    this.queued = true;
    this.add({ kind: 'queue', queue: 'switchboard', priority: this.priority, maxWaitSeconds: this.profile.queue.maxWaitSeconds, rule });
    return true;
  }

  voicemail(box: VoicemailBox, rule: RuleId): void {
    this.add({ kind: 'voicemail', box, rule });
  }

  /** Members of `fn` that can ring now, in ring order, each once, at most `limit`. */
  availableMembers(fn: FunctionFacts, limit: number): PersonFacts[] {
    const out: PersonFacts[] = [];
    const seen = new Set<string>();
    for (const id of fn.memberIds) {
      if (out.length >= limit) break;
      if (seen.has(id)) continue;
      seen.add(id);
      const p = this.world.person(id);
      if (p !== undefined && this.canRing(p)) out.push(p);
    }
    return out;
  }

  /** The unit and its parents, nearest first; stops at a cycle. */
  private *unitChain(unitId: string | undefined): Generator<UnitFacts> {
    const seen = new Set<string>();
    for (let id = unitId; id !== undefined && !seen.has(id); ) {
      seen.add(id);
      const u = this.world.unit(id);
      if (u === undefined) return;
      yield u;
      id = u.parentId;
    }
  }

  /** The nearest special phone hours of a unit or its parents (P-HRS-1). */
  phoneHoursOfUnit(unitId: string | undefined): ScopedHours | null {
    for (const u of this.unitChain(unitId)) {
      if (u.phoneHours !== null) return { settings: u.phoneHours, scope: { kind: 'unit', unitId: u.id } };
    }
    return null;
  }

  phoneHoursOfFunction(fn: FunctionFacts): ScopedHours | null {
    return fn.phoneHours !== null ? { settings: fn.phoneHours, scope: { kind: 'function', functionId: fn.id } } : this.phoneHoursOfUnit(fn.unitId);
  }

  /** Outside the hours, for an external caller? Internal calls are work calls and get through (P-HRS-1). */
  closedForCaller(hours: ScopedHours | null): boolean {
    return !this.call.internal && hours !== null && !isOpen(this.call.at, hours.settings);
  }

  /** P-DIV-10: the reception ("expeditionen") of the unit or its nearest parent that has one. */
  receptionOf(unitId: string | undefined): string | null {
    for (const u of this.unitChain(unitId)) if (u.receptionFunctionId !== null) return u.receptionFunctionId;
    return null;
  }

  build(): CallPlan {
    const rules: string[] = [];
    for (const s of this.steps) if (s.rule !== null && !rules.includes(s.rule)) rules.push(s.rule);
    return {
      steps: this.steps,
      record: {
        dialled: this.call.dialled,
        callerInternal: this.call.internal,
        origin: this.call.origin.kind,
        reached: this.reached,
        presence: this.presenceRecord,
        switchboardOpen: this.open,
        outsidePhoneHours: this.outsidePhoneHours,
        deviations: this.deviations,
        rules,
      },
    };
  }
}
