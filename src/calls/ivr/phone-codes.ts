// Diversion from the phone (P-DIV-6): phone codes (*23 1 1430 #, #23#, *21 2345 #, #21#) and
// the automatic operator's menu both end here. Changes go through the presence service as
// the person themself (so its permission check and events apply) and are confirmed by voice;
// a failure is spoken too, never silence (P-FC-1). Each change made by phone also gets an
// audit entry with the person as actor, so follow-up can tell phone codes from the web.
import type { AnchoredCaller } from '../ports.js';
import type { PhoneCodeStep } from '../../core/routing/index.js';
import { DomainError } from '../../core/errors.js';
import { defaultEnd, type Absence, type DiversionTarget } from '../../core/presence/index.js';
import type { AbsenceReason } from '../../core/policy/index.js';
import type { Instant } from '../../core/time.js';
import type { Actor, Role } from '../../http/context.js';
import { audit } from '../../services/audit/audit.js';
import type { AbsenceRequest } from '../../services/presence/service.js';
import { sayDiversionSet, sayRefusal, type Plan } from '../../prompts/say.js';
import type { IvrDeps } from './index.js';
import { sayOrApologise } from './speak.js';

/** How the change reached us, for the audit entry. */
export type PhoneVia = 'phone-code' | 'automatic-operator';

/** What to say after trying a change: the receipt, or why it failed. */
export interface PhoneOutcome {
  ok: boolean;
  plan: Plan;
}

/**
 * Marks the absences a forward code made, so that the cancel code removes them whole, while
 * a forward set on someone's own absence only loses its number. The note is private (P-SEC-2).
 */
export const FORWARD_NOTE = 'Vidarekoppling satt med telefonkod';

/** The reason a forward without an absence is stored with (P-DIV-2: every absence has one). */
const FORWARD_REASON = 'out';

/** The person acting for themself; null when they are not (or no longer) one of this tenant's. */
export async function selfActor(deps: IvrDeps, tenantId: string, personId: string): Promise<Actor | null> {
  const row = await deps.ctx.store.db
    .selectFrom('people').select('role')
    .where('tenant_id', '=', tenantId).where('id', '=', personId).where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return row ? { kind: 'person', id: personId, personId, tenantId, role: row.role as Role } : null;
}

/** "Koden är felaktig. Ange tid för åter med fyra siffror." */
const RETURN_TIME_NEEDED: Plan = ['code.invalid', 'silence.200', 'ao.enter-return-time'];

function failurePlan(e: unknown): Plan {
  const codes = e instanceof DomainError ? e.problems.map((p) => p.code) : [];
  // P-COST-1: forwarding to an external number is never allowed.
  if (codes.includes('absence.target.number.external')) return sayRefusal('external-forward');
  // P-DIV-3: a reason without a default length needs a return time.
  if (codes.includes('absence.end.required')) return RETURN_TIME_NEEDED;
  if (codes.includes('absence.end.not-after-start')) return ['code.time-passed'];
  if (codes.includes('absence.reason.unknown')) return ['code.unknown-reason'];
  if (codes.length > 0) return ['code.invalid'];
  return ['call.try-later'];
}

const NOT_ONE_OF_OURS: PhoneOutcome = { ok: false, plan: sayRefusal('not-allowed') };

/** The audit entry of a change made by phone: 'phone.absence', 'phone.back-now', … */
async function record(deps: IvrDeps, call: AnchoredCaller, actor: Actor, at: Instant, via: PhoneVia, what: string, absenceId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await audit(deps.ctx.store.db, actor, call.tenantId, at, { action: `phone.${what}`, entity: 'absence', entityId: absenceId, detail: { via, callId: call.callId, ...detail } });
}

/** Where calls go during an absence set by phone: the reason's default (P-DIV-10), else voicemail. */
function targetOf(reason: AbsenceReason): DiversionTarget {
  return { kind: reason.defaultTarget ?? 'voicemail' };
}

