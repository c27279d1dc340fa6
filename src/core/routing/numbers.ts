// Numbers as routing sees them: one normalised key per number (digits for extensions and
// short numbers, E.164 otherwise), the profile's special numbers, and "is it ours?" (P-COST-1).
import { classifyNumber, normalizeNumber } from '../numbers/index.js';
import type { MunicipalityProfile } from '../policy/index.js';
import type { NumberTarget, RoutingWorld } from './world.js';

/** The lookup key of a number, or null when it is not a number at all. */
export function numberKey(input: string): string | null {
  const n = normalizeNumber(input);
  return n.ok ? n.value.value : null;
}

// The profile's special numbers by key, worked out once per profile object.
const specialsByProfile = new WeakMap<MunicipalityProfile, Map<string, NumberTarget>>();

function specials(profile: MunicipalityProfile): Map<string, NumberTarget> {
  let m = specialsByProfile.get(profile);
  if (m === undefined) {
    m = new Map();
    const plan = profile.numberPlan;
    const put = (n: string | null, target: NumberTarget) => {
      const key = n === null ? null : numberKey(n);
      if (key !== null && !m!.has(key)) m!.set(key, target);
    };
    put(plan.mainNumber, { kind: 'switchboard' });
    put(plan.operatorExtension, { kind: 'switchboard' });
    put(plan.voicemailNumber, { kind: 'voicemail-access' });
    put(plan.automaticOperatorNumber, { kind: 'automatic-operator' });
    specialsByProfile.set(profile, m);
  }
  return m;
}

/** What a key reaches: the profile's special numbers first, then the world's number plan. */
export function lookupNumber(key: string, world: RoutingWorld): NumberTarget | undefined {
  return specials(world.profile).get(key) ?? world.lookupNumber(key);
}

/** An extension in the plan or one of the municipality's own direct numbers (P-COST-1). */
export function isInternalNumber(number: string, profile: MunicipalityProfile): boolean {
  return classifyNumber(number, profile.numberPlan).isInternal;
}
