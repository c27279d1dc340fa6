// A signalling back-to-back user agent (RFC 3261 and RFC 7092's definition): a call from an
// authenticated phone to an extension is two dialogs, the caller's (we are its UAS) and the
// callee's (we are its UAC), with SDP passed through unchanged so RTP flows phone to phone
// until the media layer (src/media) anchors it. Forking is parallel: every live binding of
// the callee rings, the first 2xx wins, the others are CANCELled (or BYEd if they answered too).
import { Dialog, DialogTable } from '../sip/dialog/index.js';
import {
  NameAddress,
  newCallId,
  newTag,
  type SipRequest,
  type SipResponse,
  SipUri,
  createRequest,
  parseUri,
  readNameAddress,
  readReplaces,
  reasonPhrase,
  type Replaces,
  SipParams,
  type Uri,
} from '../sip/message/index.js';
import type { SipAuthenticator } from '../sip/registrar/authenticator.js';
import type { BindingStore } from '../sip/registrar/bindings.js';
import type { SipTenant } from '../sip/registrar/domains.js';
import { findSipPerson, type SipPerson } from '../sip/registrar/people.js';
import type { Registrar } from '../sip/registrar/registrar.js';
import type { ClientTransaction, InviteServerTransaction, ServerTransaction, SipEndpoint } from '../sip/transaction/index.js';
import type { Target } from '../sip/transport/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import type { Instant } from '../core/time.js';

export interface B2buaOptions {
  endpoint: SipEndpoint;
  registrar: Registrar;
  auth: SipAuthenticator;
  bindings: BindingStore;
  db: Kysely<Database>;
  now: () => Instant;
  /** Hard limit on ringing: unanswered legs are CANCELled and the caller gets 480 (default 120 s). */
  ringLimitMs?: number;
  log?: (event: string, data: Record<string, unknown>) => void;
  /** Call control's handler for transfers (REFER); see `B2bua.onTransferRequest`. */
  onTransferRequest?: (transfer: TransferRequest) => void;
}

/**
 * A REFER received in a call (RFC 3515), already answered 202 Accepted and followed by a
 * NOTIFY "SIP/2.0 100 Trying". Call control decides and reports the outcome with `notify`.
 */
export interface TransferRequest {
  readonly call: Call;
  /** Which leg sent the REFER (the transferor). */
  readonly by: 'caller' | 'callee';
  /** The Refer-To URI without its embedded headers (the transfer target). */
  readonly target: Uri;
  /** The Replaces embedded in Refer-To (RFC 3891 6.1): an attended transfer replaces that dialog. */
  readonly replaces: Replaces | undefined;
  /** Referred-By (RFC 3892), when the phone sent one. */
  readonly referredBy: NameAddress | undefined;
  readonly request: SipRequest;
  /**
   * Reports progress to the transferor in a NOTIFY with a message/sipfrag status line
   * (RFC 3515 2.4.4-2.4.5). A final status (>= 200) ends the implicit subscription; later
   * calls are ignored. NOTIFYs go out one at a time, in order.
   */
  notify(status: number, reason?: string): void;
}

/** Until the switchboard implements transfers: decline with a final NOTIFY 603. */
export const declineTransfers = (transfer: TransferRequest): void => transfer.notify(603, 'Declined');

/** How long the implicit subscription of a REFER lasts while no final NOTIFY is sent (RFC 3515 2.4.4). */
const REFER_SUBSCRIPTION_SECONDS = 60;

type CallState = 'ringing' | 'answered' | 'ended';

/** One outgoing INVITE to one binding of the callee. */
interface Branch {
  invite: SipRequest;
  tx: ClientTransaction;
  target: Target;
  /** Final response seen (or treated as one: timeout, transport error). */
  final: number | undefined;
  dialog: Dialog | undefined;
  /** The ACK for its 2xx, resent unchanged for each retransmitted 2xx (13.2.2.4). */
  ack: SipRequest | undefined;
}

/** A side of an answered call: its dialog and where its requests go. */
export interface Leg {
  dialog: Dialog;
  target: Target;
}

