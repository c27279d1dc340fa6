// Carrying out a routing plan (src/core/routing/README.md, "Steps") for one call.
//
// A CallRun owns the caller's leg (`party`, anchored on our RtpSession) and walks the plan:
// ring and forward fork to devices (fork.ts), the queue waits for an operator, the spoken
// steps go to the IVR (ivr/), voicemail to the voicemail module, outbound calls to the trunk.
// A ring that is answered bridges the two sessions and the plan is done; one that is not
// goes on to the next step. The automatic operator and the answering machine may hand back
// a number to dial: the call is planned again and goes on.
//
// P-FC-1, no call ends in silence: a caller who was never answered gets a final status their
// phone shows (480, 486), an answered caller always hears something before we hang up, and
// every wait is bounded (ring times capped by `ringLimitMs`, queue by `maxWaitSeconds`).
// The caller's hang-up aborts `signal`: forks are CANCELled, playing and recording stop.
import { assertEndsAudibly, numberKey, planCall, type CallPlan, type CallRequest, type PlanStep, type RingTarget } from '../core/routing/index.js';
import type { Instant } from '../core/time.js';
import type { AppContext } from '../http/context.js';
import { bridge, type Bridge } from '../media/index.js';
import type { PromptLibrary } from '../prompts/library.js';
import type { Plan } from '../prompts/say.js';
import type { Tenant } from '../services/tenants/profiles.js';
import type { BindingStore } from '../sip/registrar/bindings.js';
import { NameAddress, parseUri, readNameAddress, SipUri } from '../sip/message/index.js';
import type { CallOutcome } from '../store/schema.js';
import { ringBranches, type BranchSpec, type ForkResult } from './fork.js';
import type * as IvrApi from './ivr/index.js';
import { sayOrApologise } from './ivr/speak.js';
import type { AnchoredLeg, CalleeLeg, LegHost } from './leg.js';
import { watchRtp, type MediaSettings } from './media.js';
import type { AnchoredCaller, CallerInfo, CallRecordsPort, QueuePort, TrunkPort, TrunkRoute, VoicemailPort } from './ports.js';
import type { ConsolePort } from './console/port.js';
import { CallReports, type LegOutcome, type StepReport } from './records.js';
import type { RoutingWorlds } from './world.js';

/** The IVR functions the executor uses (src/calls/ivr). */
export type Ivr = Pick<typeof IvrApi, 'playAnnouncement' | 'playAnsweringMachine' | 'playRefusal' | 'applyPhoneCode' | 'runAutomaticOperator' | 'playQueueWaiting' | 'playRingback'>;

/** How many times one call may be planned again (automatic operator, answering machine). */
export const MAX_REPLANS = 5;

/** A conversation in which a phone has sent no RTP for this long is hung up (it went away without a BYE). */
export const RTP_TIMEOUT_MS = 60_000;

export interface CallPorts {
  voicemail?: VoicemailPort;
  trunk?: TrunkPort;
  callRecords: CallRecordsPort;
  queue?: QueuePort;
  /** The operator console (src/calls/console): holds calls that an operator answered from the queue. */
  console?: ConsolePort;
}

export interface ExecutorDeps {
  ctx: AppContext;
  prompts: () => Promise<PromptLibrary>;
  ivr: Ivr;
  /** IVR timeouts (tests shorten them). */
  ivrTiming?: IvrApi.IvrDeps['timing'];
  ports: CallPorts;
  worlds: RoutingWorlds;
  bindings: BindingStore;
  media: MediaSettings;
  host: LegHost;
  /** No single ringing lasts longer than this (ms). */
  ringLimitMs: number;
  /** A phone silent this long in a conversation is taken as gone (default RTP_TIMEOUT_MS). */
  rtpTimeoutMs?: number;
  now: () => Instant;
  log: (event: string, data: Record<string, unknown>) => void;
}

