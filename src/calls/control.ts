// Call control's SIP side: a new INVITE becomes a call run (executor.ts) with the caller's
// media anchored on us; requests within a call go to the leg whose dialog they belong to
// (leg.ts); CANCEL and a missing ACK end the caller's leg; REFER hands a party on to a new
// run (blind transfer).
//
// Who may call: an operator's trunk (TrunkPort.identifyInbound, by address or
// registration), or a phone that authenticates like a REGISTER (401) and has a live binding
// (RFC 3261 22; P-SEC-1). Anyone else gets 401, 403 or 404 and no call.
import type { Kysely } from 'kysely';
import type { CallOrigin } from '../core/routing/index.js';
import type { Instant } from '../core/time.js';
import type { AppContext } from '../http/context.js';
import type { PromptLibrary } from '../prompts/library.js';
import { dialogKey, DialogTable } from '../sip/dialog/index.js';
import type { SipRequest } from '../sip/message/index.js';
import type { SipAuthenticator } from '../sip/registrar/authenticator.js';
import type { BindingStore } from '../sip/registrar/bindings.js';
import { sipDomainOf } from '../sip/registrar/domains.js';
import type { Registrar } from '../sip/registrar/registrar.js';
import type { InviteServerTransaction, ServerTransaction, SipEndpoint } from '../sip/transaction/index.js';
import type { Target } from '../sip/transport/index.js';
import type { Database } from '../store/index.js';
import { CallRun, RTP_TIMEOUT_MS, type CallPorts, type CallSetup, type ExecutorDeps, type Ivr } from './executor.js';
import { JoinedLegs } from './join.js';
import { type AnchoredLeg, CalleeLeg, CallerLeg, type LegHost } from './leg.js';
import { LegMedia, mediaSettings, type MediaSettings } from './media.js';
import type { CallerInfo } from './ports.js';
import { noCallRecords } from './records.js';
import { acceptRefer, type AcceptedRefer } from './transfer.js';
import { RoutingWorlds } from './world.js';

/** What call control needs beyond the SIP stack; SipService.start takes it as `calls`. */
export interface CallControlSettings {
  ctx: AppContext;
  ivr: Ivr;
  /** Other capabilities' ports; a missing one is skipped (the caller still hears something, P-FC-1). */
  ports?: Partial<CallPorts>;
  /** Default: the process's library (ctx.prompts), where the municipality's uploads are heard at once. */
  prompts?: PromptLibrary;
  /** Default: from the configuration (OV_MEDIA_HOST, OV_RTP_PORTS). */
  media?: MediaSettings;
  ivrTiming?: ExecutorDeps['ivrTiming'];
  /** A conversation whose phone sent no RTP this long is hung up (default 60 s). */
  rtpTimeoutMs?: number;
}

export interface CallControlOptions extends CallControlSettings {
  endpoint: SipEndpoint;
  registrar: Registrar;
  auth: SipAuthenticator;
  bindings: BindingStore;
  db: Kysely<Database>;
  now: () => Instant;
  /** No single ringing lasts longer than this (default 120 s). */
  ringLimitMs?: number;
  log?: (event: string, data: Record<string, unknown>) => void;
}

/** How long stopping waits for calls to hang up cleanly. */
const CLOSE_WAIT_MS = 2000;

export class CallControl implements LegHost {
  /** Calls in progress. */
  readonly calls = new Set<CallRun>();
  readonly worlds: RoutingWorlds;
  readonly media: MediaSettings;
  private readonly running = new Map<CallRun, Promise<void>>();
  private readonly dialogs = new DialogTable<AnchoredLeg>();
  /** The same legs by dialog key, for Replaces (RFC 3891), which names a dialog by its tags. */
  private readonly byKey = new Map<string, AnchoredLeg>();
  /** Conversations an attended transfer left behind. */
  private readonly joined = new Set<JoinedLegs>();
  /** Callers whose INVITE is not answered yet, for CANCEL (RFC 3261 9.2). */
  private readonly unanswered = new WeakMap<ServerTransaction, CallerLeg>();
  private readonly deps: ExecutorDeps;
  private prompts: Promise<PromptLibrary> | undefined;