/** The state of one call: the caller's pending INVITE, the forks, then two legs. */
export class Call {
  state: CallState = 'ringing';
  readonly branches: Branch[] = [];
  caller: Leg | undefined;
  callee: Leg | undefined;
  ringTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly tenant: SipTenant,
    readonly from: SipPerson,
    readonly to: SipPerson,
    readonly invite: InviteServerTransaction,
    readonly callerTarget: Target,
  ) {}

  other(leg: Leg): Leg | undefined {
    return leg === this.caller ? this.callee : this.caller;
  }
}

export class B2bua {
  readonly calls = new Set<Call>();
  private readonly dialogs = new DialogTable<{ call: Call; leg: Leg }>();
  private readonly byInvite = new Map<ServerTransaction, Call>();
  private readonly ringLimitMs: number;
  /** Call control's transfer handler (REFER); by default transfers are declined (603). */
  onTransferRequest: (transfer: TransferRequest) => void;

  constructor(private readonly opts: B2buaOptions) {
    this.ringLimitMs = opts.ringLimitMs ?? 120_000;
    this.onTransferRequest = opts.onTransferRequest ?? declineTransfers;
  }

  private log(event: string, data: Record<string, unknown>): void {
    this.opts.log?.(event, data);
  }

  /** A new INVITE (no To tag): authenticate, find the callee, fork to its bindings. */
  async handleInvite(tx: ServerTransaction): Promise<void> {
    const req = tx.request;
    const uri = req.uri;
    const tenant = uri.kind === 'sip' ? await this.opts.registrar.tenantFor(uri.hostAddress) : undefined;
    if (!tenant || uri.kind !== 'sip') {
      tx.respond(tx.createResponse(404));
      return;
    }
    // Calls are made by authenticated phones only, challenged like REGISTER (401).
    const auth = await this.opts.auth.authenticate(tx, tenant);
    if (!auth.ok) return;
    await this.opts.auth.wait(auth.delayMs);
    // Calls come from registered phones: a device that never registered has no binding to
    // ring back or to end the call on, and the registrar is where a phone is admitted.
    if ((await this.opts.bindings.liveForPerson(tenant.id, auth.person.id, this.opts.now())).length === 0) {
      tx.respond(tx.createResponse(403, 'Forbidden (register first)'));
      return;
    }
    const callee = uri.user ? await findSipPerson(this.opts.db, tenant.id, uri.user) : undefined;
    if (!callee) {
      tx.respond(tx.createResponse(404));
      return;
    }
    const bindings = (await this.opts.bindings.liveForPerson(tenant.id, callee.id, this.opts.now())).filter((b) => b.target);
    if (bindings.length === 0) {
      // Not registered anywhere. Voicemail comes later; until then 480.
      tx.respond(tx.createResponse(480));
      return;
    }
    if (!tx.awaitingAnswer) return; // CANCELled while we looked things up: the layer sent 487
    const source = tx.source;
    const callerTarget: Target = { transport: source?.transport ?? 'UDP', address: source?.address ?? '', port: source?.port ?? 5060, ...(source?.connectionId !== undefined ? { connectionId: source.connectionId } : {}) };
    const call = new Call(tenant, auth.person, callee, tx as InviteServerTransaction, callerTarget);
    this.calls.add(call);
    this.byInvite.set(tx, call);
    this.log('call.start', { from: auth.person.extension, to: callee.extension, forks: bindings.length });

    const callId = newCallId();
    const fromTag = newTag();
    for (const b of bindings) {
      const target = b.target;
      const contactUri = parseUri(b.contact);
      if (!target || !contactUri.ok) continue;
      const from = new NameAddress(new SipUri({ user: auth.person.extension, host: tenant.realm }), auth.person.displayName);
      from.tag = fromTag;
      const to = new NameAddress(new SipUri({ user: callee.extension, host: tenant.realm }));
      const ct = req.headers.get('Content-Type');
      const invite = createRequest({
        method: 'INVITE', uri: contactUri.value, from, to, callId, cseq: 1,
        contact: new NameAddress(this.opts.endpoint.contactUri(target.transport, auth.person.extension)),
        headers: [['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, REFER']],
        ...(req.body.length > 0 ? { body: req.body } : {}),
        ...(ct ? { contentType: ct } : {}),
      });
      // RFC 3327 5.3: a binding registered through an edge proxy is reached along its Path,
      // sent as a preloaded Route set (the binding's target is the Path's first hop).
      const route = b.path.map((p) => readNameAddress(p)).filter((p): p is NameAddress => typeof p !== 'string');
      if (route.length > 0) invite.route = route;
      const branch: Branch = { invite, tx: undefined as unknown as ClientTransaction, target, final: undefined, dialog: undefined, ack: undefined };
      call.branches.push(branch);
      branch.tx = this.opts.endpoint.request(invite, target, {
        onResponse: (res) => this.onBranchResponse(call, branch, res),
        onTimeout: () => this.onBranchFinal(call, branch, 408),
        onTransportError: () => this.onBranchFinal(call, branch, 503),
      });
    }
    call.ringTimer = setTimeout(() => {
      if (call.state !== 'ringing') return;
      this.log('call.ring-limit', { to: callee.extension });
      this.cancelBranches(call);
      if (call.invite.awaitingAnswer) call.invite.respond(call.invite.createResponse(480, 'Temporarily Unavailable (no answer)'));
      this.end(call);
    }, this.ringLimitMs);
  }