export interface CallSetup {
  tenant: Tenant;
  /** The tenant's SIP domain: the host of the From and To we show callees. */
  realm: string;
  /** The caller's leg: an INVITE we have not answered yet, or (after a transfer) an answered leg. */
  party: AnchoredLeg;
  caller: CallerInfo;
  dialled: string;
  internal: boolean;
  origin: CallRequest['origin'];
  sipCallId: string;
  /** A transfer's progress for the transferor's NOTIFY: 200 when the transferee is served, else why not. */
  onSettled?: (status: number) => void;
  /**
   * An operator's transfer or consultation from the console (src/calls/console): ringing lasts
   * until `deadline` (performance.now() ms), and a ring nobody answers hands the caller back
   * through `back` instead of going on in the plan (P-FC-1: recall to the operator).
   */
  recall?: { deadline: number; back(party: AnchoredLeg, why: 'no-answer' | 'busy'): void };
  /** Someone answered and now talks to the caller (the console shows the transfer connected). */
  onTalking?: (callee: CalleeLeg) => void;
}

type StepResult = 'next' | 'done' | { dial: string };

export class CallRun {
  /** The legs this run owns and closes when it ends. */
  readonly legs = new Set<AnchoredLeg>();
  private readonly abort = new AbortController();
  private outcome: CallOutcome | undefined;
  private endedBy: 'caller' | 'callee' | 'system' | undefined;
  /** What an unanswered caller is told when nothing more can be tried (486 busy, 480). */
  private lastFailure = 480;
  private failed = false;
  private reports: CallReports | undefined;
  private stepIndex = 0;
  private plan: CallPlan | undefined;
  private settled = false;
  private finished = false;
  /** While two legs talk: ends the conversation when one of them is handed on (transfer). */
  private talking: { callee: CalleeLeg; handOver: () => void } | undefined;

  constructor(
    private readonly deps: ExecutorDeps,
    readonly setup: CallSetup,
  ) {
    this.legs.add(setup.party);
    setup.party.owner = this;
    const onGone = () => this.abort.abort();
    if (setup.party.isEnded) onGone();
    else setup.party.ended.addEventListener('abort', onGone, { once: true });
  }

  get party(): AnchoredLeg {
    return this.setup.party;
  }

  /** The caller's leg (an alias of `party`, named for the two sides of a conversation). */
  get caller(): AnchoredLeg {
    return this.setup.party;
  }

  /** The leg the caller talks to, while they talk. */
  get callee(): CalleeLeg | undefined {
    return this.talking?.callee;
  }

  /** Aborted when the caller hangs up or the call is torn down. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  private get tenantId(): string {
    return this.setup.tenant.id;
  }

  private now(): Instant {
    return this.deps.now();
  }

  /** Hangs the call up from our side (server shutdown). */
  stop(): void {
    this.abort.abort();
  }

