// One call held by the operator console, from the moment an operator answered it from the
// queue until the caller is put through for good, leaves a message, or hangs up.
//
// The console owns the caller's leg and the operator's leg (media anchored on us, so the
// browser carries no audio): talking is a bridge between the two; hold and park play the
// music on hold to the caller; a consultation is a run of its own from the operator's leg
// to the target; a transfer is a new run for the caller, planned anew as the operator's
// call (P-SWB-3: the operator picks a colleague when the person sought cannot be reached).
// Runs started here carry a recall hook: a ring nobody answers brings the caller back to
// the operator (P-FC-1), never to unanswered ringing.
//
// Every phase change bumps `gen`; work started in a phase (ringing an operator, a timer)
// checks it before acting, so a hang-up or a newer action always wins.
import { performance } from 'node:perf_hooks';
import type { VoicemailBox } from '../../core/routing/index.js';
import type { Instant } from '../../core/time.js';
import { bridge, type Bridge } from '../../media/index.js';
import { NameAddress, parseUri, readNameAddress, SipUri } from '../../sip/message/index.js';
import type { CallControl } from '../control.js';
import { RTP_TIMEOUT_MS, type CallRun, type ExecutorDeps } from '../executor.js';
import { ringBranches, type BranchSpec } from '../fork.js';
import { sayOrApologise } from '../ivr/speak.js';
import { holdMusic } from '../ivr/tones.js';
import type { AnchoredLeg, CalleeLeg } from '../leg.js';
import { watchRtp } from '../media.js';
import type { AnchoredCaller, CallerInfo } from '../ports.js';
import type { OperatorAnswered } from './port.js';
import type { ConsoleCallView, ConsolePhase } from './view.js';

export interface ConsoleSettings {
  /** P-FC-1: a transfer or consultation nobody answers comes back after this long (Trio-like consoles: 30 s). */
  recallSeconds: number;
  /** A parked call rings the operator who parked it after this long; unanswered, it goes to the switchboard's voicemail. */
  parkMaxSeconds: number;
  /** Camp-on waits at most this long for the busy person, then the call comes back. */
  campOnMaxSeconds: number;
  /** How often a camped call looks whether the person is free. */
  campOnCheckMs: number;
  /** How long an operator's phone rings for a recalled or retrieved call; default the profile's ring time (P-SWB-1). */
  operatorRingSeconds?: number;
}

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = { recallSeconds: 30, parkMaxSeconds: 180, campOnMaxSeconds: 180, campOnCheckMs: 1000 };

/** A target the service has looked up: what to dial, and how consoles name it. */
export interface ResolvedTarget {
  dial: string;
  view: NonNullable<ConsoleCallView['target']>;
  /** For camp-on: the person whose phone must be free. */
  personId?: string;
}

/** What a console call needs from the console service. */
export interface Desk {
  control: CallControl;
  deps: ExecutorDeps;
  settings: ConsoleSettings;
  changed(call: ConsoleCall): void;
  agentBusy(tenantId: string, personId: string, callId: string): void;
  agentFree(tenantId: string, personId: string): void;
  /** Is the operator ringing or connected for another call (the switchboard's own view)? */
  agentOccupied(tenantId: string, personId: string): boolean;
  /** Is the person on the phone in any call we carry? */
  onThePhone(tenantId: string, personId: string): boolean;
  person(tenantId: string, personId: string): Promise<{ extension: string | null; name: string }>;
  /** P-FC-1: when an unanswered transfer comes back: the profile's recallSeconds, else the server's. */
  recallSeconds(tenantId: string): Promise<number>;
}

type EndedBy = 'caller' | 'callee' | 'system';