/**
 * Sets an absence from now to `until` (or the reason's default length). It replaces what is
 * in effect now ("a new code overrides the old one", as on every PBX): a person who leaves a
 * meeting for lunch is at lunch, not still in the meeting. Planned absences stay.
 */
export async function setAbsenceByPhone(call: AnchoredCaller, personId: string, reasonCode: string, until: Instant | null, deps: IvrDeps, via: PhoneVia): Promise<PhoneOutcome> {
  const actor = await selfActor(deps, call.tenantId, personId);
  if (!actor) return NOT_ONE_OF_OURS;
  const reason = deps.profile.absenceReasons.find((r) => r.code === reasonCode);
  if (!reason) return { ok: false, plan: ['code.unknown-reason'] };
  // P-DIV-3: without a return time the reason's default length must give one; checked before
  // anything in effect is ended.
  if (until === null && reason.defaultLength === undefined) return { ok: false, plan: RETURN_TIME_NEEDED };
  const now = deps.ctx.clock.now();
  try {
    await deps.ctx.presence.backNow(actor, call.tenantId, personId);
    const absence = await deps.ctx.presence.create(actor, personId, { reason: reason.code, start: now, ...(until ? { end: until } : {}), target: targetOf(reason) });
    await record(deps, call, actor, now, via, 'absence', absence.id, { reason: reason.code, end: absence.end.toString() });
    // P-DIV-3: the receipt says the return of the whole chain (a planned absence may follow on).
    const status = await deps.ctx.presence.statusOf(call.tenantId, personId, now);
    const returnsAt = status.state === 'absent' ? status.returnsAt : absence.end;
    return { ok: true, plan: sayDiversionSet({ reason: reason.code, returnsAt, now }) };
  } catch (e) {
    return { ok: false, plan: failurePlan(e) };
  }
}

/** "Åter" (P-DIV-4): ends what is in effect now; planned absences stay. */
export async function backNowByPhone(call: AnchoredCaller, personId: string, deps: IvrDeps, via: PhoneVia): Promise<PhoneOutcome> {
  const actor = await selfActor(deps, call.tenantId, personId);
  if (!actor) return NOT_ONE_OF_OURS;
  try {
    const now = deps.ctx.clock.now();
    const changed = await deps.ctx.presence.backNow(actor, call.tenantId, personId);
    await record(deps, call, actor, now, via, 'back-now', null, { changed });
    return { ok: true, plan: ['code.back-now'] };
  } catch (e) {
    return { ok: false, plan: failurePlan(e) };
  }
}

/**
 * Forwards calls to an internal number (P-COST-1). During an absence, the absence in effect
 * gets the number as its target and keeps its reason, return time and note (a weekly series
 * is left alone: today's occurrence is replaced by a one-off copy that forwards). Without an
 * absence, the forward is stored as "Tillfälligt ute" for the rest of the working day (P-DIV-9:
 * not longer than necessary), marked so that the cancel code removes it whole.
 */
export async function forwardByPhone(call: AnchoredCaller, personId: string, number: string, deps: IvrDeps, via: PhoneVia): Promise<PhoneOutcome> {
  const actor = await selfActor(deps, call.tenantId, personId);
  if (!actor) return NOT_ONE_OF_OURS;
  const tenant = await deps.ctx.tenants.get(call.tenantId);
  // P-COST-1: routing refuses external numbers already; the IVR does not rely on it.
  if (!tenant.isInternalNumber(number)) return { ok: false, plan: sayRefusal('external-forward') };
  const target: DiversionTarget = { kind: 'number', number };
  try {
    const now = deps.ctx.clock.now();
    const status = await deps.ctx.presence.statusOf(call.tenantId, personId, now);
    let absence: Absence;
    if (status.state === 'absent' && !status.current.absence.recurrence) {
      absence = await deps.ctx.presence.update(actor, status.current.absence.id, { ...requestOf(status.current.absence), target });
    } else if (status.state === 'absent') {
      const series = status.current.absence;
      await deps.ctx.presence.backNow(actor, call.tenantId, personId);
      absence = await deps.ctx.presence.create(actor, personId, { reason: series.reason, start: now, end: status.current.end, target, ...(series.note ? { note: series.note } : {}) });
    } else {
      const reason = (deps.profile.absenceReasons.find((r) => r.code === FORWARD_REASON) ?? deps.profile.absenceReasons[0])?.code;
      if (reason === undefined) return { ok: false, plan: ['code.invalid'] };
      const end = defaultEnd({ code: reason, label: '', defaultLength: 'rest-of-day' }, now, tenant.workingTime)!;
      absence = await deps.ctx.presence.create(actor, personId, { reason, start: now, end, target, note: FORWARD_NOTE });
    }
    await record(deps, call, actor, now, via, 'forward', absence.id, { number, end: absence.end.toString() });
    return { ok: true, plan: ['code.forward-set'] };
  } catch (e) {
    return { ok: false, plan: failurePlan(e) };
  }
}