  constructor(private readonly opts: CallControlOptions) {
    const ctx = opts.ctx;
    this.media = opts.media ?? mediaSettings(ctx.config.mediaHost, ctx.config.rtpPorts);
    this.worlds = new RoutingWorlds(ctx).start();
    if (opts.prompts) this.prompts = Promise.resolve(opts.prompts);
    this.deps = {
      ctx, ivr: opts.ivr, worlds: this.worlds, bindings: opts.bindings, media: this.media, host: this,
      ports: { callRecords: noCallRecords, ...opts.ports },
      prompts: () => (this.prompts ??= ctx.prompts.library()),
      ringLimitMs: opts.ringLimitMs ?? 120_000, now: opts.now, log: (e, d) => this.log(e, d),
      ...(opts.ivrTiming ? { ivrTiming: opts.ivrTiming } : {}),
      ...(opts.rtpTimeoutMs !== undefined ? { rtpTimeoutMs: opts.rtpTimeoutMs } : {}),
    };
    this.deps.ports.console?.attach(this, this.deps);
  }

  get endpoint(): SipEndpoint {
    return this.opts.endpoint;
  }

  log(event: string, data: Record<string, unknown>): void {
    this.opts.log?.(event, data);
  }

  // ---- LegHost ---------------------------------------------------------------------------

  register(leg: AnchoredLeg): void {
    if (!leg.dialog) return;
    this.dialogs.add(leg.dialog, leg);
    this.byKey.set(leg.dialog.key, leg);
  }

  unregister(leg: AnchoredLeg): void {
    if (!leg.dialog) return;
    this.byKey.delete(leg.dialog.key);
    this.dialogs.remove(leg.dialog);
  }

  options(tx: ServerTransaction): void {
    this.opts.registrar.answerOptions(tx);
  }

  // ---- new calls -------------------------------------------------------------------------

  /** A new INVITE (no To tag): from a trunk or an authenticated phone; anything else is refused. */
  async handleInvite(tx: ServerTransaction): Promise<void> {
    const who = await this.identify(tx);
    if (!who || !tx.awaitingAnswer) return; // refused, or CANCELled meanwhile (the layer sent 487)
    const req = tx.request;
    const tenant = await this.opts.ctx.tenants.get(who.tenantId);
    const media = await LegMedia.open(this.media);
    // A delayed offer (no SDP, RFC 3261 13.2.1): our offer goes in the 200, the answer comes in the ACK.
    const answer = req.body.length === 0 ? undefined : media.answer(req.body);
    if (answer && !answer.ok) {
      await media.close();
      this.log('call.offer-refused', { problem: answer.problems[0]?.code });
      tx.respond(tx.createResponse(488));
      return;
    }
    const source = tx.source;
    const target: Target = { transport: source?.transport ?? 'UDP', address: source?.address ?? '', port: source?.port ?? 5060, ...(source?.connectionId !== undefined ? { connectionId: source.connectionId } : {}) };
    const party = new CallerLeg(this, tx as InviteServerTransaction, target, media, answer?.value, who.dialled);
    this.unanswered.set(tx, party);
    if (!tx.awaitingAnswer) {
      party.cancelled();
      await media.close();
      return;
    }
    this.log('call.start', { from: who.caller.number, to: who.dialled, origin: who.origin.kind });
    this.start(new CallRun(this.deps, {
      tenant, realm: sipDomainOf(tenant.slug), party, caller: who.caller, dialled: who.dialled,
      internal: who.origin.kind === 'internal', origin: who.origin, sipCallId: req.callId,
    }));
  }

  /** Starts a run for a caller who is already answered: a transfer or consultation from the operator console (src/calls/console). */
  startRun(setup: CallSetup): CallRun {
    const run = new CallRun(this.deps, setup);
    this.start(run);
    return run;
  }