export class ConsoleCall {
  readonly callId: string;
  readonly tenantId: string;
  readonly done: Promise<{ endedBy: EndedBy }>;
  phase: ConsolePhase = 'talking';
  operatorId: string | null;
  parkedBy: string | null = null;
  target: ConsoleCallView['target'] = null;
  targetAnswered = false;
  recalled: ConsoleCallView['recalled'] = null;
  private since: Instant;
  /** performance.now() ms when the phase ends by itself, or null. */
  private deadlineMs: number | null = null;
  private gen = 0;
  private finished = false;
  private operatorLeg: AnchoredLeg | undefined;
  /** The person the caller talks to after a consultation's "connect". */
  private otherLeg: AnchoredLeg | undefined;
  /** A consultation or a transfer: a run of its own, with our recall hook. */
  private run: CallRun | undefined;
  private link: Bridge | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ringing: AbortController | undefined;
  /** Who put the call through last: a transfer nobody answers comes back to them. */
  private transferredBy: string | null = null;
  private camp: { target: ResolvedTarget; untilMs: number } | undefined;
  private parkUntilMs = 0;
  private resolveDone!: (r: { endedBy: EndedBy }) => void;
  /** Stops watching the legs' RTP (a phone gone without a BYE must not hold the call for ever). */
  private readonly unwatch: (() => void)[] = [];

  constructor(
    private readonly desk: Desk,
    private readonly input: OperatorAnswered,
  ) {
    this.callId = input.call.callId;
    this.tenantId = input.call.tenantId;
    this.operatorId = input.operatorId;
    this.since = desk.deps.now();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    const caller = this.caller;
    caller.ended.addEventListener('abort', () => this.callerGone(), { once: true });
    // The queue's run is stopped only when the server stops (or the caller is gone).
    input.run.signal.addEventListener('abort', () => {
      if (!caller.isEnded) this.end('system');
    }, { once: true });
    this.watch(caller, () => this.end('system'));
    this.attachOperator(input.operatorLeg);
    this.connect(input.operatorLeg);
    this.desk.changed(this);
  }

  /** A leg whose phone sends no RTP for the RTP timeout (while it should: sendrecv) counts as gone. */
  private watch(leg: AnchoredLeg, gone: () => void): void {
    const stop = watchRtp([leg.media], this.deps.rtpTimeoutMs ?? RTP_TIMEOUT_MS, () => {
      if (leg.isEnded || this.finished) return;
      this.deps.log('console.rtp-timeout', { callId: this.callId, side: leg.side });
      gone();
    });
    leg.ended.addEventListener('abort', stop, { once: true });
    this.unwatch.push(stop);
  }

  private get caller(): AnchoredLeg {
    return this.input.run.party;
  }

  private get deps(): ExecutorDeps {
    return this.desk.deps;
  }

  get isOver(): boolean {
    return this.finished;
  }

  /** Is this person on the phone in this call: the operator with their phone in it, or the person it was connected to? */
  involves(personId: string): boolean {
    if (this.finished) return false;
    if (this.operatorLeg && !this.operatorLeg.isEnded && this.operatorId === personId) return true;
    const other = this.otherLeg as CalleeLeg | undefined;
    return other !== undefined && !other.isEnded && other.reached.personId === personId;
  }

  /** Does the operator have their phone in this call (talking, holding, consulting)? */
  get hasOperatorPhone(): boolean {
    return this.operatorLeg !== undefined && !this.operatorLeg.isEnded;
  }

  view(): ConsoleCallView {
    const c = this.input.call.caller;
    const deadline = this.deadlineMs === null ? null : this.deps.now().add({ milliseconds: Math.max(0, Math.round(this.deadlineMs - performance.now())) }).toString();
    return {
      callId: this.callId, phase: this.phase, since: this.since.toString(),
      caller: { number: c.number, name: c.name ?? null, personId: c.personId ?? null },
      external: !this.input.run.setup.internal, dialled: this.input.run.setup.dialled,
      operatorId: this.operatorId, parkedBy: this.parkedBy, target: this.target, targetAnswered: this.targetAnswered,
      recalled: this.recalled, deadline,
    };
  }

  // ---- phases ------------------------------------------------------------------------------

  /** Starts a phase: earlier work is cancelled, the operator bookkeeping follows, consoles hear of it. */
  private enter(phase: ConsolePhase, p: { operatorId: string | null; target?: ConsoleCallView['target']; deadlineMs?: number | null }): number {
    this.gen++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.ringing?.abort();
    this.ringing = undefined;
    this.phase = phase;
    this.since = this.deps.now();
    this.deadlineMs = p.deadlineMs ?? null;
    if (p.target !== undefined) this.target = p.target;
    this.setOperator(p.operatorId);
    this.desk.changed(this);
    return this.gen;
  }

