// A call plan: the ordered steps `calls/` executes, and that operators and reports can show.
//
// Execution: steps run in order. A `ring`, `forward` or `queue` step that is answered ends the
// call's plan (the caller is connected); one that is not answered in time, or is busy, goes
// on to the next step. An `announce` or `answering-machine` step plays and goes on. The other
// steps are endings: the caller is connected outward, leaves a message, hears a refusal, or is
// handed to an interactive service. P-FC-1: every plan ends in one (see invariants.ts).
//
// Every step names the policy rule that made it (`rule`), or null for ordinary telephony that
// no rule asks for (an outbound call to an ordinary number).
import type { Interval } from '../hours/index.js';
import type { Problem } from '../errors.js';
import type { NumberKind } from '../numbers/index.js';
import type { Instant } from '../time.js';

/** A policy rule ID (policy-rules.md), e.g. 'P-DIV-1'; null where no rule made the step. */
export type RuleId = string | null;

/** One person's phones: every registered contact, and the mobile when it is a mobile extension. */
export interface RingTarget {
  kind: 'person';
  personId: string;
  devices: 'all-registered';
  /** P-MOB-8: the fixed extension also rings the mobile. */
  mobileExtension: boolean;
}

/** Why a ring step is there, for operators and reports. */
export type RingRole = 'sought' | 'colleague' | 'function' | 'diversion' | 'overflow';

export interface RingStep {
  kind: 'ring';
  targets: RingTarget[];
  seconds: number;
  role: RingRole;
  /** The function whose members ring, when they ring as that function. */
  functionId?: string;
  rule: RuleId;
}

export interface AbsenceData {
  personId: string;
  /** Reason code of the absence in effect (P-DIV-2). */
  reason: string;
  /** The reason as read to callers: "Möte" / "Meeting". */
  label: { sv: string; en: string };
  /** End of the whole chain of absences (P-DIV-3). */
  returnsAt: Instant;
}

export interface PhoneHoursData {
  scope: { kind: 'unit'; unitId: string } | { kind: 'function'; functionId: string };
  /** When the phone hours open next; null when they never do within the search window. */
  opensAt: Instant | null;
}

export type AnnounceStep =
  /** P-DIV-1, P-SWB-4: the caller is told why and until when the person is away. */
  | { kind: 'announce'; sentence: 'absence'; data: AbsenceData; rule: RuleId }
  /** P-HRS-1: outside phone hours the caller hears them before being diverted. */
  | { kind: 'announce'; sentence: 'phone-hours'; data: PhoneHoursData; rule: RuleId }
  /** P-FC-1: "Numret finns inte", before the switchboard takes the call. */
  | { kind: 'announce'; sentence: 'number-unknown'; data: { dialled: string }; rule: RuleId };

export type AnnounceSentence = AnnounceStep['sentence'];

export type VoicemailBox =
  | { kind: 'person'; personId: string; greeting: 'personal' | 'name-clip' | 'standard' }
  | { kind: 'function'; functionId: string }
  | { kind: 'switchboard' };

export interface VoicemailStep {
  kind: 'voicemail';
  box: VoicemailBox;
  rule: RuleId;
}

export interface QueueStep {
  kind: 'queue';
  queue: 'switchboard' | { functionId: string };
  /** P-SWB-7: external calls are served before internal ones. */
  priority: 'external' | 'internal';
  /** After this long the call goes on to the next step (P-FC-1: never unanswered ringing). */
  maxWaitSeconds: number;
  rule: RuleId;
}

export interface ForwardStep {
  kind: 'forward';
  /** An internal number (P-COST-1): an extension, or one of the municipality's own direct numbers. */
  number: string;
  seconds: number;
  rule: RuleId;
}

export interface OnCallOffer {
  /** Swedish, as read to callers: "Socialjouren". */
  label: string;
  /** E.164. */
  number: string;
  /** The caller may be connected: only to internal numbers (P-COST-1); others are only read out. */
  connectable: boolean;
}

/** P-SWB-6: the central answering machine, whenever the switchboard is closed. */
export interface AnsweringMachineStep {
  kind: 'answering-machine';
  municipality: string;
  /** The open status line of the hours module (P-HRS-4): "Stängt – öppnar måndag 24 april kl. 08.00". */
  status: { sv: string; en: string };
  /** Today's hours, with the exception, holiday or half day that shaped them. */
  today: { date: string; intervals: Interval[]; note: string | null };
  opensAt: Instant | null;
  onCall: OnCallOffer[];
  rule: RuleId;
}

