// Defaults for what the policies leave unsaid. Each profile starts from these and overrides
// what its policy sets; the comments in the profile files say which is which.
import { DEFAULT_HALF_DAYS } from '../calendar/index.js';
import { mondayToFriday, type HoursSettings, type Interval } from '../hours/index.js';
import type { AbsenceReason, MunicipalityProfile, PhoneCodes, QueueSettings, VoicemailSettings } from './profile.js';

// Everything here is built fresh for each caller, so that no two profiles share an object
// that an admin's edit of one could change in the other.

/**
 * Monday–Friday hours with the calendar note's half days (08:00–12:00), the three eves
 * closed and no exceptions.
 */
export function weekdayHours(intervals: Interval[]): HoursSettings {
  return {
    weekly: mondayToFriday(intervals),
    halfDays: { kinds: [...DEFAULT_HALF_DAYS], intervals: [{ from: '08:00', to: '12:00' }] },
    closedOnSundayLikeEves: true,
    exceptions: [],
  };
}

/** Working hours for deadlines: 08:00–16:30 (the calendar note's closing time), half days 12:00. */
export function defaultWorkingHours(): HoursSettings {
  return weekdayHours([{ from: '08:00', to: '16:30' }]);
}

/** Switchboard hours where a policy gives none: 08:00–16:00, staffed through lunch. */
export function defaultSwitchboardHours(): HoursSettings {
  return weekdayHours([{ from: '08:00', to: '16:00' }]);
}

/** P-SWB-1: the ringing time that counts as "four rings" (swedish-calendar.md, "Ringing"). */
export const FOUR_RINGS_SECONDS = 24;

/** P-CB-1: "senast inom 2 arbetsdagar" (Valdemarsvik, NVK, Fagersta). */
export const CALL_BACK_WORKING_DAYS = 2;

/** The operator's opening line in the form P-SWB-2 gives for Valdemarsvik. */
export function defaultGreeting(name: string): string {
  return `Välkommen till ${name} – det är {förnamn}`;
}

/** P-ANS-1: first and last name and unit ("för- och efternamn samt enhetstillhörighet"). */
export const DEFAULT_ANSWER_PHRASE = '{förnamn} {efternamn}, {enhet}';

/**
 * The Swedish set of absence reasons (GLOSSARY.md), with lengths products commonly suggest
 * (prior-art.md: lunch 1 h, "Gått för dagen" to the next working morning). Reasons without a
 * default length make the person give a return time (P-DIV-3).
 */
const STANDARD_ABSENCE_REASONS: readonly AbsenceReason[] = [
  { code: 'meeting', label: 'Möte', labelEn: 'Meeting', defaultLength: 60, phoneDigit: '1' },
  { code: 'lunch', label: 'Lunch', labelEn: 'Lunch', defaultLength: 60, phoneDigit: '2' },
  { code: 'sick', label: 'Sjuk', labelEn: 'Sick', defaultLength: 'next-working-day-start', phoneDigit: '3' },
  { code: 'leave', label: 'Ledig', labelEn: 'On leave', phoneDigit: '4' },
  { code: 'vacation', label: 'Semester', labelEn: 'On vacation', phoneDigit: '5' },
  { code: 'business-trip', label: 'Tjänsteresa', labelEn: 'Business trip', defaultLength: 'rest-of-day', phoneDigit: '6' },
  { code: 'training', label: 'Utbildning', labelEn: 'Training', defaultLength: 'rest-of-day', phoneDigit: '7' },
  { code: 'out', label: 'Tillfälligt ute', labelEn: 'Briefly out', defaultLength: 30, phoneDigit: '8' },
  { code: 'gone-for-day', label: 'Gått för dagen', labelEn: 'Gone for the day', defaultLength: 'next-working-day-start', phoneDigit: '9' },
];

export function standardAbsenceReasons(): AbsenceReason[] {
  return STANDARD_ABSENCE_REASONS.map((r) => ({ ...r }));
}

/** Classic Swedish PBX codes: *23 sets an absence (as the old Aastra *27 did), *21 forwards. */
export function defaultPhoneCodes(): PhoneCodes {
  return { absence: '*23', backNow: '#23#', forward: '*21', cancelForward: '#21#' };
}

export function defaultVoicemail(): VoicemailSettings {
  return {
    enabledForAll: true, // P-VM-1; where a policy is silent, still the safe default (P-FC-1)
    maxMessageSeconds: 180,
    pinLength: 4, // P-SEC-1
    greetingMaxAgeDays: 365,
  };
}

export function defaultQueue(): QueueSettings {
  return {
    externalBeforeInternal: true, // P-SWB-7
    internalPromotionSeconds: 60,
    maxWaitSeconds: 180,
    overflowTo: { kind: 'voicemail' }, // P-FC-1: a message is always possible
  };
}

/** What every municipality sets for itself: no default can stand in for these. */
type OwnSettings = 'id' | 'name' | 'policy' | 'numberPlan' | 'rules' | 'examples';

/**
 * Every other setting at its default. A profile spreads this first and then sets, with the
 * policy sentence beside it, what its policy says; what it does not set is where the policy
 * is silent.
 */
export function profileDefaults(name: string): Omit<MunicipalityProfile, OwnSettings> {
  return {
    switchboardKind: 'switchboard',
    greeting: defaultGreeting(name),
    answerPhrase: DEFAULT_ANSWER_PHRASE,
    switchboardHours: defaultSwitchboardHours(),
    workingHours: defaultWorkingHours(),
    callBack: { deadlineWorkingDays: CALL_BACK_WORKING_DAYS, byEmail: false },
    ringTimeSeconds: FOUR_RINGS_SECONDS,
    queue: defaultQueue(),
    forwarding: { internalOnly: true }, // P-COST-1's reasoning: external forwarding costs money
    onCall: [],
    absenceReasons: standardAbsenceReasons(),
    absenceAnnouncement: 'immediately', // the classic Swedish hänvisning
    voicemail: defaultVoicemail(),
    phoneCodes: defaultPhoneCodes(),
    premiumRate: 'blocked-unless-approved', // the calendar note: block unless approved
    internationalCalls: 'allowed',
  };
}