  /** Plans the call and carries the plan out; resolves when the call is over. */
  async run(): Promise<void> {
    try {
      let plan = await this.planFor(this.setup.dialled);
      this.reports = new CallReports(this.deps.ports.callRecords, {
        tenantId: this.tenantId, sipCallId: this.setup.sipCallId, origin: this.setup.origin.kind,
        ...(this.setup.origin.kind === 'trunk' ? { trunkId: this.setup.origin.trunkId } : {}),
        caller: this.setup.caller, dialled: this.setup.dialled, at: this.now(), plan,
      }, this.deps.log);
      for (let replans = 0; ; replans++) {
        const next = await this.runPlan(plan);
        if (next === null || this.signal.aborted) break;
        if (replans >= MAX_REPLANS) {
          this.deps.log('call.replan-limit', { dialled: next });
          break;
        }
        plan = await this.planFor(next);
      }
    } catch (error) {
      this.failed = true;
      this.deps.log('call.error', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      await this.finish();
    }
  }

  private async planFor(dialled: string): Promise<CallPlan> {
    const at = this.now();
    const world = await this.deps.worlds.at(this.tenantId, at);
    const request: CallRequest = {
      caller: { number: this.setup.caller.number, ...(this.setup.caller.personId ? { personId: this.setup.caller.personId } : {}) },
      dialled, internal: this.setup.internal, at, origin: this.setup.origin,
    };
    const plan = planCall(request, world);
    assertEndsAudibly(plan); // P-FC-1: a plan that could end in silence is a bug, not a call
    this.plan = plan;
    this.deps.log('call.plan', { dialled, steps: plan.steps.map((s) => s.kind), reached: plan.record.reached.kind });
    return plan;
  }

  /** Runs the steps in order; returns a number to plan next, or null when the call is over. */
  private async runPlan(plan: CallPlan): Promise<string | null> {
    for (const step of plan.steps) {
      if (this.signal.aborted) return null;
      const result = await this.runStep(step, this.stepIndex++);
      if (result === 'next' && this.recalled(step)) return null;
      if (result === 'done') return null;
      if (result !== 'next') return result.dial;
    }
    return null;
  }

  private report(step: PlanStep, index: number, who: { personId?: string; functionId?: string; number?: string } = {}): StepReport {
    return this.reports!.step({ stepIndex: index, step, ...who, at: this.now() });
  }

  private runStep(step: PlanStep, index: number): Promise<StepResult> {
    switch (step.kind) {
      case 'ring': {
        const single = step.targets.length === 1 ? step.targets[0]!.personId : undefined;
        const report = this.report(step, index, { ...(single ? { personId: single } : {}), ...(step.functionId ? { functionId: step.functionId } : {}) });
        // P-SWB-1: the sought person answering is "answered"; anyone else took a diverted call.
        return this.ringPeople(step.targets, this.ringSeconds(step.seconds), report, step.role === 'sought' ? 'answered' : 'diverted');
      }
      case 'forward':
        return this.forward(step.number, this.ringSeconds(step.seconds), this.report(step, index, { number: step.number }));
      case 'queue':
        return this.queue(step, this.report(step, index, typeof step.queue === 'object' ? { functionId: step.queue.functionId } : {}));
      case 'connect-external':
        return this.connectExternal(step.number, this.report(step, index, { number: step.number }));
      default:
        return this.serve(step, index);
    }
  }

  // ---- the operator console's transfers (src/calls/console) --------------------------------

  /** An operator's transfer rings until its recall time, whatever the plan's ring time. */
  private ringSeconds(seconds: number): number {
    const recall = this.setup.recall;
    return recall ? Math.max(1, (recall.deadline - performance.now()) / 1000) : seconds;
  }

  /** An operator's transfer that nobody answered goes back to the operator, not on in the plan. */
  private recalled(step: PlanStep): boolean {
    const recall = this.setup.recall;
    if (!recall || (step.kind !== 'ring' && step.kind !== 'forward') || this.signal.aborted || this.party.isEnded) return false;
    this.release('diverted');
    recall.back(this.party, this.lastFailure === 486 ? 'busy' : 'no-answer');
    return true;
  }

  /**
   * The console takes the caller back before anyone answered (a consultation the operator
   * leaves, a recall): ringing is CANCELled and the run ends without hanging the caller up.
   * Undefined once the caller talks to someone (then `handOver`) or the run is over.
   */
  giveBack(): AnchoredLeg | undefined {
    if (this.finished || this.talking || !this.legs.has(this.party) || this.party.isEnded) return undefined;
    this.release('abandoned');
    this.abort.abort();
    return this.party;
  }

  private release(outcome: CallOutcome): void {
    this.legs.delete(this.party);
    this.party.owner = undefined;
    this.outcome ??= outcome;
    this.endedBy ??= 'system';
  }

  // ---- ringing ---------------------------------------------------------------------------

  /** Where a person's calls go: every live binding, and the mobile through the trunk (P-MOB-8). */
  private async branchesFor(targets: readonly Pick<RingTarget, 'personId' | 'mobileExtension'>[]): Promise<BranchSpec[]> {
    const now = this.now();
    const perTarget = await Promise.all(targets.map(async (t) => {
      const specs: BranchSpec[] = [];
      for (const b of await this.deps.bindings.liveForPerson(this.tenantId, t.personId, now)) {
        const uri = parseUri(b.contact);
        if (!b.target || !uri.ok) continue;
        // RFC 3327 5.3: a binding registered through an edge is reached along its Path.
        const route = b.path.map((p) => readNameAddress(p)).filter((p): p is NameAddress => typeof p !== 'string');
        specs.push({ uri: uri.value, target: b.target, route, reached: { personId: t.personId } });
      }
      if (t.mobileExtension && this.deps.ports.trunk) {
        const mobile = (await this.deps.ctx.directory.person(this.tenantId, t.personId).catch(() => undefined))?.person.mobileNumber;
        const route = mobile ? await this.deps.ports.trunk.outboundRoute(this.tenantId, mobile) : undefined;
        if (route) {
          const spec = trunkBranch(route, { personId: t.personId, number: mobile! });
          if (spec) specs.push(spec);
        }
      }
      return specs;
    }));
    return perTarget.flat();
  }

  private ringPeople(targets: readonly RingTarget[], seconds: number, report: StepReport, outcome: CallOutcome): Promise<StepResult> {
    return this.branchesFor(targets).then((specs) => this.ringAndTalk(specs, seconds * 1000, report, outcome));
  }

  /** The caller as callees' phones show them. */
  private fromAddress(): NameAddress {
    const c = this.setup.caller;
    return new NameAddress(new SipUri({ user: c.number, host: this.setup.realm }), c.name);
  }

  /** Rings, and on an answer bridges and waits for the conversation to end; 'next' when nobody answered. */
  private async ringAndTalk(specs: BranchSpec[], ringMs: number, report: StepReport, outcome: CallOutcome, to?: NameAddress): Promise<StepResult> {
    if (specs.length === 0) {
      report.ended(this.now(), 'failed');
      return 'next';
    }
    const result = await this.ring(specs, ringMs, report, to ? { to } : {});
    if (result.kind === 'answered') {
      this.outcome = outcome;
      await this.talk(result.leg, report);
      return 'done';
    }
    report.ended(this.now(), legOutcomeOf(result.kind));
    return result.kind === 'cancelled' ? 'done' : 'next';
  }

  /**
   * Rings the branches. An unanswered caller gets 180 on the first ringing; an answered one
   * hears our ringback tone meanwhile. The answered callee is bridged to the caller.
   */
  private async ring(specs: BranchSpec[], ringMs: number, report: StepReport, opts: { to?: NameAddress; keepAudio?: boolean } = {}): Promise<ForkResult> {
    const limit = Math.min(ringMs, this.deps.ringLimitMs);
    // A caller that hears us (answered, or in early media since an earlier step) gets our ringback.
    const ringback = this.party.hearsUs && !opts.keepAudio ? this.deps.ivr.playRingback(await this.anchored()) : undefined;
    let early: Bridge | undefined;
    let result: ForkResult;
    try {
      result = await ringBranches(this.deps.host, specs, {
        media: this.deps.media, from: this.fromAddress(), to: opts.to ?? new NameAddress(new SipUri({ user: this.setup.dialled, host: this.setup.realm })),
        ringMs: limit, signal: this.signal,
        onRinging: () => {
          report.ringing(this.now());
          if (!opts.keepAudio) this.party.ring();
        },
        // RFC 3960: the network's ringback or announcement instead of ours, or of the
        // caller's own phone's ringing.
        onEarlyMedia: (callee) => {
          if (opts.keepAudio || this.signal.aborted || early) return;
          if (this.party.hearsUs) ringback?.stop();
          else if (!this.party.earlyMedia()) return;
          early = bridge(this.party.media.session, callee.session);
        },
      });
    } finally {
      ringback?.stop();
      early?.stop();
    }
    if (result.kind === 'answered') {
      const leg = result.leg;
      if (this.signal.aborted) {
        // The caller hung up as the callee answered.
        await leg.close();
        report.ended(this.now(), 'cancelled');
        return { kind: 'cancelled', status: 487, timedOut: false };
      }
      leg.owner = this;
      this.legs.add(leg);
      await this.party.answer();
      report.answered(this.now(), leg.reached.personId);
      this.settle(200);
      this.deps.log('call.answered', { from: this.setup.caller.number, by: leg.reached.personId ?? leg.reached.number });
      return result;
    }
    if (result.timedOut && ringMs > this.deps.ringLimitMs) this.deps.log('call.ring-limit', { dialled: this.setup.dialled });
    if (result.kind !== 'cancelled') this.lastFailure = result.status;
    return result;
  }

  /** Two legs talk through our bridge until one hangs up, or the call is handed on (REFER). */
  private async talk(callee: CalleeLeg, report: StepReport): Promise<void> {
    const b = bridge(this.party.media.session, callee.media.session);
    let handedOver = false;
    let stopWatching = () => {};
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      this.talking = { callee, handOver: () => ((handedOver = true), done()) };
      this.signal.addEventListener('abort', done, { once: true });
      callee.ended.addEventListener('abort', done, { once: true });
      // A phone gone without a BYE must not hold the call (and its ports) for ever.
      stopWatching = watchRtp([this.party.media, callee.media], this.deps.rtpTimeoutMs ?? RTP_TIMEOUT_MS, (leg) => {
        this.deps.log('call.rtp-timeout', { side: leg === callee.media ? 'callee' : 'caller' });
        done();
      });
      if (this.signal.aborted || callee.isEnded) done();
      else this.setup.onTalking?.(callee);
    });
    stopWatching();
    this.talking = undefined;
    b.stop();
    report.ended(this.now(), 'answered');
    if (handedOver) return; // the transfer owns both legs now
    this.endedBy = callee.endedBy === 'remote' ? 'callee' : this.party.endedBy === 'remote' ? 'caller' : 'system';
    this.deps.log('call.ended', { by: this.endedBy });
    this.legs.delete(callee);
    await callee.close();
  }

  /**
   * REFER from `transferor` while it talks (RFC 3515): the conversation ends without hanging
   * anyone up, and the run gives up both legs. Returns the transferee, or undefined when the
   * leg is not in a conversation of this run.
   */
  handOver(transferor: AnchoredLeg): AnchoredLeg | undefined {
    const t = this.talking;
    const transferee = this.peerOf(transferor);
    if (!t || !transferee) return undefined;
    this.endedBy = transferor === this.party ? 'caller' : 'callee';
    this.legs.delete(t.callee);
    this.legs.delete(this.party);
    t.handOver();
    return transferee;
  }

  /** The other party of the conversation `leg` is in, while it talks; undefined otherwise. */
  peerOf(leg: AnchoredLeg): AnchoredLeg | undefined {
    const t = this.talking;
    if (!t) return undefined;
    return leg === this.party ? t.callee : leg === t.callee ? this.party : undefined;
  }

  // ---- forward, queue, outbound ------------------------------------------------------------

  /** P-COST-1: an internal number only; rung through the number plan (the directory's people and functions). */
  private async forward(number: string, seconds: number, report: StepReport): Promise<StepResult> {
    const key = numberKey(number);
    const world = await this.deps.worlds.at(this.tenantId, this.now());
    const target = key === null ? undefined : world.lookupNumber(key);
    const personIds = target?.kind === 'person' ? [target.personId] : target?.kind === 'function' ? (world.serviceFunction(target.functionId)?.memberIds ?? []) : [];
    const targets = personIds.map((personId) => ({ personId, mobileExtension: world.person(personId)?.mobileExtension ?? false }));
    return this.ringAndTalk(await this.branchesFor(targets), seconds * 1000, report, 'diverted');
  }

  /**
   * The switchboard queue (P-SWB-5, P-SWB-7): the caller is answered and hears the waiting
   * music while operators are offered the call one at a time; after `maxWaitSeconds`, or
   * with nobody logged in, the call goes on to the next step (P-FC-1). When the queue says
   * at once that no operator is logged in, the call goes on without being answered first.
   */
  private async queue(step: Extract<PlanStep, { kind: 'queue' }>, report: StepReport): Promise<StepResult> {
    const port = this.deps.ports.queue;
    if (!port) {
      this.deps.log('call.no-queue', { dialled: this.setup.dialled });
      report.ended(this.now(), 'failed');
      return 'next';
    }
    const membership = port.join({
      tenantId: this.tenantId, callId: await this.reports!.recordId(), queue: step.queue, priority: step.priority,
      caller: this.setup.caller, dialled: this.setup.dialled, enteredAt: this.now(),
    });
    const deadline = performance.now() + step.maxWaitSeconds * 1000;
    const offer = () => {
      const left = deadline - performance.now();
      return left <= 0 ? Promise.resolve(null) : membership.nextAgent(AbortSignal.any([this.signal, AbortSignal.timeout(Math.ceil(left))]));
    };
    let next = offer();
    const WAITING = Symbol('waiting');
    if ((await Promise.race([next, new Promise<typeof WAITING>((r) => setImmediate(() => r(WAITING)))])) === null && !this.signal.aborted) {
      membership.leave('overflow');
      report.ended(this.now(), 'no-answer');
      return 'next';
    }
    const call = await this.answeredCaller();
    if (!call) {
      membership.leave('abandoned');
      report.ended(this.now(), 'cancelled');
      return 'done';
    }
    this.settle(200);
    const waiting = this.deps.ivr.playQueueWaiting(call, () => membership.position(), await this.ivrDeps());
    const ringMs = this.setup.tenant.profile.ringTimeSeconds * 1000;
    try {
      for (;; next = offer()) {
        const agent = await next;
        if (this.signal.aborted) {
          membership.leave('abandoned');
          report.ended(this.now(), 'cancelled');
          return 'done';
        }
        if (!agent) {
          membership.leave('overflow');
          report.ended(this.now(), 'no-answer');
          return 'next';
        }
        const specs = await this.branchesFor([{ personId: agent.personId, mobileExtension: false }]);
        // The music goes on while the operator's phone rings; ringing never outlasts the wait.
        const result = specs.length === 0 ? undefined
          : await this.ring(specs, Math.max(1000, Math.min(ringMs, deadline - performance.now())), report, { keepAudio: true });
        if (result?.kind === 'answered') {
          waiting.stop();
          membership.leave({ answeredBy: agent.personId });
          this.outcome = this.plan?.record.reached.kind === 'switchboard' ? 'answered' : 'diverted';
          // The operator console holds the call from here (hold, park, transfers): both legs are its own.
          const desk = this.deps.ports.console;
          if (desk) {
            this.legs.delete(this.party);
            this.legs.delete(result.leg);
            this.endedBy = (await desk.answered({ run: this, call, operatorLeg: result.leg, operatorId: agent.personId })).endedBy;
            report.ended(this.now(), 'answered');
            return 'done';
          }
          await this.talk(result.leg, report);
          return 'done';
        }
        if (result?.kind === 'cancelled') {
          membership.leave('abandoned');
          report.ended(this.now(), 'cancelled');
          return 'done';
        }
        membership.agentMissed(agent.personId);
      }
    } finally {
      waiting.stop();
    }
  }

  /** An outbound call through the trunk (112 included); without a trunk the caller is told. */
  private async connectExternal(number: string, report: StepReport): Promise<StepResult> {
    const route = await this.deps.ports.trunk?.outboundRoute(this.tenantId, number);
    const spec = route && trunkBranch(route, { number });
    if (!spec) {
      this.deps.log('call.no-trunk', { number });
      report.ended(this.now(), 'failed');
      // P-FC-1: never silence, even when no operator trunk is configured.
      if (await this.say(['out.not-allowed', 'silence.500', 'call.try-later'])) this.outcome = 'refused';
      return 'done';
    }
    const to = new NameAddress(spec.uri);
    // RFC 3263 4.3: a server of the operator that answers 503, times out (408) or cannot be
    // reached (a transport error: 503) is passed over for the next one; the step's record
    // ends once, with the last server's outcome.
    const targets = [route.target, ...(route.alternates ?? [])];
    const passOver = () => this.lastFailure === 503 || this.lastFailure === 408;
    let result: StepResult = 'next';
    for (const [i, target] of targets.entries()) {
      const more = i < targets.length - 1;
      const attempt: StepReport = more ? { ...report, ended: (at, outcome) => (passOver() && outcome !== 'answered' ? undefined : report.ended(at, outcome)) } : report;
      if (i > 0) this.deps.log('call.trunk-next-server', { address: target.address, port: target.port, after: this.lastFailure });
      result = await this.ringAndTalk([{ ...spec, target }], this.deps.ringLimitMs, attempt, 'answered', to);
      if (result !== 'next' || this.outcome !== undefined || this.signal.aborted || !passOver()) break;
    }
    if (this.outcome === undefined && !this.signal.aborted && this.party.answered) {
      // Busy or no answer out there: an answered caller hears it; an unanswered one's phone shows the status.
      await this.say([this.lastFailure === 486 ? 'call.busy' : 'call.no-answer', 'silence.500', 'call.try-later']);
    }
    if (this.outcome === undefined && !this.signal.aborted) this.outcome = 'failed';
    return result === 'next' ? 'done' : result;
  }

  // ---- steps that serve the caller themselves ---------------------------------------------------

  /** The spoken and interactive steps: the caller is answered first, then served. */
  private async serve(step: Exclude<PlanStep, { kind: 'ring' | 'forward' | 'queue' | 'connect-external' }>, index: number): Promise<StepResult> {
    const report = this.report(step, index, whoOf(step));
    const ports = this.deps.ports;
    if ((step.kind === 'voicemail' || step.kind === 'voicemail-access') && !ports.voicemail) {
      this.deps.log('call.no-voicemail', { dialled: this.setup.dialled });
      report.ended(this.now(), 'failed');
      if (this.party.answered) await this.say(['call.try-later', 'call.goodbye']);
      return 'done';
    }
    const call = await this.answeredCaller();
    if (!call) {
      report.ended(this.now(), 'cancelled');
      return 'done';
    }
    this.settle(200);
    const ivr = this.deps.ivr;
    const deps = await this.ivrDeps();
    let result: StepResult = 'done';
    let outcome: LegOutcome = 'played';
    switch (step.kind) {
      case 'announce':
        await ivr.playAnnouncement(call, step, deps);
        result = 'next';
        break;
      case 'answering-machine': {
        this.outcome = 'answering-machine'; // P-SWB-6
        const { connectTo } = await ivr.playAnsweringMachine(call, step, deps);
        result = connectTo ? { dial: connectTo } : 'next';
        break;
      }
      case 'refuse':
        await ivr.playRefusal(call, step, deps);
        this.outcome = 'refused';
        break;
      case 'phone-code':
        await ivr.applyPhoneCode(call, step, deps);
        this.outcome = 'phone-code';
        break;
      case 'automatic-operator': {
        const chosen = await ivr.runAutomaticOperator(call, deps);
        if (chosen) result = { dial: chosen.dial };
        else if (!this.signal.aborted) this.outcome = 'answered';
        break;
      }
      case 'voicemail': {
        const { messageId } = await ports.voicemail!.leaveMessage(call, step.box);
        outcome = messageId === null ? 'cancelled' : 'recorded';
        if (messageId !== null) this.outcome = 'voicemail';
        break;
      }
      case 'voicemail-access':
        await ports.voicemail!.access(call, step.personId);
        if (!this.signal.aborted) this.outcome = 'answered';
        break;
    }
    report.ended(this.now(), this.signal.aborted && outcome === 'played' ? 'cancelled' : outcome);
    return result;
  }

  /** Answers the caller if we have not yet (so that they hear us); undefined when they are gone. */
  private async answeredCaller(): Promise<AnchoredCaller | undefined> {
    await this.party.answer();
    if (this.signal.aborted || this.party.isEnded) return undefined;
    return this.anchored();
  }

  private async anchored(): Promise<AnchoredCaller> {
    return {
      tenantId: this.tenantId,
      callId: await this.reports!.recordId(),
      caller: this.setup.caller,
      session: this.party.media.session,
      hangup: this.signal,
      at: this.now(),
    };
  }

  private async ivrDeps(): Promise<IvrApi.IvrDeps> {
    const t = this.setup.tenant;
    return { prompts: await this.deps.prompts(), ctx: this.deps.ctx, tenantSlug: t.slug, profile: t.profile, ...(this.deps.ivrTiming ? { timing: this.deps.ivrTiming } : {}) };
  }

  /** Speaks to the caller, answering first; false when they are gone. */
  private async say(plan: Plan): Promise<boolean> {
    const call = await this.answeredCaller();
    if (!call) return false;
    await sayOrApologise(call, plan, await this.ivrDeps());
    return true;
  }

  // ---- the end -----------------------------------------------------------------------------

  /** Reports a transfer's progress once (the transferor's final NOTIFY). */
  private settle(status: number): void {
    if (this.settled) return;
    this.settled = true;
    this.setup.onSettled?.(status);
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const callerGone = this.party.isEnded && this.party.endedBy === 'remote';
    // P-FC-1: an answered caller whose call we could not carry out hears so before we hang up.
    if (this.failed && this.legs.has(this.party) && this.party.answered && !this.party.isEnded && !this.signal.aborted) {
      await sayOrApologise(await this.anchored(), ['call.try-later', 'call.goodbye'], await this.ivrDeps()).catch(() => undefined);
    }
    this.abort.abort();
    const outcome: CallOutcome = this.outcome ?? (callerGone ? 'abandoned' : 'failed');
    const endedBy = this.endedBy ?? (callerGone ? 'caller' : 'system');
    await Promise.all([...this.legs].map((leg) => leg.close(this.lastFailure).catch(() => undefined)));
    this.legs.clear();
    this.settle(statusOf(outcome, this.lastFailure));
    this.deps.log('call.finished', { dialled: this.setup.dialled, outcome, endedBy });
    await this.reports?.end({ at: this.now(), outcome, endedBy });
  }
}

