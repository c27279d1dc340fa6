// The municipality's number plan: which digit strings are extensions, and which public
// numbers are its own direct numbers (internal for P-COST-1).
import { problem, type Problem } from '../errors.js';
import { normalizeNumber } from './normalize.js';
import { EMERGENCY_NUMBER, SHORT_NUMBERS } from './short-numbers.js';

/** An inclusive range of numbers of equal length, e.g. { from: '2000', to: '2999' }. */
export interface NumberRange {
  from: string;
  to: string;
}

export interface NumberPlan {
  /** Internal extensions, as digits. */
  extensionRanges: readonly NumberRange[];
  /** The municipality's own direct numbers ("direktnummer"), in any form normalizeNumber accepts. */
  directRanges?: readonly NumberRange[];
}

function inRange(value: string, range: NumberRange): boolean {
  // Numbers of equal length compare as strings the way they compare as integers.
  return value.length === range.from.length && value.length === range.to.length && value >= range.from && value <= range.to;
}

function overlaps(a: NumberRange, b: NumberRange): boolean {
  return a.from.length === b.from.length && a.from <= b.to && b.from <= a.to;
}

/** Is this string of digits an extension in the plan? */
export function isInExtensionPlan(digits: string, plan: NumberPlan): boolean {
  return plan.extensionRanges.some((r) => inRange(digits, r));
}

/** Is this E.164 number one of the municipality's own direct numbers? */
export function isOwnDirectNumber(e164: string, plan: NumberPlan): boolean {
  return (plan.directRanges ?? []).some((r) => {
    const from = normalizeNumber(r.from);
    const to = normalizeNumber(r.to);
    return from.ok && to.ok && inRange(e164, { from: from.value.value, to: to.value.value });
  });
}

/**
 * Checks a plan as configured: ranges of equal-length digits in order, no overlaps, and no
 * extension range that would hide 112 or another short number.
 */
export function validateNumberPlan(plan: NumberPlan): Problem[] {
  const problems: Problem[] = [];
  const ranges = plan.extensionRanges;
  ranges.forEach((r, i) => {
    const field = `extensionRanges.${i}`;
    if (!/^\d{2,8}$/.test(r.from) || !/^\d{2,8}$/.test(r.to) || r.from.length !== r.to.length) {
      problems.push(problem('plan.range.syntax', `Anknytningsserien ${r.from}–${r.to} måste bestå av lika långa sifferföljder.`, `Extension range ${r.from}-${r.to} must be digit strings of equal length.`, { field }));
      return;
    }
    if (r.from > r.to) {
      problems.push(problem('plan.range.order', `Anknytningsserien ${r.from}–${r.to} börjar efter att den slutar.`, `Extension range ${r.from}-${r.to} starts after it ends.`, { field }));
    }
    if (inRange(EMERGENCY_NUMBER, r)) {
      problems.push(problem('plan.range.emergency', `Anknytningsserien ${r.from}–${r.to} omfattar 112, som alltid är nödnumret.`, `Extension range ${r.from}-${r.to} contains 112, which is always the emergency number.`, { field }));
    }
    const hidden = SHORT_NUMBERS.find((s) => s.from !== EMERGENCY_NUMBER && overlaps(s, r));
    if (hidden) {
      problems.push(problem('plan.range.shortNumber', `Anknytningsserien ${r.from}–${r.to} döljer kortnumret ${hidden.from}.`, `Extension range ${r.from}-${r.to} hides the short number ${hidden.from}.`, { field }));
    }
    ranges.slice(0, i).forEach((earlier, j) => {
      if (overlaps(earlier, r)) {
        problems.push(problem('plan.range.overlap', `Anknytningsserierna ${earlier.from}–${earlier.to} och ${r.from}–${r.to} överlappar.`, `Extension ranges ${j} and ${i} overlap.`, { field }));
      }
    });
  });
  return problems;
}