  /** The switchboard offers no queue call to an operator who holds this one, and offers again when they let go. */
  private setOperator(id: string | null): void {
    const prev = this.operatorId;
    if (prev && prev !== id) this.desk.agentFree(this.tenantId, prev);
    if (id && id !== prev) this.desk.agentBusy(this.tenantId, id, this.callId);
    this.operatorId = id;
  }

  private attachOperator(leg: AnchoredLeg): void {
    if (this.operatorLeg === leg) return;
    this.operatorLeg = leg;
    leg.ended.addEventListener('abort', () => this.operatorGone(leg), { once: true });
    this.watch(leg, () => void leg.close()); // as if the operator had hung up
  }

  /** Hangs the operator's phone up on purpose (the call goes on without them). */
  private dropOperator(): void {
    const leg = this.operatorLeg;
    this.operatorLeg = undefined;
    if (leg) void leg.close().catch(() => undefined);
  }

  /** The caller and `leg` hear each other. */
  private connect(leg: AnchoredLeg): void {
    this.link?.stop();
    this.caller.media.session.stopPlayback();
    leg.media.session.stopPlayback();
    this.link = bridge(this.caller.media.session, leg.media.session);
  }

  /** The caller hears the music on hold. */
  private music(): void {
    this.link?.stop();
    this.link = undefined;
    if (!this.caller.isEnded) this.caller.media.session.play([holdMusic()], { loop: true });
  }

  private talkWith(leg: AnchoredLeg, operatorId: string): void {
    this.attachOperator(leg);
    this.connect(leg);
    this.enter('talking', { operatorId });
  }

  // ---- hang-ups ------------------------------------------------------------------------------

  private callerGone(): void {
    // A run that holds the caller (a transfer) ends by itself; its end ends this call.
    if (this.run && (this.phase === 'transferring' || this.phase === 'connected')) return;
    this.end(this.caller.endedBy === 'remote' ? 'caller' : 'system');
  }

  private operatorGone(leg: AnchoredLeg): void {
    if (leg !== this.operatorLeg || this.finished) return;
    this.operatorLeg = undefined;
    if (this.phase === 'talking') {
      this.end('callee');
      return;
    }
    // Held or consulting: the caller must not be lost with the operator's phone (P-FC-1).
    if (this.phase === 'held' || this.phase === 'consulting') {
      this.run = undefined;
      this.park(this.operatorId ?? this.input.operatorId);
    }
  }

  // ---- actions (the service checks who may, and in which phase) ------------------------------

  hold(): void {
    this.music();
    this.enter('held', { operatorId: this.operatorId });
  }

  /** Back to the caller: from hold, or out of a consultation (the target is hung up or no longer rung). */
  back(by: string): void {
    const leg = this.operatorLeg;
    const run = this.run;
    this.run = undefined;
    if (this.phase === 'consulting' && run) {
      this.gen++; // the run's hooks are stale from here
      if (run.callee && leg) void run.handOver(leg)?.close();
      else run.giveBack();
    }
    if (leg && !leg.isEnded) this.talkWith(leg, by);
    else this.park(by);
  }

  park(by: string): void {
    this.dropOperator();
    this.music();
    this.parkedBy = by;
    this.parkUntilMs = performance.now() + this.desk.settings.parkMaxSeconds * 1000;
    this.parked();
  }

  private parked(): void {
    const g = this.enter('parked', { operatorId: null, deadlineMs: this.parkUntilMs });
    // Bounded (P-FC-1): the operator who parked it is rung; unanswered, the switchboard's voicemail takes it.
    this.timer = setTimeout(() => {
      if (g !== this.gen) return;
      const by = this.parkedBy ?? this.input.operatorId;
      this.ringOperator(by, () => void this.voicemail({ kind: 'switchboard' }, { kind: 'voicemail', id: null, name: 'Växelns röstbrevlåda' }));
    }, Math.max(0, this.parkUntilMs - performance.now()));
  }

