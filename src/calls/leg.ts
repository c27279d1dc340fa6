// Call legs with anchored media. A call is a dialog with the caller (we are its UAS) and one
// with each callee (we are its UAC); every leg's RTP ends in one of our RtpSessions
// (media.ts), so a re-INVITE or UPDATE is answered by us with our own SDP (hold: recvonly or
// inactive) and never relayed to the other phone (RFC 7092 4: a media-terminating B2BUA).
import { Dialog } from '../sip/dialog/index.js';
import { NameAddress, type SipRequest, SDP_CONTENT_TYPE } from '../sip/message/index.js';
import type { InviteServerTransaction, ServerTransaction, SipEndpoint } from '../sip/transaction/index.js';
import type { Target } from '../sip/transport/index.js';
import type { CallRun } from './executor.js';
import type { LegMedia } from './media.js';

/** The methods we take within a call (the Allow header of our dialog-forming answers). */
export const CALL_ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, REFER';

/** What a leg needs from call control: the transaction layer and the dialog table. */
export interface LegHost {
  readonly endpoint: SipEndpoint;
  /** The leg's dialog exists: requests within it are routed to the leg. */
  register(leg: AnchoredLeg): void;
  unregister(leg: AnchoredLeg): void;
  /** A REFER within the leg's dialog (RFC 3515). */
  refer(leg: AnchoredLeg, tx: ServerTransaction): void;
  /** OPTIONS within a dialog: our capabilities (RFC 3261 11.2). */
  options(tx: ServerTransaction): void;
  log(event: string, data: Record<string, unknown>): void;
}

export type LegSide = 'caller' | 'callee';

export abstract class AnchoredLeg {
  abstract readonly side: LegSide;
  dialog: Dialog | undefined;
  /** The call run that carries this leg (a transfer hands it to another). */
  owner: CallRun | undefined;
  /** Who ended the leg: the phone (BYE, CANCEL) or we. */
  endedBy: 'remote' | 'local' | undefined;
  /** Set while our offer in a 200 waits for its answer in the ACK (RFC 3261 13.2.1, 14.2). */
  protected offerInAck = false;
  private readonly done = new AbortController();

  protected constructor(
    protected readonly host: LegHost,
    readonly media: LegMedia,
    /** Where requests within the dialog go (the caller's flow, or the callee's binding). */
    readonly target: Target,
  ) {}

  /** Aborted when the leg has ended, from either side. */
  get ended(): AbortSignal {
    return this.done.signal;
  }

  get isEnded(): boolean {
    return this.done.signal.aborted;
  }

  /** Has this party been answered (a 2xx exchanged), so that it hears what we send? */
  abstract get answered(): boolean;

  /** Does it hear what we send: answered, or an unanswered caller with early media open? */
  get hearsUs(): boolean {
    return this.answered;
  }

  /** Tells an unanswered caller that we are ringing (180 without SDP); nothing for others. */
  ring(): void {}

  /**
   * Opens an unanswered caller's audio before the answer (183 with our SDP), so that it hears
   * what we pass on; false when it cannot (answered, ended, or a delayed offer).
   */
  earlyMedia(): boolean {
    return false;
  }

  /** Answers an unanswered caller; nothing for a leg that is already answered. */
  async answer(): Promise<void> {}

  /** Ends the leg from our side: BYE when answered, else a final status. Idempotent. */
  abstract end(status?: number): void;

  /** Ends the leg and frees its RTP ports. */
  async close(status?: number): Promise<void> {
    this.end(status);
    await this.media.close();
  }

  protected finish(by: 'remote' | 'local'): void {
    if (this.isEnded) return;
    this.endedBy = by;
    if (this.dialog) this.host.unregister(this);
    this.done.abort();
  }

  protected sendBye(): void {
    const d = this.dialog;
    if (!d || d.state === 'terminated') return;
    const bye = d.createRequest('BYE');
    try {
      this.host.endpoint.request(bye, this.target, { onResponse: () => undefined });
    } catch {
      // the endpoint is closing
    }
  }

  /** A request within this leg's dialog (the dialog layer has checked its CSeq). */
  handleRequest(tx: ServerTransaction): void {
    const req = tx.request;
    switch (req.method) {
      case 'BYE':
        // RFC 3261 15.1.2: answer, and the call control ends the other legs.
        this.host.endpoint.stopAnswer(req.callId);
        tx.respond(tx.createResponse(200));
        this.finish('remote');
        return;
      case 'INVITE':
      case 'UPDATE':
        this.answerOffer(tx);
        return;
      case 'INFO':
        // DTMF travels as RFC 4733 events in RTP; INFO bodies carry nothing we act on.
        tx.respond(tx.createResponse(200));
        return;
      case 'OPTIONS':
        this.host.options(tx);
        return;
      case 'REFER':
        this.host.refer(this, tx);
        return;
      default: {
        const res = tx.createResponse(405);
        res.headers.append('Allow', CALL_ALLOW);
        tx.respond(res);
      }
    }
  }