  private start(run: CallRun): void {
    this.calls.add(run);
    const done = run.run().finally(() => {
      this.calls.delete(run);
      this.running.delete(run);
    });
    this.running.set(run, done);
  }

  /** Who is calling, and what: a trunk's inbound call, or one of our phones (RFC 3261 22, P-SEC-1). */
  private async identify(tx: ServerTransaction): Promise<{ tenantId: string; caller: CallerInfo; dialled: string; origin: CallOrigin } | undefined> {
    const req = tx.request;
    const inbound = await this.deps.ports.trunk?.identifyInbound({
      sourceAddress: tx.source?.address ?? '', sourcePort: tx.source?.port ?? 0,
      requestUri: req.uri.toString(), to: req.to.toString(), from: req.from.toString(), callId: req.callId,
    });
    if (inbound) {
      return { tenantId: inbound.tenantId, caller: { number: inbound.callerNumber }, dialled: inbound.dialled, origin: { kind: 'trunk', trunkId: inbound.trunkId } };
    }
    const uri = req.uri;
    const tenant = uri.kind === 'sip' ? await this.opts.registrar.tenantFor(uri.hostAddress) : undefined;
    if (!tenant || uri.kind !== 'sip') {
      tx.respond(tx.createResponse(404));
      return undefined;
    }
    // Calls are made by authenticated phones only, challenged like REGISTER (401).
    const auth = await this.opts.auth.authenticate(tx, tenant);
    if (!auth.ok) return undefined;
    await this.opts.auth.wait(auth.delayMs);
    // Calls come from registered phones: a device that never registered has no binding to
    // ring back or to end the call on, and the registrar is where a phone is admitted.
    if ((await this.opts.bindings.liveForPerson(tenant.id, auth.person.id, this.opts.now())).length === 0) {
      tx.respond(tx.createResponse(403, 'Forbidden (register first)'));
      return undefined;
    }
    if (!uri.user) {
      tx.respond(tx.createResponse(404));
      return undefined;
    }
    return {
      tenantId: tenant.id,
      caller: { number: auth.person.extension, personId: auth.person.id, name: auth.person.displayName },
      dialled: uri.user,
      origin: { kind: 'internal' },
    };
  }

  // ---- within calls ----------------------------------------------------------------------

  /** A request with a To tag: within one of our legs' dialogs, else 481 (RFC 3261 12.2.2). */
  handleInDialog(tx: ServerTransaction): void {
    const req = tx.request;
    const found = this.dialogs.match(req);
    if (!found) {
      tx.respond(tx.createResponse(481));
      return;
    }
    if (found.dialog.receiveRequest(req) === 'out-of-order') {
      tx.respond(tx.createResponse(500, 'Server Internal Error (CSeq out of order)'));
      return;
    }
    found.owner.handleRequest(tx);
  }

  /** An ACK for a 2xx within a dialog (the answer to an offer we made in a 200). */
  onAck(ack: SipRequest): void {
    this.dialogs.match(ack)?.owner.handleAck(ack);
  }

  /** The caller CANCELled (RFC 3261 9.2): the transaction layer answers 487; the run stops. */
  onCancel(invite: ServerTransaction): void {
    const leg = this.unanswered.get(invite);
    if (!leg || leg.answered) return;
    this.log('call.cancelled', { callId: invite.request.callId });
    leg.cancelled();
  }

  /** No ACK for our 2xx in 64*T1 (RFC 3261 13.3.1.4): the caller's leg is over. */
  onAckTimeout(invite: SipRequest): void {
    for (const run of this.calls) {
      const party = run.party;
      if (party instanceof CallerLeg && party.invite.request === invite) {
        party.end();
        party.cancelled();
      }
    }
  }