  /** Any operator takes a parked call: their phone rings; unanswered, it stays parked. */
  retrieve(by: string): void {
    if (this.phase === 'held' && this.operatorLeg) {
      this.talkWith(this.operatorLeg, by);
      return;
    }
    this.ringOperator(by, () => this.parked());
  }

  hangUp(): void {
    this.end('system');
  }

  /** Blind transfer: the operator lets go at once; the call rings the target until the recall time. */
  async transfer(t: ResolvedTarget, by: string): Promise<void> {
    const [operator, recallSeconds] = await Promise.all([this.desk.person(this.tenantId, by), this.desk.recallSeconds(this.tenantId)]);
    if (this.finished) return;
    this.dropOperator();
    this.link?.stop();
    this.link = undefined;
    this.caller.media.session.stopPlayback(); // the run plays the ringback tone
    this.transferredBy = by;
    this.targetAnswered = false;
    const deadline = performance.now() + recallSeconds * 1000;
    this.enter('transferring', { operatorId: null, target: t.view, deadlineMs: deadline });
    const c = this.input.call.caller;
    // Planned as a call from the switchboard's phone (internal: P-COST-1 applies); the phone shows
    // who is calling. Not as the operator in person: they are free for the next call at once.
    const run = this.startRun(this.caller, { number: operator.extension ?? c.number, name: `${c.name ?? c.number} (växeln)` }, t, deadline, {
      back: (_party, why) => this.cameBack(why),
      talking: () => {
        this.camp = undefined;
        this.targetAnswered = true;
        this.recalled = null;
        this.enter('connected', { operatorId: null });
      },
    });
    run.signal.addEventListener('abort', () => {
      // Over without a recall: the caller was served (talked, left a message, heard the plan out) or hung up.
      if (this.run !== run) return;
      this.run = undefined;
      this.end(this.caller.endedBy === 'remote' ? 'caller' : 'callee');
    }, { once: true });
  }

  /** A transfer came back: camp-on goes on waiting while there is time; else the operator's phone rings. */
  private cameBack(why: 'no-answer' | 'busy'): void {
    if (this.camp && why === 'busy' && performance.now() < this.camp.untilMs) {
      this.music();
      this.campWait();
      return;
    }
    this.camp = undefined;
    this.recall();
  }

  /** P-FC-1 recall: the operator who transferred is rung; one who took another call meanwhile finds it parked. */
  private recall(): void {
    this.music();
    const op = this.transferredBy ?? this.input.operatorId;
    if (this.desk.agentOccupied(this.tenantId, op)) {
      this.park(op);
      return;
    }
    this.ringOperator(op, () => this.park(op));
  }

  /** Consultation: the caller hears music while the operator talks to the target first. */
  async consult(t: ResolvedTarget, by: string): Promise<void> {
    const leg = this.operatorLeg;
    if (!leg) return;
    const [operator, recallSeconds] = await Promise.all([this.desk.person(this.tenantId, by), this.desk.recallSeconds(this.tenantId)]);
    if (this.finished || this.operatorLeg !== leg) return;
    this.music();
    const deadline = performance.now() + recallSeconds * 1000;
    this.recalled = null;
    this.targetAnswered = false;
    this.enter('consulting', { operatorId: by, target: t.view, deadlineMs: deadline });
    const run = this.startRun(leg, { number: operator.extension ?? by, personId: by, name: operator.name }, t, deadline, {
      back: (party) => this.talkWith(party, by),
      talking: (callee: CalleeLeg) => {
        this.targetAnswered = true;
        this.deadlineMs = null;
        this.desk.changed(this);
        // The target hangs up: the operator is back with the caller.
        callee.ended.addEventListener('abort', () => {
          if (this.run !== run || !this.operatorLeg) return;
          this.run = undefined;
          void run.handOver(this.operatorLeg)?.close();
          this.talkWith(this.operatorLeg, by);
        }, { once: true });
      },
    });
  }

