// The per-municipality profile: a telephone policy as settings. Each field says which rule of
// policy-rules.md it serves; docs/profiles.md describes them for admins.
import type { HoursSettings } from '../hours/index.js';
import type { NumberPlan } from '../numbers/index.js';
import type { AbsenceReasonSetting } from '../presence/index.js';

/** Slots in greeting and answer-phrase templates. */
export const GREETING_SLOTS = ['förnamn', 'efternamn', 'enhet', 'titel'] as const;
export type GreetingSlot = (typeof GREETING_SLOTS)[number];

/** An absence reason ("frånvaroorsak") with what the phone and English pages need. */
export interface AbsenceReason extends AbsenceReasonSetting {
  /** English label, e.g. "Meeting" (`label` is the Swedish one, "Möte"). */
  labelEn: string;
  /** The digit that picks this reason in the phone code (*23 1 1430 # = meeting until 14:30). */
  phoneDigit: string;
  /** Where calls go by default during this absence; P-DIV-10: vacation -> the reception. */
  defaultTarget?: 'voicemail' | 'reception' | 'switchboard';
}

/** The number plan, with the municipality's special numbers. */
export interface ProfileNumberPlan extends NumberPlan {
  /** The switchboard's public number, E.164. */
  mainNumber: string;
  /** The extension that reaches the switchboard from inside. */
  operatorExtension: string;
  /** The internal number for listening to voicemail (P-VM-3). */
  voicemailNumber: string;
  /** The automatic operator (P-DIV-6; Vara: 31818), or null when none is offered. */
  automaticOperatorNumber: string | null;
}

/** A "journummer" the central answering machine announces (P-SWB-6). */
export interface OnCallNumber {
  /** Swedish, as read to callers: "Socialjouren". */
  label: string;
  /** E.164. */
  number: string;
  /** When it is announced: always, whenever the switchboard is closed, or in its own hours. */
  when: 'always' | 'switchboard-closed' | HoursSettings;
}

export interface QueueSettings {
  /** P-SWB-7: external calls are answered before internal ones. */
  externalBeforeInternal: boolean;
  /** An internal call that has waited this long is served as if external, so it is never starved. */
  internalPromotionSeconds: number;
  /** P-FC-1: after this long in the queue a call overflows, so that it never rings unanswered. */
  maxWaitSeconds: number;
  /** Where an overflowing call goes: the switchboard's voicemail, or an internal number (P-COST-1). */
  overflowTo: { kind: 'voicemail' } | { kind: 'number'; number: string };
  /**
   * P-FC-1: a call the operator transferred or consulted about that nobody answers comes back
   * to the operator after this long. Not set: the server's setting (30 s, as Trio-like consoles).
   */
  recallSeconds?: number;
}

export interface PhoneCodes {
  /** Set an absence: prefix, reason digit, optional return time hhmm and date ddmm, then '#'. */
  absence: string;
  /** "Åter": end the current absence (P-DIV-4). */
  backNow: string;
  /** Forward to an internal number: prefix, number, '#' (P-COST-1). */
  forward: string;
  cancelForward: string;
}

export interface VoicemailSettings {
  /** P-VM-1: everyone with an extension has voicemail; exceptions are recorded per person. */
  enabledForAll: boolean;
  maxMessageSeconds: number;
  /** P-SEC-1: digits in the voicemail PIN (at least 4). */
  pinLength: number;
  /** P-VM-2: a recorded greeting older than this is reported as stale. */
  greetingMaxAgeDays: number;
}

export interface MunicipalityProfile {
  /** Slug, e.g. 'valdemarsvik'. */
  id: string;
  /** "Valdemarsviks kommun". */
  name: string;
  /** The policy document the profile carries out. */
  policy: { title: string; adopted: string | null };
  /** 'contact-centre' where the policy speaks of a kontaktcenter (P-SWB-9, P-SWB-10). */
  switchboardKind: 'switchboard' | 'contact-centre';
  /** P-SWB-2: the operator's opening line, with a {förnamn} slot. */
  greeting: string;
  /** P-ANS-1: how employees answer, with {förnamn}, {efternamn} and optionally {enhet}, {titel}. */
  answerPhrase: string;
  /** P-SWB-8, P-SWB-6, P-FC-3: when the switchboard answers; the central answering machine runs otherwise. */
  switchboardHours: HoursSettings;
  /** P-CB-1 deadlines and "Gått för dagen" count with these hours. */
  workingHours: HoursSettings;
  /** P-CB-1: call back within this many working days (day 0 = the day the message came); NVK also by e-mail. */
  callBack: { deadlineWorkingDays: number; byEmail: boolean };
  /** P-SWB-1: how long a call rings before it counts as unanswered; 24 s = four Swedish rings. */
  ringTimeSeconds: number;
  queue: QueueSettings;
  /** P-COST-1: direct forwarding to internal numbers only. */
  forwarding: { internalOnly: boolean };
  numberPlan: ProfileNumberPlan;
  onCall: OnCallNumber[];
  /** P-DIV-2: the reasons a person can state. */
  absenceReasons: AbsenceReason[];
  /** P-DIV-1: the caller hears the absence at once, or after ringing ("öppen hänvisning"). */
  absenceAnnouncement: 'immediately' | 'after-ringing';
  voicemail: VoicemailSettings;
  /** P-DIV-6: phone codes for diversion. */
  phoneCodes: PhoneCodes;
  /** P-COST-2: premium-rate numbers and 118xxx. */
  premiumRate: 'blocked-unless-approved' | 'allowed';
  /** P-COST-3: calls and data abroad. */
  internationalCalls: 'by-permission' | 'allowed';
  /** The rule IDs (policy-rules.md) that this municipality's policy sets. */
  rules: string[];
  /** Dotted paths of settings that hold examples, not policy: the admin sets them. */
  examples: string[];
}
