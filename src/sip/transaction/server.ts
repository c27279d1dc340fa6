// What both server transactions (RFC 3261 17.2) share: the request and where it came from,
// the To tag of our responses, the last responses kept for retransmission, and the user
// they report to.
import { createResponse, newTag, type SipRequest, type SipResponse } from '../message/index.js';
import { type Source } from '../transport/index.js';
import { type Channel, Transaction, type TransactionContext } from './transaction.js';

/** What a server transaction tells its owner (the transaction layer or a test). */
export interface ServerTransactionUser {
  /** An INVITE server transaction passed a 2xx: the UAS core retransmits it until the ACK (13.3.1.4). */
  onAccepted?(tx: ServerTransaction, response: SipResponse, bytes: Buffer): void;
  /** An ACK matched an Accepted INVITE transaction: RFC 6026 passes it to the TU. */
  onAck?(tx: ServerTransaction, ack: SipRequest): void;
  /** Timer H fired: no ACK for a non-2xx final response (17.2.1); or the TU never answered. */
  onTimeout?(tx: ServerTransaction): void;
  /** A response could not be sent (17.2.4). */
  onTransportError?(error: Error, tx: ServerTransaction): void;
  onTerminated?(tx: ServerTransaction): void;
}

export interface ServerTransactionOptions {
  /**
   * A guard against a TU that never answers: after this long without a final response the
   * transaction answers 500 itself. 0 disables it. The transaction layer uses 64*T1 for
   * non-INVITE (Timer F has ended the client by then) and 10 minutes for INVITE.
   */
  answerLimitMs?: number;
}

export abstract class ServerTransaction extends Transaction {
  readonly user: ServerTransactionUser;
  /** Where the request came from (and its connection). */
  readonly source: Source | undefined;
  /** The final response sent, once there is one. */
  finalResponse: SipResponse | undefined;
  protected lastProvisional: Buffer | undefined;
  protected lastFinal: Buffer | undefined;
  private tag: string | undefined;

  constructor(request: SipRequest, channel: Channel, ctx: TransactionContext, user: ServerTransactionUser, source?: Source, opts: ServerTransactionOptions = {}) {
    // 17.2.1: "When a server transaction is constructed for a request, it enters the
    // "Proceeding" state." 17.2.2: "The state machine is initialized in the "Trying" state
    // and is passed a request other than INVITE or ACK when initialized."
    super(request, channel, ctx, request.method === 'INVITE' ? 'proceeding' : 'trying');
    this.user = user;
    this.source = source;
    const limit = opts.answerLimitMs ?? 0;
    if (limit > 0) {
      this.startTimer('Guard', limit, () => {
        if (!this.awaitingAnswer) return;
        this.stats.timeouts++;
        this.user.onTimeout?.(this);
        if (this.awaitingAnswer) this.respond(this.createResponse(500, 'Server Internal Error (no answer from application)'));
      });
    }
  }

  /** True until the TU has sent a final response (or the transaction ended). */
  get awaitingAnswer(): boolean {
    return this.finalResponse === undefined && this.state !== 'terminated';
  }

  /**
   * The To tag of our responses: the request's own in a dialog, else one made on first use,
   * so that every response of the transaction (and a 487 after CANCEL) carries the same.
   */
  get localTag(): string {
    this.tag ??= this.request.to.tag ?? newTag();
    return this.tag;
  }

  /**
   * A response to this request (8.2.6) with the To tag that 8.2.6.2 asks for on every
   * response but 100 Trying. The TU adds Contact, body and the like, then calls respond().
   */
  createResponse(status: number, reason?: string): SipResponse {
    const response = createResponse(this.request, status, reason);
    if (status > 100 && this.request.to.tag === undefined) response.setToTag(this.localTag);
    return response;
  }

  /** A provisional response: sent once, kept for request retransmissions (17.2.1, 17.2.2). */
  protected sendProvisional(bytes: Buffer): void {
    this.lastProvisional = bytes;
    this.transmit(bytes);
  }

  /** The final response: kept for retransmission; the TU has answered, so the guard stops. */
  protected recordFinal(response: SipResponse, bytes: Buffer): void {
    this.finalResponse = response;
    this.lastFinal = bytes;
    this.stopTimer('Guard');
  }

  /** Sends a response from the TU. False when the state machine does not accept it now. */
  abstract respond(response: SipResponse): boolean;

  /** A request that matched this transaction (17.2.3): a retransmission, or the ACK. */
  abstract receiveRequest(request: SipRequest): void;

  protected override terminate(): void {
    if (this.state === 'terminated') return;
    super.terminate();
    this.user.onTerminated?.(this);
  }
}