function legOutcomeOf(kind: ForkResult['kind']): LegOutcome {
  return kind === 'answered' ? 'answered' : kind === 'busy' ? 'busy' : kind === 'no-answer' ? 'no-answer' : kind === 'cancelled' ? 'cancelled' : 'failed';
}

/** A transfer's final NOTIFY status for how the transferee's call went. */
function statusOf(outcome: CallOutcome, lastFailure: number): number {
  switch (outcome) {
    case 'abandoned':
      return 487;
    case 'refused':
      return 403;
    case 'failed':
      return lastFailure;
    default:
      return 200;
  }
}

function whoOf(step: PlanStep): { personId?: string; functionId?: string } {
  if (step.kind === 'voicemail') return step.box.kind === 'person' ? { personId: step.box.personId } : step.box.kind === 'function' ? { functionId: step.box.functionId } : {};
  if (step.kind === 'announce' && step.sentence === 'absence') return { personId: step.data.personId };
  if ((step.kind === 'phone-code' || step.kind === 'voicemail-access') && step.personId) return { personId: step.personId };
  return {};
}

/** A branch through the operator's trunk (an outbound call, or a mobile extension, P-MOB-8). */
export function trunkBranch(route: TrunkRoute, reached: { personId?: string; number: string }): BranchSpec | undefined {
  const uri = parseUri(route.requestUri);
  const from = parseUri(route.fromUri);
  if (!uri.ok || !from.ok) return undefined;
  return { uri: uri.value, target: route.target, from: new NameAddress(from.value), credentials: route.credentials, reached };
}
