// Phone numbers: normalising, classifying against the number plan, and Swedish display.
export { normalizeNumber, type NormalizedNumber } from './normalize.js';
export { classifyNumber, type NumberInfo, type NumberKind } from './classify.js';
export { isInExtensionPlan, isOwnDirectNumber, validateNumberPlan, type NumberPlan, type NumberRange } from './plan.js';
export { formatSwedish, formatShortNumber, groupSubscriberDigits } from './format.js';
export { lookupShortNumber, EMERGENCY_NUMBER, SHORT_NUMBERS, type ShortNumber, type ShortNumberKind } from './short-numbers.js';