  /**
   * A run of the console's own (a transfer of the caller, or a consultation from the operator's
   * phone) to the target, with the recall hook; its callbacks count only while it is still ours.
   */
  private startRun(party: AnchoredLeg, caller: CallerInfo, t: ResolvedTarget, deadline: number, on: {
    back(party: AnchoredLeg, why: 'no-answer' | 'busy'): void;
    talking(callee: CalleeLeg): void;
  }): CallRun {
    const setup = this.input.run.setup;
    const run: CallRun = this.desk.control.startRun({
      tenant: setup.tenant, realm: setup.realm, party, caller,
      dialled: t.dial, internal: true, origin: { kind: 'internal' }, sipCallId: party.dialog?.callId ?? setup.sipCallId,
      recall: {
        deadline,
        back: (p, why) => {
          if (this.run !== run) return;
          this.run = undefined;
          this.recalled = { why, from: t.view.name };
          on.back(p, why);
        },
      },
      onTalking: (callee) => {
        if (this.run === run) on.talking(callee);
      },
    });
    this.run = run;
    return run;
  }

  /** The end of a consultation: the caller and the target talk; the operator lets go. */
  connectToTarget(): boolean {
    const run = this.run;
    const leg = this.operatorLeg;
    if (!run || !leg || !run.callee) return false;
    this.run = undefined;
    this.gen++;
    const target = run.handOver(leg);
    if (!target) return false;
    this.dropOperator();
    this.otherLeg = target;
    target.ended.addEventListener('abort', () => {
      if (this.otherLeg === target) this.end('callee');
    }, { once: true });
    this.watch(target, () => this.end('system'));
    this.connect(target);
    this.enter('connected', { operatorId: null });
    return true;
  }

  /** Camp-on: the caller waits (music) until the busy person is free, then it rings them; bounded. */
  async campOn(t: ResolvedTarget, by: string): Promise<void> {
    if (!t.personId || !this.desk.onThePhone(this.tenantId, t.personId)) return this.transfer(t, by);
    this.dropOperator();
    this.music();
    this.transferredBy = by;
    this.recalled = null;
    this.camp = { target: t, untilMs: performance.now() + this.desk.settings.campOnMaxSeconds * 1000 };
    this.target = t.view;
    this.campWait();
  }

  private campWait(): void {
    const camp = this.camp;
    if (!camp) return;
    const g = this.enter('camped', { operatorId: null, deadlineMs: camp.untilMs });
    const check = () => {
      if (g !== this.gen || this.camp !== camp) return;
      if (performance.now() >= camp.untilMs) {
        this.camp = undefined;
        this.recalled = { why: 'busy', from: camp.target.view.name };
        this.recall();
      } else if (!this.desk.onThePhone(this.tenantId, camp.target.personId!)) {
        void this.transfer(camp.target, this.transferredBy ?? this.input.operatorId).catch((e: unknown) => this.failed(e));
      } else {
        this.timer = setTimeout(check, this.desk.settings.campOnCheckMs);
      }
    };
    this.timer = setTimeout(check, this.desk.settings.campOnCheckMs);
  }

  /** P-SWB-5: the caller leaves a message in a voicemail box; the call ends with it. */
  async voicemail(box: VoicemailBox, view: NonNullable<ConsoleCallView['target']>): Promise<void> {
    const port = this.deps.ports.voicemail;
    if (this.finished) return;
    if (!port) return this.goodbye();
    this.dropOperator();
    this.link?.stop();
    this.link = undefined;
    this.caller.media.session.stopPlayback();
    const g = this.enter('voicemail', { operatorId: null, target: view });
    const call: AnchoredCaller = {
      ...this.input.call,
      hangup: AbortSignal.any([this.caller.ended, this.input.run.signal]),
      at: this.deps.now(),
    };
    await port.leaveMessage(call, box).catch((e: unknown) => this.failed(e));
    if (g === this.gen) this.end(this.caller.endedBy === 'remote' ? 'caller' : 'system');
  }