  private onBranchResponse(call: Call, branch: Branch, res: SipResponse): void {
    if (res.status < 200) {
      // Relay ringing and early media (SDP unchanged) to the caller while nobody answered.
      if (res.status > 100 && call.state === 'ringing' && call.invite.awaitingAnswer) {
        const r = call.invite.createResponse(res.status);
        copyBody(res, r);
        r.contact = [new NameAddress(this.opts.endpoint.contactUri(call.callerTarget.transport, call.to.extension))];
        r.recordRoute = call.invite.request.recordRoute; // 12.1.1: copied into dialog-forming responses
        call.invite.respond(r);
      }
      return;
    }
    if (res.status >= 300) {
      this.onBranchFinal(call, branch, res.status);
      return;
    }
    // A 2xx: acknowledge it (13.2.2.4), the same ACK again for a retransmission.
    branch.final = res.status;
    if (!branch.dialog) {
      try {
        branch.dialog = Dialog.asUac(branch.invite, res);
      } catch {
        return; // a 2xx without Contact or tag cannot be acknowledged in a dialog
      }
      branch.ack = branch.dialog.createAck(branch.invite);
    }
    if (branch.ack) void this.opts.endpoint.sendAck(branch.ack, branch.target).catch(() => undefined);
    if (call.callee?.dialog === branch.dialog) return; // retransmission of the winner's 2xx
    if (call.state !== 'ringing' || !call.invite.awaitingAnswer) {
      // Another fork answered too, or the caller gave up: hang this one up at once.
      this.sendBye({ dialog: branch.dialog, target: branch.target });
      return;
    }
    call.state = 'answered';
    if (call.ringTimer) clearTimeout(call.ringTimer);
    call.callee = { dialog: branch.dialog, target: branch.target };
    this.dialogs.add(branch.dialog, { call, leg: call.callee });
    for (const other of call.branches) if (other !== branch && other.final === undefined) this.opts.endpoint.cancel(other.tx);
    const ok = call.invite.createResponse(200);
    copyBody(res, ok);
    ok.contact = [new NameAddress(this.opts.endpoint.contactUri(call.callerTarget.transport, call.to.extension))];
    ok.headers.append('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, REFER');
    ok.recordRoute = call.invite.request.recordRoute; // 12.1.1: the caller's proxies stay on the path
    call.caller = { dialog: Dialog.asUas(call.invite.request, ok), target: call.callerTarget };
    this.dialogs.add(call.caller.dialog, { call, leg: call.caller });
    call.invite.respond(ok);
    this.log('call.answered', { from: call.from.extension, to: call.to.extension });
  }

  private onBranchFinal(call: Call, branch: Branch, status: number): void {
    if (branch.final !== undefined) return;
    branch.final = status;
    if (call.state !== 'ringing' || call.branches.some((b) => b.final === undefined)) return;
    // Every fork failed: busy if anyone was busy (486/600), else unavailable (480).
    const busy = call.branches.some((b) => b.final === 486 || b.final === 600);
    if (call.invite.awaitingAnswer) call.invite.respond(call.invite.createResponse(busy ? 486 : 480));
    this.end(call);
  }

