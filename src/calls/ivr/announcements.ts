// What the caller hears before the plan goes on (announcements), when the switchboard is
// closed (the central answering machine) and when a call is refused.
import type { AnchoredCaller } from '../ports.js';
import type { AnnounceStep, AnsweringMachineStep, OnCallOffer, RefuseStep, RefusalReason } from '../../core/routing/index.js';
import type { Instant } from '../../core/time.js';
import type { ClipId } from '../../prompts/clips.js';
import { nameClip, onCallClipKey, sayAbsence, sayAnsweringMachine, sayOutsidePhoneHours, sayConnectingTo, sayDigits, sayRefusal, type NameClip, type Plan, type Refusal } from '../../prompts/say.js';
import type { IvrDeps } from './index.js';
import { DigitReader } from './digits.js';
import { sayOrApologise, timingOf, whoOf } from './speak.js';

/**
 * "Vi har inte telefontid just nu. Telefontiden börjar i morgon klockan nio": outside phone
 * hours (P-HRS-1) the caller hears when the phone opens again before the call is diverted.
 */
export function phoneHoursPlan(opensAt: Instant | null, now: Instant): Plan {
  return sayOutsidePhoneHours(opensAt, now);
}

/** "Numret finns inte. Ditt samtal kopplas till växeln." (P-FC-1: the switchboard follows.) */
export function numberUnknownPlan(): Plan {
  return ['call.number-missing', 'silence.500', ...sayConnectingTo('switchboard')];
}

/** The sentence for an announce step. */
export async function announcementPlan(call: AnchoredCaller, step: AnnounceStep, deps: IvrDeps): Promise<Plan> {
  switch (step.sentence) {
    case 'absence':
      // P-DIV-1, P-SWB-4, P-DIV-3: who, why, and when the whole chain of absences ends.
      return sayAbsence({ who: await whoOf(call, step.data.personId, deps), reason: step.data.reason, returnsAt: step.data.returnsAt, now: call.at });
    case 'phone-hours':
      return phoneHoursPlan(step.data.opensAt, call.at);
    case 'number-unknown':
      return numberUnknownPlan();
  }
}

export async function playAnnouncement(call: AnchoredCaller, step: AnnounceStep, deps: IvrDeps): Promise<void> {
  if (call.hangup.aborted) return;
  let plan: Plan;
  try {
    plan = await announcementPlan(call, step, deps);
  } catch {
    plan = ['call.try-later'];
  }
  await sayOrApologise(call, plan, deps);
}

// ---- refusals -----------------------------------------------------------------------------

const REFUSAL_OF: Partial<Record<RefusalReason, Refusal>> = {
  'premium-rate': 'premium-rate', // P-COST-2
  'directory-enquiry': 'directory', // P-COST-2, P-SWB-12
  international: 'international', // P-COST-3
  'forward-external': 'external-forward', // P-COST-1
  'phone-code-not-allowed': 'not-allowed', // P-SEC-1
};

/**
 * Why a phone code could not be read, from the routing problem's English text (the problem
 * has one code for every kind). refusal.test.ts runs routing's own parser, so a changed
 * wording there fails the test rather than turning into the general sentence unnoticed.
 */
export function phoneCodeProblemClip(en: string): ClipId {
  if (/already passed/.test(en)) return 'code.time-passed';
  if (/not a valid (time|date)/.test(en)) return 'code.invalid-time';
  if (/no absence reason/i.test(en)) return 'code.unknown-reason';
  return 'code.invalid';
}

/** The spoken refusal of a refuse step (P-FC-1: the caller is told why, never silence). */
export function refusalPlan(step: RefuseStep): Plan {
  const refusal = REFUSAL_OF[step.reason];
  if (refusal) return sayRefusal(refusal);
  if (step.reason === 'phone-code-invalid') {
    const clip = phoneCodeProblemClip(step.problem.en);
    return clip === 'code.invalid' ? [clip] : ['code.invalid', 'silence.200', clip];
  }
  // 'number-unknown': nobody has the number, and no switchboard is open to take the call.
  return ['call.number-missing', 'silence.500', 'call.goodbye'];
}

export async function playRefusal(call: AnchoredCaller, step: RefuseStep, deps: IvrDeps): Promise<void> {
  await sayOrApologise(call, refusalPlan(step), deps);
}

// ---- the central answering machine ----------------------------------------------------------

/** The on-call line's recorded name ("Socialjouren"), or null: the sentence then says "jouren". */
async function onCallLabel(offer: OnCallOffer, deps: IvrDeps): Promise<NameClip | null> {
  const key = onCallClipKey(offer.label);
  return (await deps.prompts.hasNameClip(deps.tenantSlug, key)) ? nameClip(key) : null;
}

/** "Tryck 1 för Socialjouren": one choice per on-call number the caller may be connected to. */
export function onCallMenu(choices: readonly { digit: string; label: NameClip | null }[]): Plan {
  return choices.flatMap((c): Plan => ['silence.500', 'word.press', ...sayDigits(c.digit), 'word.for', c.label ?? 'swb.on-call']);
}

/**
 * P-SWB-6: the central answering machine whenever the switchboard is closed. The caller hears
 * the municipality, that the switchboard is closed and when it opens next, the opening hours
 * with today's deviation first (a holiday, a half day, an exception), and the on-call
 * numbers that apply now. Each on-call number the caller may be connected to (`connectable`:
 * internal numbers only, P-COST-1) gets a key; pressing it returns the number to connect
 * to. With no such number, or no choice, the result is null and the executor goes on
 * (to the switchboard's voicemail, P-VM-1). Keys may be pressed while the machine speaks.
 */
export async function playAnsweringMachine(call: AnchoredCaller, step: AnsweringMachineStep, deps: IvrDeps): Promise<{ connectTo: string | null }> {
  if (call.hangup.aborted) return { connectTo: null };
  const labels = await Promise.all(step.onCall.map((o) => onCallLabel(o, deps).catch(() => null)));
  // The hours come from the profile the step was planned with: the step's opensAt and
  // today's note are the same hours module's answers for the same instant.
  const statement = sayAnsweringMachine({
    settings: deps.profile.switchboardHours,
    now: call.at,
    onCall: step.onCall.map((o, i) => ({ label: labels[i] ?? null, number: o.number })),
  });
  const choices = step.onCall
    .map((o, i) => ({ offer: o, label: labels[i] ?? null }))
    .filter((c) => c.offer.connectable)
    .slice(0, 9)
    .map((c, i) => ({ ...c, digit: String(i + 1) }));
  if (choices.length === 0) {
    await sayOrApologise(call, statement, deps);
    return { connectTo: null };
  }
  const reader = new DigitReader(call.session, call.hangup);
  try {
    const menu = onCallMenu(choices);
    let end = await sayOrApologise(call, [...statement, ...menu], deps, reader);
    for (let attempt = 0; attempt < 2 && end !== 'hangup'; attempt++) {
      const key = await reader.next(timingOf(deps).menuChoiceMs);
      if (key === null) break;
      const chosen = choices.find((c) => c.digit === key);
      if (chosen) {
        // P-COST-1: only internal numbers are connectable, so this never dials out.
        await sayOrApologise(call, ['call.connecting', chosen.label ?? 'swb.on-call'], deps);
        return { connectTo: call.hangup.aborted ? null : chosen.offer.number };
      }
      reader.flush();
      end = await sayOrApologise(call, ['vm.invalid-choice', ...menu], deps, reader);
    }
    return { connectTo: null };
  } finally {
    reader.close();
  }
}