export type PhoneCode =
  /** P-DIV-6: set an absence by phone, e.g. *23 1 1430 # = meeting until 14:30. */
  | { code: 'absence'; reason: string; until: Instant | null }
  /** P-DIV-4: "Åter". */
  | { code: 'back-now' }
  /** P-COST-1: forward to an internal number. */
  | { code: 'forward'; number: string }
  | { code: 'cancel-forward' };

/** A phone code for the caller's own presence; `calls/` applies it and confirms by voice. */
export type PhoneCodeStep = { kind: 'phone-code'; personId: string; rule: RuleId } & PhoneCode;

export type RefusalReason =
  | 'number-unknown'
  | 'premium-rate'
  | 'directory-enquiry'
  | 'international'
  | 'forward-external'
  | 'phone-code-invalid'
  | 'phone-code-not-allowed';

/** A spoken refusal: the caller hears `problem.sv` (P-FC-1: never silence). */
export interface RefuseStep {
  kind: 'refuse';
  reason: RefusalReason;
  problem: Problem;
  rule: RuleId;
}

/** An outbound call through the operator's trunk. */
export interface ConnectExternalStep {
  kind: 'connect-external';
  /** E.164, or the digits of a short number (112, 1177). */
  number: string;
  via: 'trunk';
  category: NumberKind;
  /** A recorded manager's approval allowed it (P-COST-2, P-COST-3). */
  approved: boolean;
  rule: RuleId;
}

/** P-DIV-6: the automatic operator (an IVR) takes the call. */
export interface AutomaticOperatorStep {
  kind: 'automatic-operator';
  rule: RuleId;
}

/** P-VM-3: listening to one's messages; the PIN is asked unless the caller is known (P-SEC-1). */
export interface VoicemailAccessStep {
  kind: 'voicemail-access';
  personId: string | null;
  rule: RuleId;
}

export type PlanStep =
  | RingStep
  | AnnounceStep
  | VoicemailStep
  | QueueStep
  | ForwardStep
  | AnsweringMachineStep
  | PhoneCodeStep
  | RefuseStep
  | ConnectExternalStep
  | AutomaticOperatorStep
  | VoicemailAccessStep;

export type PlanStepKind = PlanStep['kind'];

/** What the dialled number reached. */
export type Reached =
  | { kind: 'person'; personId: string }
  | { kind: 'function'; functionId: string }
  | { kind: 'switchboard' }
  | { kind: 'voicemail-access' }
  | { kind: 'automatic-operator' }
  | { kind: 'phone-code' }
  | { kind: 'external'; number: string; category: NumberKind }
  | { kind: 'unknown' };

export type DeviationCode =
  /** P-DIV-1: available by presence, yet no phone registered and no mobile extension. */
  | 'unreachable-undiverted'
  /** P-GRP-1: no member of a function was available. */
  | 'nobody-available'
  /** P-VM-1: voicemail off by a manager's recorded exception. */
  | 'voicemail-disabled'
  /** P-VM-2: no recorded personal greeting. */
  | 'greeting-missing'
  /** P-DIV-1: diversions lead back to someone already on the way. */
  | 'diversion-loop'
  /** P-DIV-1: more diversion hops than routing follows. */
  | 'diversion-too-long'
  /** P-DIV-11: a diversion, overflow or number points to someone or something that does not exist. */
  | 'target-missing'
  /** P-COST-1: a diversion or overflow to an external number, not followed. */
  | 'forward-external-blocked';

/** Something the follow-up reports count (P-FUP-2). */
export interface Deviation {
  code: DeviationCode;
  rule: string;
  personId?: string;
  functionId?: string;
}

/** What the call detail record needs from routing. */
export interface PlanRecord {
  dialled: string;
  callerInternal: boolean;
  origin: 'trunk' | 'internal';
  reached: Reached;
  /** The sought person's presence when the call came; null when no person was sought. */
  presence: { state: 'available' } | { state: 'absent'; reason: string; returnsAt: Instant } | null;
  /** Whether the switchboard was open; null when routing did not need to ask. */
  switchboardOpen: boolean | null;
  /** P-HRS-3: the call came outside special phone hours. */
  outsidePhoneHours: boolean;
  deviations: Deviation[];
  /** The distinct rules the steps name, in order of first appearance. */
  rules: string[];
}

export interface CallPlan {
  steps: PlanStep[];
  record: PlanRecord;
}
