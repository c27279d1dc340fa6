// What kind of number is this, and is it ours? Routing, cost rules (P-COST-1, P-COST-2) and
// the operator console all ask this question about dialled and stored numbers.
import { parsePhoneNumberFromString, type PhoneNumberType } from 'libphonenumber-js/max';
import { problem, type Problem } from '../errors.js';
import { formatShortNumber, formatSwedish } from './format.js';
import { normalizeNumber } from './normalize.js';
import { isInExtensionPlan, isOwnDirectNumber, type NumberPlan } from './plan.js';
import { EMERGENCY_NUMBER, lookupShortNumber } from './short-numbers.js';

export type NumberKind =
  | 'extension'
  | 'emergency'
  | 'service'
  | 'directory-enquiry'
  | 'premium-rate'
  | 'toll-free'
  | 'shared-cost'
  | 'mobile'
  | 'fixed'
  | 'international'
  | 'invalid';

export interface NumberInfo {
  kind: NumberKind;
  /** What was classified, as given. */
  input: string;
  /** E.164 form, where the number has one. */
  e164?: string;
  /** The digits, for extensions and short numbers. */
  digits?: string;
  /** Extensions and the municipality's own direct numbers. */
  isInternal: boolean;
  /** How to show the number: "ankn 2345", "013-12 34 56", "113 13". */
  display: string;
  /** ISO 3166 country of a number with a country code, when known. */
  country?: string;
  /** libphonenumber-js's finer type where our kind merges several (UAN, VOIP, PAGER, ...). */
  lineType?: PhoneNumberType;
  /** The policy rule that restricts calling this number. */
  rule?: string;
  /** Why the number is invalid (kind 'invalid' only). */
  problem?: Problem;
}

/** Premium-rate prefixes after +46 (P-COST-2): 0900, 0939, 0944, 099. */
const PREMIUM_PREFIX = /^(?:900|939|944|99)/;
/** National significant numbers in Sweden are 7 to 13 digits; premium ones at least 6. */
const PREMIUM_LENGTH = { min: 6, max: 10 };

function invalid(input: string, p: Problem): NumberInfo {
  return { kind: 'invalid', input, isInternal: false, display: input.trim(), problem: p };
}

function classifyDigits(input: string, digits: string, explicitExtension: boolean, plan: NumberPlan): NumberInfo {
  // 112 is always an emergency number, even inside an extension range.
  if (digits === EMERGENCY_NUMBER) {
    return { kind: 'emergency', input, digits, isInternal: false, display: digits };
  }
  if (isInExtensionPlan(digits, plan)) {
    return { kind: 'extension', input, digits, isInternal: true, display: `ankn ${digits}` };
  }
  if (explicitExtension) {
    return invalid(
      input,
      problem('number.extension.outsidePlan', `Anknytning ${digits} finns inte i nummerplanen.`, `Extension ${digits} is outside the extension plan.`),
    );
  }
  const short = lookupShortNumber(digits);
  if (short) {
    return { kind: short.kind, input, digits, isInternal: false, display: formatShortNumber(digits), ...(short.rule ? { rule: short.rule } : {}) };
  }
  return invalid(
    input,
    problem('number.short.unknown', `${digits} är varken en anknytning eller ett känt kortnummer.`, `${digits} is neither an extension nor a known short number.`),
  );
}

function kindOfLineType(type: PhoneNumberType): NumberKind {
  switch (type) {
    case 'MOBILE':
    case 'PAGER':
      return 'mobile';
    case 'TOLL_FREE':
      return 'toll-free';
    case 'SHARED_COST':
      return 'shared-cost';
    case 'PREMIUM_RATE':
      return 'premium-rate';
    default:
      // FIXED_LINE, FIXED_LINE_OR_MOBILE, UAN (010), PERSONAL_NUMBER (075), VOIP, VOICEMAIL:
      // ordinary tariff numbers; the finer type stays in lineType.
      return 'fixed';
  }
}

function classifyE164(input: string, e164: string, plan: NumberPlan): NumberInfo {
  const invalidNumber = problem('number.invalid', `${input.trim()} är inget giltigt telefonnummer.`, `${input.trim()} is not a valid phone number.`);
  const internal = isOwnDirectNumber(e164, plan);
  const base = { input, e164, isInternal: internal, display: formatSwedish(e164) };

  if (e164.startsWith('+46')) {
    const national = e164.slice(3);
    // Our own table first: libphonenumber-js does not accept 099 numbers at all (P-COST-2).
    if (PREMIUM_PREFIX.test(national)) {
      if (national.length < PREMIUM_LENGTH.min || national.length > PREMIUM_LENGTH.max) return invalid(input, invalidNumber);
      return { kind: 'premium-rate', ...base, country: 'SE', rule: 'P-COST-2' };
    }
  }

  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid()) return invalid(input, invalidNumber);
  const type = parsed.getType();
  const country = parsed.country;
  const extra = { ...(type ? { lineType: type } : {}), ...(country ? { country } : {}) };
  if (parsed.countryCallingCode !== '46') return { kind: 'international', ...base, ...extra };
  const kind = type ? kindOfLineType(type) : 'fixed';
  return { kind, ...base, ...extra, ...(kind === 'premium-rate' ? { rule: 'P-COST-2' } : {}) };
}

/**
 * Classifies a dialled or stored number against the municipality's number plan.
 * Never throws: unusable input gives kind 'invalid' with the problem attached.
 */
export function classifyNumber(input: string, plan: NumberPlan): NumberInfo {
  const normalized = normalizeNumber(input);
  if (!normalized.ok) return invalid(input, normalized.problems[0]!);
  const { form, value } = normalized.value;
  if (form === 'e164') return classifyE164(input, value, plan);
  return classifyDigits(input, value, form === 'extension', plan);
}