  /** The caller CANCELled (9.2): cancel every fork; the transaction layer answers 487. */
  onCancel(invite: ServerTransaction): void {
    const call = this.byInvite.get(invite);
    if (!call || call.state !== 'ringing') return;
    this.log('call.cancelled', { from: call.from.extension, to: call.to.extension });
    this.cancelBranches(call);
    this.end(call);
  }

  /** A request with a To tag: within one of our dialogs, else 481 (12.2.2). */
  handleInDialog(tx: ServerTransaction): void {
    const req = tx.request;
    const found = this.dialogs.match(req);
    if (!found) {
      tx.respond(tx.createResponse(481));
      return;
    }
    const { call, leg } = found.owner;
    if (leg.dialog.receiveRequest(req) === 'out-of-order') {
      tx.respond(tx.createResponse(500, 'Server Internal Error (CSeq out of order)'));
      return;
    }
    const other = call.other(leg);
    if (req.method === 'BYE') {
      // 15.1.2: BYE ends this leg; we end the other with our own BYE.
      this.opts.endpoint.stopAnswer(req.callId);
      tx.respond(tx.createResponse(200));
      if (other) this.sendBye(other);
      this.log('call.ended', { by: leg === call.caller ? 'caller' : 'callee' });
      this.end(call);
      return;
    }
    if (req.method === 'OPTIONS') {
      this.opts.registrar.answerOptions(tx);
      return;
    }
    if (req.method === 'REFER') {
      this.handleRefer(tx, call, leg);
      return;
    }
    if (!other || !['INVITE', 'UPDATE', 'INFO'].includes(req.method)) {
      tx.respond(tx.createResponse(req.method === 'INVITE' ? 491 : 405));
      return;
    }
    this.relay(tx, other);
  }

  /**
   * A re-INVITE, UPDATE (RFC 3311) or INFO relayed to the other leg, its answer relayed
   * back. We ACK a relayed 2xx to INVITE ourselves; the originator's ACK ends with us.
   */
  private relay(tx: ServerTransaction, to: Leg): void {
    const req = tx.request;
    const ct = req.headers.get('Content-Type');
    const refresh = req.method === 'INVITE' || req.method === 'UPDATE';
    const out = to.dialog.createRequest(req.method, {
      ...(req.body.length > 0 ? { body: req.body } : {}),
      ...(ct ? { contentType: ct } : {}),
      ...(refresh ? { contact: new NameAddress(this.opts.endpoint.contactUri(to.target.transport)) } : {}),
    });
    const answer = (status: number, res?: SipResponse) => {
      if (!tx.awaitingAnswer) return;
      const r = tx.createResponse(status);
      if (res) copyBody(res, r);
      if (refresh && status < 300) r.contact = [new NameAddress(this.opts.endpoint.contactUri(tx.source?.transport ?? 'UDP'))];
      tx.respond(r);
    };
    this.opts.endpoint.request(out, to.target, {
      onResponse: (res) => {
        if (res.status === 100) return;
        if (res.status >= 200) this.log('call.relayed', { method: req.method, status: res.status });
        if (req.method === 'INVITE' && res.status >= 200 && res.status < 300) {
          void this.opts.endpoint.sendAck(to.dialog.createAck(out), to.target).catch(() => undefined);
        }
        answer(res.status, res);
      },
      onTimeout: () => answer(408),
      onTransportError: () => answer(503),
    });
  }

