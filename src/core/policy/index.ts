// The per-municipality profile: the policy rules (policy-rules.md) as settings, checked by
// validateProfile, and the five municipalities' profiles.
export type {
  AbsenceReason,
  GreetingSlot,
  MunicipalityProfile,
  OnCallNumber,
  PhoneCodes,
  ProfileNumberPlan,
  QueueSettings,
  VoicemailSettings,
} from './profile.js';
export { GREETING_SLOTS } from './profile.js';
export { POLICY_RULES, policyRule, rulesOfSource, type PolicyRule, type PolicySource } from './rules.js';
export { fillTemplate, renderAnswerPhrase, renderGreeting, templateSlots } from './greeting.js';
export { validateProfile } from './validate.js';
export {
  CALL_BACK_WORKING_DAYS,
  DEFAULT_ANSWER_PHRASE,
  FOUR_RINGS_SECONDS,
  defaultGreeting,
  defaultPhoneCodes,
  defaultQueue,
  defaultSwitchboardHours,
  defaultVoicemail,
  defaultWorkingHours,
  profileDefaults,
  standardAbsenceReasons,
  weekdayHours,
} from './defaults.js';
export { PROFILES, fagersta, karlsborg, nvk, profileById, valdemarsvik, vara } from './profiles/index.js';