  /**
   * A re-INVITE or UPDATE (RFC 3311): we answer from our own session (RFC 3264 8: hold with
   * sendonly/inactive is answered recvonly/inactive and our sending stops). A re-INVITE
   * without SDP gets our offer in the 200 and its answer comes in the ACK (RFC 3261 14.2).
   */
  private answerOffer(tx: ServerTransaction): void {
    const req = tx.request;
    const res = tx.createResponse(200);
    if (req.body.length > 0) {
      const answered = this.media.answer(req.body);
      if (!answered.ok) {
        this.host.log('call.reoffer-refused', { side: this.side, problem: answered.problems[0]?.code });
        tx.respond(tx.createResponse(488));
        return;
      }
      res.body = Buffer.from(answered.value);
    } else if (req.method === 'INVITE') {
      res.body = Buffer.from(this.media.offer());
      this.offerInAck = true;
    }
    if (res.body.length > 0) res.headers.set('Content-Type', SDP_CONTENT_TYPE);
    res.contact = [new NameAddress(this.host.endpoint.contactUri(this.target.transport))];
    res.headers.append('Allow', CALL_ALLOW);
    tx.respond(res);
    this.host.log('call.reoffer', { side: this.side, method: req.method, status: 200, direction: this.media.session.direction });
  }

  /** An ACK within the dialog: the answer to an offer we made in a 200 (an INVITE or re-INVITE without SDP). */
  handleAck(ack: SipRequest): void {
    if (!this.offerInAck) return;
    this.offerInAck = false;
    const accepted = this.media.accept(ack.body);
    if (!accepted.ok) this.host.log('call.answer-refused', { side: this.side, problem: accepted.problems[0]?.code });
  }
}

/**
 * The caller's leg: our answer to their INVITE's offer is ready from the start; we send it
 * in the 200 when someone answers or when we answer ourselves to speak (P-FC-1). An INVITE
 * without SDP (a delayed offer, RFC 3261 13.2.1, as some trunks send) gets our offer in the
 * 200 and its answer comes in the ACK; until then the session sends nothing.
 */
export class CallerLeg extends AnchoredLeg {
  readonly side = 'caller' as const;
  private state: 'offered' | 'ringing' | 'early' | 'answered' = 'offered';

  constructor(
    host: LegHost,
    readonly invite: InviteServerTransaction,
    target: Target,
    media: LegMedia,
    /** Our SDP answer to the INVITE's offer (already applied to the session); undefined for a delayed offer. */
    private readonly answerSdp: string | undefined,
    /** The user part of our Contact towards the caller (the dialled number). */
    private readonly contactUser: string | undefined,
  ) {
    super(host, media, target);
  }

  get answered(): boolean {
    return this.state === 'answered';
  }

  override get hearsUs(): boolean {
    return this.state === 'answered' || this.state === 'early';
  }

  private contact(): NameAddress[] {
    return [new NameAddress(this.host.endpoint.contactUri(this.target.transport, this.contactUser))];
  }

  override ring(): void {
    if (this.state !== 'offered' || this.isEnded || !this.invite.awaitingAnswer) return;
    this.state = 'ringing';
    this.invite.respond(this.provisional(180));
  }

  /**
   * 183 Session Progress with the same SDP the 200 will carry (RFC 3960 2.1: without 100rel
   * the 2xx repeats it, and phones play the early audio meanwhile).
   */
  override earlyMedia(): boolean {
    if (this.state === 'early') return true;
    if (this.state === 'answered' || this.answerSdp === undefined || this.isEnded || !this.invite.awaitingAnswer) return false;
    this.state = 'early';
    const r = this.provisional(183);
    r.body = Buffer.from(this.answerSdp);
    r.headers.set('Content-Type', SDP_CONTENT_TYPE);
    this.invite.respond(r);
    return true;
  }

  private provisional(status: 180 | 183) {
    const r = this.invite.createResponse(status);
    r.contact = this.contact();
    r.recordRoute = this.invite.request.recordRoute; // 12.1.1: copied into dialog-forming responses
    return r;
  }

  override async answer(): Promise<void> {
    if (this.state === 'answered' || this.isEnded || !this.invite.awaitingAnswer) return;
    const ok = this.invite.createResponse(200);
    ok.body = Buffer.from(this.answerSdp ?? this.media.offer());
    this.offerInAck = this.answerSdp === undefined;
    ok.headers.set('Content-Type', SDP_CONTENT_TYPE);
    ok.contact = this.contact();
    ok.headers.append('Allow', CALL_ALLOW);
    ok.recordRoute = this.invite.request.recordRoute; // 12.1.1: the caller's proxies stay on the path
    this.dialog = Dialog.asUas(this.invite.request, ok);
    this.state = 'answered';
    this.host.register(this);
    this.invite.respond(ok);
  }

  /** The caller CANCELled (RFC 3261 9.2; the transaction layer answers 487) or never ACKed our 2xx. */
  cancelled(): void {
    this.finish('remote');
  }

  /** Ends the leg from our side: BYE when answered, else a final status (default 480). */
  end(status = 480): void {
    if (this.isEnded) return;
    if (this.state === 'answered') this.sendBye();
    else if (this.invite.awaitingAnswer) this.invite.respond(this.invite.createResponse(status));
    this.finish('local');
  }
}

/** A callee's leg: created when its 2xx arrived (fork.ts), so it is answered from the start. */
export class CalleeLeg extends AnchoredLeg {
  readonly side = 'callee' as const;

  constructor(
    host: LegHost,
    dialog: Dialog,
    target: Target,
    media: LegMedia,
    /** Who answered: the person whose phone it is, or the number called through the trunk. */
    readonly reached: { personId?: string; number?: string },
  ) {
    super(host, media, target);
    this.dialog = dialog;
    host.register(this);
  }

  get answered(): boolean {
    return true;
  }

  end(): void {
    if (this.isEnded) return;
    this.sendBye();
    this.finish('local');
  }
}

