// The IVR: everything a caller hears from call control that is not another person or the
// voicemail box. Announcements, the central answering machine, spoken refusals, phone codes,
// the automatic operator, the queue's waiting music and the ringback tone. Call control (the
// executor in src/calls) hands a caller whose media is anchored on us to one of these
// functions for the plan step at hand. Every function stops at once when `call.hangup`
// aborts: playback stops and the promise resolves. See README.md in this folder.
import type { AnchoredCaller } from '../ports.js';
import type { AnnounceStep, AnsweringMachineStep, PhoneCodeStep, RefuseStep } from '../../core/routing/index.js';
import type { MunicipalityProfile } from '../../core/policy/index.js';
import type { AppContext } from '../../http/context.js';
import type { PromptLibrary } from '../../prompts/library.js';

/** Timeouts and intervals; the defaults suit callers, tests shorten them. */
export interface IvrTiming {
  /** How long the caller has to start keying after a prompt (ms). */
  firstDigitMs: number;
  /** How long between two keys of one entry before the entry counts as complete (ms). */
  interDigitMs: number;
  /** How long the answering machine waits for a menu choice after the menu (ms). */
  menuChoiceMs: number;
  /** The queue's position announcement comes this often (ms): issue 5 says about 30 s. */
  positionEveryMs: number;
}

export interface IvrDeps {
  prompts: PromptLibrary;
  ctx: AppContext;
  /** The tenant's slug: where its own recordings and name clips are (PromptLibrary). */
  tenantSlug: string;
  profile: MunicipalityProfile;
  /** Only tests set this. */
  timing?: Partial<IvrTiming>;
}

export { DEFAULT_TIMING } from './speak.js';
export { collectDigits, DigitReader, type CollectOptions, type Collected } from './digits.js';
export { playAnnouncement, playAnsweringMachine, playRefusal } from './announcements.js';
export { applyPhoneCode } from './phone-codes.js';
export { runAutomaticOperator } from './automatic-operator.js';
export { playQueueWaiting, playRingback } from './waiting.js';
export { holdMusic, RINGBACK, ringbackTone } from './tones.js';
export { verifyPhonePin, type PinVerdict } from './pin.js';
export { FORWARD_NOTE } from './phone-codes.js';

// The signatures call control compiles against (kept here, in one place, for reading):
export type PlayAnnouncement = (call: AnchoredCaller, step: AnnounceStep, deps: IvrDeps) => Promise<void>;
export type PlayAnsweringMachine = (call: AnchoredCaller, step: AnsweringMachineStep, deps: IvrDeps) => Promise<{ connectTo: string | null }>;
export type PlayRefusal = (call: AnchoredCaller, step: RefuseStep, deps: IvrDeps) => Promise<void>;
export type ApplyPhoneCode = (call: AnchoredCaller, step: PhoneCodeStep, deps: IvrDeps) => Promise<void>;
export type RunAutomaticOperator = (call: AnchoredCaller, deps: IvrDeps) => Promise<{ dial: string } | null>;
export type PlayQueueWaiting = (call: AnchoredCaller, position: () => number, deps: IvrDeps) => { stop(): void };
export type PlayRingback = (call: AnchoredCaller) => { stop(): void };
