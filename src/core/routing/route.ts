// planCall: "what happens to this call", as an ordered plan of steps (README.md).
//
// The dialled string is read in this order:
//   1. a phone code (starts with * or #), P-DIV-6;
//   2. 112, always connected (before any number plan could claim it);
//   3. the profile's special numbers and the world's number plan: a person, a function, the
//      switchboard, the voicemail number, the automatic operator;
//   4. anything else: from our own phones, an outbound call (P-COST-2, P-COST-3); an internal
//      number nobody has, or any number from outside that is not ours, is unknown (P-FC-1).
import { EMERGENCY_NUMBER, classifyNumber, normalizeNumber } from '../numbers/index.js';
import { PlanBuilder } from './builder.js';
import { routeFunction, routePerson, routeSwitchboard, unknownNumber } from './inbound.js';
import { lookupNumber } from './numbers.js';
import { routeEmergency, routeOutbound } from './outbound.js';
import { isPhoneCode, routePhoneCode } from './phone-codes.js';
import type { CallPlan } from './plan.js';
import type { CallRequest, RoutingWorld } from './world.js';

export function planCall(call: CallRequest, world: RoutingWorld): CallPlan {
  const b = new PlanBuilder(call, world);
  route(b);
  return b.build();
}

function route(b: PlanBuilder): void {
  const { dialled } = b.call;
  if (isPhoneCode(dialled)) {
    routePhoneCode(b);
    return;
  }
  const n = normalizeNumber(dialled);
  if (!n.ok) {
    unknownNumber(b);
    return;
  }
  const key = n.value.value;
  if (n.value.form !== 'e164' && key === EMERGENCY_NUMBER) {
    routeEmergency(b, classifyNumber(key, b.profile.numberPlan));
    return;
  }
  const target = lookupNumber(key, b.world);
  switch (target?.kind) {
    case 'person':
      routePerson(b, target.personId);
      return;
    case 'function':
      routeFunction(b, target.functionId);
      return;
    case 'switchboard':
      routeSwitchboard(b);
      return;
    case 'voicemail-access':
      // P-VM-3, P-SEC-1: a known internal caller reaches their own box; anyone else gives box and PIN.
      b.reached = { kind: 'voicemail-access' };
      b.add({ kind: 'voicemail-access', personId: b.call.internal ? (b.call.caller.personId ?? null) : null, rule: 'P-VM-3' });
      return;
    case 'automatic-operator':
      b.reached = { kind: 'automatic-operator' };
      b.add({ kind: 'automatic-operator', rule: 'P-DIV-6' });
      return;
    case undefined: {
      const info = classifyNumber(key, b.profile.numberPlan);
      // A number of ours that nobody has, or a number from outside for someone not ours
      // (the trunk does not carry calls through us, P-COST-1).
      if (info.kind === 'invalid' || info.isInternal || !b.call.internal) unknownNumber(b);
      else routeOutbound(b, info);
    }
  }
}
