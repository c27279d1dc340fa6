// What call control (src/calls) needs from the capabilities around it, as interfaces.
//
// Call control answers SIP, anchors media and walks routing's plan step by step
// (src/core/routing). Where a step belongs to another capability it hands the call's media
// session to that capability through one of these ports: voicemail records and plays
// messages (src/services/voicemail), the trunk carries calls to and from the operator
// (src/trunk), call records keep what happened (src/services/call-records), and the
// switchboard queue picks the operator (src/services/switchboard). Each port is
// implemented where its capability lives; call control never reaches into their tables.
import type { Instant } from '../core/time.js';
import type { CallPlan, PlanStep, VoicemailBox } from '../core/routing/index.js';
import type { RtpSession } from '../media/index.js';
import type { CallOutcome } from '../store/schema.js';
import type { Target } from '../sip/transport/index.js';

/** The caller as call control knows them. */
export interface CallerInfo {
  /** E.164 for callers from outside, the extension for our own phones. */
  number: string;
  /** Set when the caller is one of ours. */
  personId?: string;
  /** The display name the caller's phone or the directory gave, when any. */
  name?: string;
}

/** A caller whose media is anchored on us: the session is answered, the caller hears what we play. */
export interface AnchoredCaller {
  tenantId: string;
  /** The call record's id (call_records.id). */
  callId: string;
  caller: CallerInfo;
  /** Our RTP session towards the caller (codec negotiated, sending). */
  session: RtpSession;
  /** Aborted when the caller hangs up (or the server stops): stop playing and recording at once. */
  hangup: AbortSignal;
  at: Instant;
}

// ---------------------------------------------------------------------------------------
// Voicemail (src/services/voicemail)

export interface VoicemailPort {
  /**
   * P-VM-1..5: plays the box's greeting (personal, else built from the name clip and the
   * current absence, else standard), a tone, then records until the caller hangs up, presses
   * '#', or the maximum length passes. The recording is written as it arrives (a crash keeps
   * it); the message creates a call-back and notifies by e-mail and MWI. Resolves when done;
   * never rejects (problems are logged and the caller hears an apology).
   */
  leaveMessage(call: AnchoredCaller, box: VoicemailBox): Promise<{ messageId: string | null }>;
  /** P-VM-3, P-SEC-1: the voicemail menu by phone. `personId` null: ask for box number and PIN. */
  access(call: AnchoredCaller, personId: string | null): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Trunk (src/trunk)

/** An inbound call that arrived from an operator's trunk. */
export interface TrunkInbound {
  tenantId: string;
  trunkId: string;
  /** The dialled number as the operator sent it, normalised to E.164 where possible. */
  dialled: string;
  /** The calling number, E.164 where possible ('anonymous' when withheld). */
  callerNumber: string;
}

/** Where and how to send an outbound INVITE through a trunk. */
export interface TrunkRoute {
  trunkId: string;
  target: Target;
  /** The operator's other servers, tried in order when `target` fails (RFC 3263 4.3: 503, or no answer). */
  alternates?: Target[];
  /** The Request-URI for the number, e.g. sip:+46701234567@operator.example. */
  requestUri: string;
  /** The From URI we present (the main number at the operator's domain). */
  fromUri: string;
  /** Digest credentials for 401/407 challenges; null for trunks trusted by address. */
  credentials: { username: string; password: string } | null;
}

export interface TrunkPort {
  /** Is this new INVITE from one of our trunks? Recognised by source address or by registration. */
  identifyInbound(request: { sourceAddress: string; sourcePort: number; requestUri: string; to: string; from: string; callId: string }): Promise<TrunkInbound | undefined>;
  /** The trunk for outbound calls of a tenant; undefined when it has none (the caller hears a refusal). */
  outboundRoute(tenantId: string, number: string): Promise<TrunkRoute | undefined>;
}

// ---------------------------------------------------------------------------------------
// Call records (src/services/call-records)

/** What call control reports while a call runs; the port writes call_records/call_legs. */
export interface CallRecordsPort {
  /** A call came in and routing planned it. Returns the call record's id. */
  begin(input: { tenantId: string; sipCallId: string; origin: 'trunk' | 'internal'; trunkId?: string; caller: CallerInfo; dialled: string; at: Instant; plan: CallPlan }): Promise<string>;
  /** A step started (ringing, queueing, announcing, recording). Returns the leg's id. */
  stepStarted(callId: string, input: { stepIndex: number; step: PlanStep; personId?: string; functionId?: string; number?: string; at: Instant }): Promise<string>;
  /** A leg's phone(s) started ringing (the first 180). P-SWB-1 measures from the call's first ring. */
  legRinging(legId: string, at: Instant): Promise<void>;
  legAnswered(legId: string, at: Instant, answeredBy?: string): Promise<void>;
  legEnded(legId: string, at: Instant, outcome: string): Promise<void>;
  /** The call ended. */
  end(callId: string, input: { at: Instant; outcome: CallOutcome; endedBy: 'caller' | 'callee' | 'system' }): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Switchboard queue (src/services/switchboard)

export interface QueueEntryInput {
  tenantId: string;
  callId: string;
  queue: 'switchboard' | { functionId: string };
  /** P-SWB-7: external calls before internal ones. */
  priority: 'external' | 'internal';
  caller: CallerInfo;
  dialled: string;
  enteredAt: Instant;
}

/** A caller's place in a queue, held by call control while the caller waits. */
export interface QueueMembership {
  /** 1-based position among the calls of this queue (for the position announcement). */
  position(): number;
  /**
   * The next operator to ring for this call: resolves when one is free and this call is the
   * one to serve (or an operator picked it in the console); null when the queue has no
   * operator logged in (overflow at once) or the signal is aborted.
   */
  nextAgent(signal: AbortSignal): Promise<{ personId: string } | null>;
  /** The agent did not answer in time; they are offered the next call and we wait again. */
  agentMissed(personId: string): void;
  /** The call left the queue: answered by `personId`, abandoned, or overflowed. */
  leave(outcome: { answeredBy: string } | 'abandoned' | 'overflow'): void;
}

export interface QueuePort {
  join(entry: QueueEntryInput): QueueMembership;
}