function requestOf(a: Absence): AbsenceRequest {
  return {
    reason: a.reason,
    start: a.start,
    end: a.end,
    target: a.target,
    ...(a.note !== undefined ? { note: a.note } : {}),
    ...(a.recurrence ? { recurrence: a.recurrence } : {}),
    exceptions: a.exceptions,
  };
}

/**
 * Ends forwarding: absences the forward code made are removed; other current or planned
 * absences that forward to a number go back to their reason's default target.
 */
export async function cancelForwardByPhone(call: AnchoredCaller, personId: string, deps: IvrDeps, via: PhoneVia): Promise<PhoneOutcome> {
  const actor = await selfActor(deps, call.tenantId, personId);
  if (!actor) return NOT_ONE_OF_OURS;
  try {
    const now = deps.ctx.clock.now();
    const forwarding = (await deps.ctx.presence.absencesOf(call.tenantId, personId))
      .filter((a) => !a.cancelled && a.target.kind === 'number' && (a.recurrence !== undefined || a.end.epochMilliseconds > now.epochMilliseconds));
    for (const a of forwarding) {
      if (a.note === FORWARD_NOTE) {
        await deps.ctx.presence.cancel(actor, a.id);
      } else {
        const reason = deps.profile.absenceReasons.find((r) => r.code === a.reason);
        await deps.ctx.presence.update(actor, a.id, { ...requestOf(a), target: reason ? targetOf(reason) : { kind: 'voicemail' } });
      }
    }
    await record(deps, call, actor, now, via, 'cancel-forward', null, { changed: forwarding.length });
    return { ok: true, plan: ['code.forward-cancelled'] };
  } catch (e) {
    return { ok: false, plan: failurePlan(e) };
  }
}

/**
 * P-DIV-6: applies a phone code that routing has read (and checked: a known internal caller,
 * internal forward numbers) and confirms it by voice: "Hänvisningen är registrerad. Du är på
 * möte och är åter i dag klockan fjorton och trettio."
 */
export async function applyPhoneCode(call: AnchoredCaller, step: PhoneCodeStep, deps: IvrDeps): Promise<void> {
  if (call.hangup.aborted) return;
  let outcome: PhoneOutcome;
  try {
    outcome = await phoneCodeOutcome(call, step, deps);
  } catch (e) {
    outcome = { ok: false, plan: failurePlan(e) }; // the store failed: still said, never silence
  }
  await sayOrApologise(call, outcome.plan, deps);
}

function phoneCodeOutcome(call: AnchoredCaller, step: PhoneCodeStep, deps: IvrDeps): Promise<PhoneOutcome> {
  switch (step.code) {
    case 'absence':
      return setAbsenceByPhone(call, step.personId, step.reason, step.until, deps, 'phone-code');
    case 'back-now':
      return backNowByPhone(call, step.personId, deps, 'phone-code');
    case 'forward':
      return forwardByPhone(call, step.personId, step.number, deps, 'phone-code');
    case 'cancel-forward':
      return cancelForwardByPhone(call, step.personId, deps, 'phone-code');
  }
}
