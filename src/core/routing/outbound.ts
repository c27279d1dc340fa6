// Calls from our phones to numbers outside: emergency and public service numbers always,
// paid services and calls abroad only with a recorded approval (P-COST-2, P-COST-3).
import type { NumberInfo } from '../numbers/index.js';
import type { PlanBuilder } from './builder.js';
import type { RuleId } from './plan.js';
import { refusal } from './refusals.js';
import type { ApprovalKind } from './world.js';

function connect(b: PlanBuilder, info: NumberInfo, rule: RuleId, approved: boolean): void {
  const number = info.e164 ?? info.digits ?? info.input.trim();
  b.add({ kind: 'connect-external', number, via: 'trunk', category: info.kind, approved, rule });
}

/** 112 goes out whoever calls, with or without permissions, whatever the plan says. */
export function routeEmergency(b: PlanBuilder, info: NumberInfo): void {
  b.reached = { kind: 'external', number: info.digits ?? '112', category: 'emergency' };
  connect(b, info, null, false);
}

/** May the caller make a call that needs an approval of `kind`? */
function approved(b: PlanBuilder, kind: ApprovalKind): boolean {
  const personId = b.call.caller.personId;
  return personId !== undefined && b.world.hasApproval(personId, kind, b.call.at);
}

/** An internal caller's call to an external number (`info` is not internal and not invalid). */
export function routeOutbound(b: PlanBuilder, info: NumberInfo): void {
  b.reached = { kind: 'external', number: info.e164 ?? info.digits ?? info.input.trim(), category: info.kind };
  switch (info.kind) {
    case 'premium-rate':
    case 'directory-enquiry':
      // P-COST-2 (and P-SWB-12 for 118xxx): blocked unless the nearest manager approved.
      if (b.profile.premiumRate === 'allowed') connect(b, info, 'P-COST-2', false);
      else if (approved(b, 'premium-rate')) connect(b, info, 'P-COST-2', true);
      else b.add(refusal(info.kind));
      return;
    case 'international':
      // P-COST-3: abroad only by permission, where the profile says so.
      if (b.profile.internationalCalls === 'allowed') connect(b, info, null, false);
      else if (approved(b, 'international')) connect(b, info, 'P-COST-3', true);
      else b.add(refusal('international'));
      return;
    default:
      // 1177, 113 13, 114 14, toll-free, shared-cost, mobile and fixed numbers.
      connect(b, info, null, false);
  }
}