  /**
   * REFER within a call (RFC 3515): exactly one valid Refer-To or 400 (2.4.1), else 202
   * Accepted, a NOTIFY "SIP/2.0 100 Trying" (2.4.4) and the transfer handed to call control.
   */
  private handleRefer(tx: ServerTransaction, call: Call, leg: Leg): void {
    const req = tx.request;
    const referTo = req.typed('refer-to');
    const referredBy = req.typed('referred-by');
    if (!referTo.ok || !referTo.value || req.headers.getAll('Refer-To').length !== 1) {
      tx.respond(tx.createResponse(400, 'Bad Request (Refer-To)'));
      return;
    }
    let replaces: Replaces | undefined;
    let target: Uri = referTo.value.uri;
    if (target.kind === 'sip') {
      // RFC 3891 6.1: Replaces travels as a header of the Refer-To URI.
      const embedded = target.headers.get('Replaces');
      if (embedded !== undefined && embedded !== null) {
        const r = readReplaces(embedded);
        if (typeof r === 'string') {
          tx.respond(tx.createResponse(400, 'Bad Request (Replaces in Refer-To)'));
          return;
        }
        replaces = r;
      }
      target = target.clone();
      target.headers = new SipParams();
    }
    tx.respond(tx.createResponse(202));
    const by = leg === call.caller ? 'caller' : 'callee';
    this.log('call.refer', { by, target: target.toString(), replaces: replaces !== undefined });
    let done = false;
    let queue = Promise.resolve();
    const notify = (status: number, reason?: string) => {
      if (done || leg.dialog.state === 'terminated') return;
      if (status >= 200) done = true;
      const final = status >= 200;
      queue = queue.then(() => this.sendNotify(leg, status, reason, final));
    };
    notify(100);
    const transfer: TransferRequest = {
      call, by, target, replaces, referredBy: referredBy.ok ? referredBy.value : undefined, request: req, notify,
    };
    try {
      this.onTransferRequest(transfer);
    } catch (error) {
      this.log('call.refer-error', { error: error instanceof Error ? error.message : String(error) });
      notify(500);
    }
  }

  /** One NOTIFY of a REFER's implicit subscription (RFC 3515 2.4.4-2.4.5); resolves when it is answered or given up. */
  private sendNotify(leg: Leg, status: number, reason: string | undefined, final: boolean): Promise<void> {
    if (leg.dialog.state === 'terminated') return Promise.resolve();
    const notify = leg.dialog.createRequest('NOTIFY', {
      body: Buffer.from(`SIP/2.0 ${status} ${reason ?? reasonPhrase(status)}\r\n`),
      contentType: 'message/sipfrag;version=2.0',
      contact: new NameAddress(this.opts.endpoint.contactUri(leg.target.transport)),
      headers: [
        ['Event', 'refer'],
        ['Subscription-State', final ? 'terminated;reason=noresource' : `active;expires=${REFER_SUBSCRIPTION_SECONDS}`],
      ],
    });
    return new Promise<void>((resolve) => {
      try {
        this.opts.endpoint.request(notify, leg.target, {
          onResponse: (res) => {
            if (res.status >= 200) resolve();
          },
          onTimeout: () => resolve(),
          onTransportError: () => resolve(),
        });
      } catch {
        resolve(); // the endpoint is closing
      }
    });
  }

  /** No ACK for our 2xx in 64*T1 (13.3.1.4): end the call. */
  onAckTimeout(invite: SipRequest): void {
    const call = [...this.calls].find((c) => c.invite.request === invite);
    if (!call) return;
    if (call.callee) this.sendBye(call.callee);
    if (call.caller) this.sendBye(call.caller);
    this.end(call);
  }

  private cancelBranches(call: Call): void {
    for (const b of call.branches) {
      if (b.final === undefined) this.opts.endpoint.cancel(b.tx);
      else if (b.dialog && b.final < 300) this.sendBye({ dialog: b.dialog, target: b.target });
    }
  }

  private sendBye(leg: Leg): void {
    if (leg.dialog.state === 'terminated') return;
    const bye = leg.dialog.createRequest('BYE');
    leg.dialog.state = 'terminated';
    try {
      this.opts.endpoint.request(bye, leg.target, { onResponse: () => undefined });
    } catch {
      // the endpoint is closing
    }
  }

  private end(call: Call): void {
    call.state = 'ended';
    if (call.ringTimer) clearTimeout(call.ringTimer);
    if (call.caller) this.dialogs.remove(call.caller.dialog);
    if (call.callee) this.dialogs.remove(call.callee.dialog);
    this.byInvite.delete(call.invite);
    this.calls.delete(call);
  }

  /** Hangs up every call (server shutdown). */
  close(): void {
    for (const call of [...this.calls]) {
      if (call.state === 'ringing') this.cancelBranches(call);
      if (call.caller) this.sendBye(call.caller);
      if (call.callee) this.sendBye(call.callee);
      this.end(call);
    }
  }
}

function copyBody(from: SipResponse, to: SipResponse): void {
  if (from.body.length === 0) return;
  to.body = from.body;
  const ct = from.headers.get('Content-Type');
  if (ct) to.headers.set('Content-Type', ct);
}
