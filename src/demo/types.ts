// The demo municipality as plain data: what the generator produces and the loader stores.
//
// Everything is JSON-safe (strings, numbers, booleans, arrays, plain objects) and refers to
// other records by stable string keys, so that the loader can map keys to database ids.
// Dates are ISO calendar dates ('2026-03-27') and clock times 'HH:MM', both local to
// Europe/Stockholm; phone numbers are E.164 ('+46846500400').
import type { ClockTime, IsoWeekday } from '../core/time.js';

export type UnitKind = 'administration' | 'sector' | 'unit';
export type Role = 'employee' | 'manager' | 'operator' | 'admin';
export type RingStrategy = 'together' | 'in-turn';

/** The absence reason codes of the profiles (Möte, Lunch, Sjuk, ... in the user interface). */
export type AbsenceReasonCode =
  | 'meeting'
  | 'lunch'
  | 'sick'
  | 'leave'
  | 'vacation'
  | 'business-trip'
  | 'training'
  | 'out'
  | 'gone-for-day';

/** 'YYYY-MM-DD', a calendar date in Europe/Stockholm. */
export type IsoDate = string;

export interface ClockInterval {
  from: ClockTime;
  to: ClockTime;
}

/**
 * Special phone hours ("telefontid"), the weekly part of the hours settings. Days that are
 * missing are outside phone hours; holidays and half days come from the profile.
 * P-HRS-1: outside these hours calls are diverted, never rejected.
 */
export interface DemoPhoneHours {
  weekly: Partial<Record<IsoWeekday, ClockInterval[]>>;
  /** Swedish text for the website (P-HRS-2), e.g. "Telefontid måndag–fredag 09.00–11.00". */
  note: string;
}

export interface DemoUnit {
  key: string;
  name: string;
  kind: UnitKind;
  parentKey: string | null;
  /** Null: the unit answers during ordinary working hours. */
  phoneHours: DemoPhoneHours | null;
  /** The unit's reception ("expeditionen"), where vacation and leave divert to (P-DIV-10). */
  receptionFunctionKey: string | null;
}

export interface DemoFunction {
  key: string;
  name: string;
  unitKey: string;
  extension: string;
  directNumber: string | null;
  ringStrategy: RingStrategy;
  /** In ring order; for 'in-turn' the first member rings first. */
  memberKeys: string[];
  phoneHours: DemoPhoneHours | null;
  /** P-GRP-1: where calls go when no member is available. */
  overflowFunctionKey: string | null;
  /** What the function handles, for competence search (P-SWB-9). */
  matters: string[];
}

export interface DemoPerson {
  key: string;
  firstName: string;
  lastName: string;
  /** Swedish title as shown to callers and colleagues (P-ANS-1). */
  title: string;
  unitKey: string;
  functionKeys: string[];
  /** Four digits, unique, inside the number plan's extension ranges. */
  extension: string;
  directNumber: string | null;
  mobileNumber: string | null;
  /** P-MOB-8: the fixed extension also rings the mobile; the fixed number is the official one. */
  mobileExtension: boolean;
  email: string;
  /** "Ärenden": what the person handles, searchable keywords. */
  matters: string[];
  managerKey: string | null;
  role: Role;
  /** P-FUP-3: politicians who do work for the municipality. */
  electedMember: boolean;
}

export interface DemoLogin {
  role: Role;
  personKey: string;
  email: string;
  extension: string;
  directNumber: string | null;
  mobileNumber: string | null;
  /** Demo only; the loader hashes it and never stores it in clear. */
  password: string;
  /** Swedish: what to try with this login. */
  description: string;
}

/** A local wall-clock moment in Europe/Stockholm. */
export interface DemoLocalTime {
  date: IsoDate;
  time: ClockTime;
}

/** Where calls go during an absence (the presence core's diversion targets). */
export type DemoDiversionTarget =
  | { kind: 'voicemail' }
  | { kind: 'reception' }
  | { kind: 'switchboard' }
  | { kind: 'person'; personKey: string }
  | { kind: 'function'; functionKey: string };

/** A weekly series, shaped like the presence core's WeeklyRecurrence (local times). */
export interface DemoRecurrence {
  weekdays: IsoWeekday[];
  startTime: ClockTime;
  endTime: ClockTime;
  from: IsoDate;
  /** Last date an occurrence may start; null: the series runs on. */
  until: IsoDate | null;
}

export interface DemoAbsence {
  key: string;
  personKey: string;
  /** P-DIV-2: always a reason. */
  reason: AbsenceReasonCode;
  /** P-DIV-3: always an end. For a recurring absence: the first occurrence. */
  start: DemoLocalTime;
  end: DemoLocalTime;
  target: DemoDiversionTarget;
  recurrence: DemoRecurrence | null;
  /** Who entered it: the person, the switchboard (P-DIV-7) or the manager (P-DIV-8). */
  createdByKey: string;
}

/** As the call-back core: taken by an operator, left in voicemail, or sent from the web. */
export type DemoCallbackSource = 'operator' | 'voicemail' | 'web';

/** An open message that asks for a call-back (P-CB-1). */
export interface DemoCallback {
  key: string;
  callerName: string;
  /** Fictional: from the number series PTS reserves for fiction. */
  callerNumber: string;
  /** For messages from the web; an example.com address. */
  callerEmail: string | null;
  /** Swedish: what the message concerns. */
  subject: string;
  /** Whose call-back it is: a call-back always has one owner. */
  forPersonKey: string;
  /** The service function the caller asked for, when the message came in through one. */
  viaFunctionKey: string | null;
  /** The owner's unit, for the unit's follow-up (P-FUP-2). */
  unitKey: string;
  source: DemoCallbackSource;
  /** The operator who took the message, when one did. */
  takenByKey: string | null;
  received: DemoLocalTime;
}

/** An inclusive range of numbers of equal length: extensions as digits, others E.164. */
export interface ExtensionRange {
  from: string;
  to: string;
}

export interface DemoMunicipality {
  /** The policy profile the demo runs under. */
  profileId: 'valdemarsvik';
  name: string;
  slug: string;
  emailDomain: string;
  seed: string;
  referenceDate: IsoDate;
  numberPlan: {
    extensionRanges: ExtensionRange[];
    /** The municipality's own direct numbers, E.164 (internal for P-COST-1). */
    directRanges: ExtensionRange[];
    /** The switchboard's public number. */
    mainNumber: string;
    switchboardExtension: string;
    /** The internal number for listening to voicemail; no one else has it. */
    voicemailNumber: string;
  };
  units: DemoUnit[];
  functions: DemoFunction[];
  people: DemoPerson[];
  demoLogins: DemoLogin[];
  absences: DemoAbsence[];
  callbacks: DemoCallback[];
}