  /** P-FC-1 with nowhere left to go (no voicemail module): the caller hears so before we hang up. */
  private async goodbye(): Promise<void> {
    this.dropOperator();
    this.link?.stop();
    this.link = undefined;
    this.caller.media.session.stopPlayback();
    const g = ++this.gen;
    const t = this.input.run.setup.tenant;
    const call: AnchoredCaller = { ...this.input.call, hangup: this.caller.ended, at: this.deps.now() };
    const ivr = { prompts: await this.deps.prompts(), ctx: this.deps.ctx, tenantSlug: t.slug, profile: t.profile };
    await sayOrApologise(call, ['call.try-later', 'call.goodbye'], ivr).catch(() => undefined);
    if (g === this.gen) this.end(this.caller.endedBy === 'remote' ? 'caller' : 'system');
  }

  // ---- ringing an operator -------------------------------------------------------------------

  /** Rings an operator's registered phones for this call; answered, they talk; else `onNoAnswer`. */
  private ringOperator(personId: string, onNoAnswer: () => void): void {
    this.music();
    const g = this.enter('ringing-operator', { operatorId: personId });
    const ctrl = new AbortController();
    this.ringing = ctrl;
    const ringMs = (this.desk.settings.operatorRingSeconds ?? this.input.run.setup.tenant.profile.ringTimeSeconds) * 1000;
    void (async () => {
      const [specs, operator] = await Promise.all([this.operatorBranches(personId), this.desk.person(this.tenantId, personId)]);
      const realm = this.input.run.setup.realm;
      const c = this.input.call.caller;
      const result = specs.length === 0 || g !== this.gen ? undefined : await ringBranches(this.deps.host, specs, {
        media: this.deps.media,
        from: new NameAddress(new SipUri({ user: c.number, host: realm }), c.name),
        to: new NameAddress(new SipUri({ user: operator.extension ?? personId, host: realm })),
        ringMs: Math.min(ringMs, this.deps.ringLimitMs),
        signal: AbortSignal.any([ctrl.signal, this.caller.ended]),
      });
      if (result?.kind === 'answered') {
        if (g !== this.gen || this.caller.isEnded) {
          await result.leg.close();
          return;
        }
        this.talkWith(result.leg, personId);
        return;
      }
      if (g === this.gen && !this.finished) onNoAnswer();
    })().catch((e: unknown) => this.failed(e));
  }

  /** The operator's registered phones (their desk phone or softphone; the console carries no audio). */
  private async operatorBranches(personId: string): Promise<BranchSpec[]> {
    const specs: BranchSpec[] = [];
    for (const b of await this.deps.bindings.liveForPerson(this.tenantId, personId, this.deps.now())) {
      const uri = parseUri(b.contact);
      if (!b.target || !uri.ok) continue;
      // RFC 3327 5.3: a phone registered through an edge proxy is reached along its Path.
      const route = b.path.map((p) => readNameAddress(p)).filter((p): p is NameAddress => typeof p !== 'string');
      specs.push({ uri: uri.value, target: b.target, route, reached: { personId } });
    }
    return specs;
  }

  // ---- the end -------------------------------------------------------------------------------

  private failed(error: unknown): void {
    this.deps.log('console.error', { callId: this.callId, error: error instanceof Error ? error.message : String(error) });
    // P-FC-1: a caller we can no longer serve here still gets somewhere: parked, so an operator sees it.
    if (!this.finished && !this.caller.isEnded && this.phase !== 'parked') this.park(this.operatorId ?? this.input.operatorId);
  }

  end(endedBy: EndedBy): void {
    if (this.finished) return;
    this.finished = true;
    this.gen++;
    clearTimeout(this.timer);
    this.ringing?.abort();
    this.link?.stop();
    for (const stop of this.unwatch.splice(0)) stop();
    this.run = undefined;
    this.camp = undefined;
    this.deadlineMs = null;
    for (const leg of [this.caller, this.operatorLeg, this.otherLeg]) void leg?.close().catch(() => undefined);
    this.operatorLeg = this.otherLeg = undefined;
    this.setOperator(null);
    this.phase = 'ended';
    this.since = this.deps.now();
    this.desk.changed(this);
    this.resolveDone({ endedBy });
  }
}
