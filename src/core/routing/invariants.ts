// What every plan must satisfy, as checks the tests (and a cautious `calls/`) can run.
//
// P-FC-1: no call may end in unanswered ringing or silence. A plan's last step is an ending
// the caller hears: a message (voicemail, after whatever announcement came before), a
// spoken refusal, a connection outward, a spoken phone-code confirmation, or an interactive
// service (the automatic operator, the voicemail menu). Ringing, queueing, forwarding and
// announcements go on to the next step, so they can never be last; and an ending that is not
// last would leave the steps after it unreachable, which is a mistake in the plan.
import { DomainError, problem, type Problem } from '../errors.js';
import type { MunicipalityProfile } from '../policy/index.js';
import { isInternalNumber } from './numbers.js';
import type { CallPlan, PlanStepKind } from './plan.js';

const ENDINGS: ReadonlySet<PlanStepKind> = new Set<PlanStepKind>([
  'voicemail',
  'refuse',
  'connect-external',
  'phone-code',
  'automatic-operator',
  'voicemail-access',
]);

/** Is a step of this kind an ending (nothing runs after it)? */
export function isEnding(kind: PlanStepKind): boolean {
  return ENDINGS.has(kind);
}

/** The P-FC-1 problems of a plan; [] when it always ends audibly. */
export function audibleEndProblems(plan: CallPlan): Problem[] {
  const problems: Problem[] = [];
  const fc1 = (code: string, sv: string, en: string) => problems.push(problem(`routing.plan.${code}`, sv, en, { rule: 'P-FC-1' }));
  const last = plan.steps.at(-1);
  if (last === undefined) {
    fc1('empty', 'Samtalsplanen är tom.', 'The plan has no steps.');
    return problems;
  }
  plan.steps.forEach((step, i) => {
    if (i < plan.steps.length - 1 && isEnding(step.kind)) {
      fc1('unreachable-step', `Steg ${i + 2} nås aldrig.`, `Step ${i + 1} (${step.kind}) ends the call, so the steps after it never run.`);
    }
    if (step.kind === 'ring' && (step.targets.length === 0 || step.seconds <= 0)) {
      fc1('ring-empty', `Steg ${i + 1} ringer ingen.`, `Step ${i + 1} rings no one, or for no time.`);
    }
    if (step.kind === 'queue' && step.maxWaitSeconds <= 0) {
      fc1('queue-unbounded', `Steg ${i + 1} saknar längsta kötid.`, `Step ${i + 1} queues without a maximum wait.`);
    }
  });
  if (!isEnding(last.kind)) {
    fc1('silent', 'Samtalet kan sluta i tystnad eller obesvarade signaler.', `The plan ends with a ${last.kind} step: the call could end in silence or unanswered ringing.`);
  }
  return problems;
}

/** Throws a DomainError naming P-FC-1 when the plan could end in silence. */
export function assertEndsAudibly(plan: CallPlan): void {
  const problems = audibleEndProblems(plan);
  if (problems.length > 0) throw new DomainError(problems);
}

/** P-COST-1: the numbers a plan forwards to that are not internal; [] when all are. */
export function externalForwards(plan: CallPlan, profile: MunicipalityProfile): string[] {
  const out: string[] = [];
  for (const s of plan.steps) {
    const number = s.kind === 'forward' ? s.number : s.kind === 'phone-code' && s.code === 'forward' ? s.number : null;
    if (number !== null && !isInternalNumber(number, profile)) out.push(number);
  }
  return out;
}