  /**
   * REFER from a phone in a conversation (RFC 3515): the other party (the transferee) is
   * planned and run again as a new internal call from the transferor to the Refer-To target;
   * NOTIFY 200 once the transferee is answered or served, a failure status otherwise; then
   * the transferor's leg is hung up. With Replaces in Refer-To it is an attended transfer
   * (attendedTransfer).
   */
  refer(leg: AnchoredLeg, tx: ServerTransaction): void {
    const accepted = acceptRefer(this, leg, tx);
    if (!accepted) return;
    if (accepted.replaces) {
      this.attendedTransfer(leg, accepted);
      return;
    }
    const run = leg.owner;
    const target = accepted.target;
    const dialled = target.kind === 'sip' ? target.user : undefined;
    if (!run || !dialled) {
      void accepted.notify(404);
      return;
    }
    const transferee = run.handOver(leg);
    if (!transferee) {
      void accepted.notify(603, 'Declined (not in a conversation)');
      return;
    }
    void this.transferorInfo(run, leg).then((caller) => {
      this.log('call.transfer', { to: dialled, by: caller.number });
      this.start(new CallRun(this.deps, {
        tenant: run.setup.tenant, realm: run.setup.realm, party: transferee, caller, dialled,
        internal: true, origin: { kind: 'internal' }, sipCallId: transferee.dialog?.callId ?? run.setup.sipCallId,
        onSettled: (status) => void accepted.notify(status).then(() => leg.close()),
      }));
    });
  }

  /**
   * Attended transfer (RFC 3515 with Replaces in Refer-To, RFC 3891): the transferor talks to
   * the transferee in one call and to the target in another, and asks to replace the second
   * dialog. The transferee and the target are joined through our bridge, both of the
   * transferor's legs are hung up (after NOTIFY 200 on the REFER's), and the two calls' records
   * end answered. Replaces naming no dialog of ours in a conversation: NOTIFY 603.
   */
  private attendedTransfer(leg: AnchoredLeg, accepted: AcceptedRefer): void {
    const r = accepted.replaces!;
    // RFC 3891 3: the tags as the replaced dialog's other end sees them; accept either order.
    const other = this.byKey.get(dialogKey(r.callId, r.toTag, r.fromTag)) ?? this.byKey.get(dialogKey(r.callId, r.fromTag, r.toTag));
    const transferee = leg.owner?.peerOf(leg);
    const target = other && other !== leg ? other.owner?.peerOf(other) : undefined;
    if (!other || !transferee || !target || transferee === target) {
      void accepted.notify(603, 'Declined (no call to replace)');
      return;
    }
    leg.owner!.handOver(leg);
    other.owner!.handOver(other);
    const joined = new JoinedLegs(transferee, target, { rtpTimeoutMs: this.deps.rtpTimeoutMs ?? RTP_TIMEOUT_MS, log: (e, d) => this.log(e, d) });
    this.joined.add(joined);
    void joined.done.finally(() => this.joined.delete(joined));
    this.log('call.transfer-attended', { replaces: r.callId });
    void accepted.notify(200).then(() => leg.close());
    void other.close();
  }

  /** The transferor as a caller: the person behind the phone leg, or the original caller. */
  private async transferorInfo(run: CallRun, leg: AnchoredLeg): Promise<CallerInfo> {
    if (leg === run.party) return run.setup.caller;
    const personId = leg instanceof CalleeLeg ? leg.reached.personId : undefined;
    if (personId) {
      const rec = await this.opts.ctx.directory.person(run.setup.tenant.id, personId).catch(() => undefined);
      if (rec?.person.extension) return { number: rec.person.extension, personId, name: `${rec.person.firstName} ${rec.person.lastName}` };
    }
    return run.setup.caller;
  }

  /** Hangs every call up (server shutdown), waiting a little for the BYEs to go out. */
  async close(): Promise<void> {
    this.worlds.stop();
    for (const run of this.calls) run.stop();
    for (const j of this.joined) j.stop();
    const all = Promise.all([...this.running.values(), ...[...this.joined].map((j) => j.done)]);
    await Promise.race([all, new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
  }
}
