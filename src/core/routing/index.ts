// Call routing: "what happens to this call", as a plan of steps that calls/ executes and
// operators and reports can show. Pure: the world is passed in as lookups. See README.md.
export { planCall } from './route.js';
export type {
  AbsenceData,
  AnnounceSentence,
  AnnounceStep,
  AnsweringMachineStep,
  AutomaticOperatorStep,
  CallPlan,
  ConnectExternalStep,
  Deviation,
  DeviationCode,
  ForwardStep,
  OnCallOffer,
  PhoneCode,
  PhoneCodeStep,
  PhoneHoursData,
  PlanRecord,
  PlanStep,
  PlanStepKind,
  QueueStep,
  Reached,
  RefuseStep,
  RefusalReason,
  RingRole,
  RingStep,
  RingTarget,
  RuleId,
  VoicemailAccessStep,
  VoicemailBox,
  VoicemailStep,
} from './plan.js';
export type {
  ApprovalKind,
  CallOrigin,
  CallRequest,
  FunctionFacts,
  NumberTarget,
  PersonFacts,
  RingStrategy,
  RoutingWorld,
  UnitFacts,
} from './world.js';
export { IN_TURN_MAX_MEMBERS, MAX_DIVERSION_HOPS, TOGETHER_MAX_MEMBERS } from './builder.js';
export { assertEndsAudibly, audibleEndProblems, externalForwards, isEnding } from './invariants.js';
export { isPhoneCode, parsePhoneCode, type ParsedPhoneCode } from './phone-codes.js';
export { isInternalNumber, numberKey } from './numbers.js';
export { spokenText } from './text.js';
export { SnapshotWorld, type RecordedApproval, type WorldSnapshot } from './snapshot.js';
