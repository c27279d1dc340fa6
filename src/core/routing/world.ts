// What routing needs to know about the world, as lookups the caller of planCall supplies.
//
// Routing is pure (ARCHITECTURE.md): it never reads the store, the registrar or the clock.
// `calls/` builds a RoutingWorld over what it already holds (the directory, SIP bindings, the
// absences) and asks for a plan; snapshot.ts builds one over plain in-memory data.
import type { HoursSettings } from '../hours/index.js';
import type { MunicipalityProfile } from '../policy/index.js';
import type { DiversionTarget, PresenceStatus } from '../presence/index.js';
import type { Instant } from '../time.js';

/** Where a call comes in: from an operator's trunk, or from one of our own phones. */
export type CallOrigin = { kind: 'trunk'; trunkId: string } | { kind: 'internal' };

/** The call to be planned. */
export interface CallRequest {
  caller: {
    /** The calling number as received (E.164, or an extension for internal calls). */
    number: string;
    /** The person calling, when the caller is one of ours and known. */
    personId?: string;
  };
  /** What was dialled: an extension, a direct number, a short number, a phone code. */
  dialled: string;
  /** Is the caller one of ours? Decides queue priority (P-SWB-7) and outbound rules. */
  internal: boolean;
  at: Instant;
  origin: CallOrigin;
}

/**
 * What a number in the municipality's plan reaches. The profile's own special numbers (main
 * number, operator extension, voicemail number, automatic operator) and phone-code prefixes
 * are recognised by routing itself; the lookup may name them too.
 */
export type NumberTarget =
  | { kind: 'person'; personId: string }
  | { kind: 'function'; functionId: string }
  | { kind: 'switchboard' }
  | { kind: 'voicemail-access' }
  | { kind: 'automatic-operator' };

/** What routing needs to know about one person. */
export interface PersonFacts {
  id: string;
  unitId?: string;
  /** The person's functions; the first is where colleagues are sought first (P-SWB-3). */
  functionIds: readonly string[];
  /** Contacts registered now (SIP bindings). Zero and no mobile extension: unreachable. */
  registeredContacts: number;
  /** P-MOB-8: the fixed extension also rings the mobile. */
  mobileExtension: boolean;
  /** P-VM-1: true unless a manager recorded an exception. */
  voicemailEnabled: boolean;
  /** P-VM-2: a recorded personal greeting exists. */
  hasGreeting: boolean;
  /** The person's recorded name, for the standard greeting when there is no personal one. */
  hasNameClip: boolean;
}

export type RingStrategy = 'together' | 'in-turn';

/** What routing needs to know about a service function ("funktion"). */
export interface FunctionFacts {
  id: string;
  unitId?: string;
  /** In ring order: for 'in-turn' the first member rings first. */
  memberIds: readonly string[];
  ringStrategy: RingStrategy;
  /** P-GRP-1: where calls go when no member answers. Internal targets only (P-COST-1). */
  overflow: DiversionTarget | null;
  /** The function's own phone hours (P-HRS-1); null: those of its unit, if any. */
  phoneHours: HoursSettings | null;
}

export interface UnitFacts {
  id: string;
  parentId?: string;
  /** Special phone hours ("telefontid", P-HRS-1); null: the unit answers whenever staff do. */
  phoneHours: HoursSettings | null;
  /** The unit's reception ("expeditionen"), where P-DIV-10 diversions go. */
  receptionFunctionId: string | null;
}

/** The approvals a nearest manager can record (P-COST-2, P-COST-3). */
export type ApprovalKind = 'premium-rate' | 'international';

/** A read-only view of the world at the instant of the call. Lookups, not I/O. */
export interface RoutingWorld {
  profile: MunicipalityProfile;
  /** A normalised number (digits for extensions, E.164 otherwise) -> what it reaches. */
  lookupNumber(key: string): NumberTarget | undefined;
  person(personId: string): PersonFacts | undefined;
  /** The presence core's status of the person at the call's instant. */
  presenceOf(personId: string): PresenceStatus;
  serviceFunction(functionId: string): FunctionFacts | undefined;
  unit(unitId: string): UnitFacts | undefined;
  /** Is an approval of this kind recorded for the person and valid at `at`? */
  hasApproval(personId: string, kind: ApprovalKind, at: Instant): boolean;
  /**
   * Is the switchboard open at `at`? Optional: by default routing asks the hours module with
   * the profile's switchboard hours (P-SWB-8); a caller that caches the answer may supply it.
   */
  switchboardOpen?(at: Instant): boolean;
}
