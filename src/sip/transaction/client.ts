// What both client transactions (RFC 3261 17.1) share: the request's bytes, sent once and
// retransmitted as they are, and the transaction user (TU) they report to.
import { serializeMessage, type SipRequest, type SipResponse } from '../message/index.js';
import { type Channel, Transaction, type TransactionContext, type TransactionState } from './transaction.js';

/** The TU of a client transaction: a UAC core, a dialog, a registration. */
export interface ClientTransactionUser {
  /**
   * Responses the TU must see: provisional and final ones, and for INVITE every 2xx while
   * the transaction is Accepted (RFC 6026 7.2: retransmissions and forked answers, each of
   * which the UAC core acknowledges, 13.2.2.4).
   */
  onResponse(response: SipResponse, tx: ClientTransaction): void;
  /** Timer B or F fired without a final response: RFC 3261 8.1.3.1 treats this as a 408. */
  onTimeout?(tx: ClientTransaction): void;
  /** The request could not be sent (17.1.4): treated as a 503 (8.1.3.1). */
  onTransportError?(error: Error, tx: ClientTransaction): void;
  onTerminated?(tx: ClientTransaction): void;
}

export abstract class ClientTransaction extends Transaction {
  readonly user: ClientTransactionUser;
  /** The request as sent (serialized once; retransmissions reuse these bytes). */
  protected readonly bytes: Buffer;
  /** The last final response (undefined before one arrived). */
  finalResponse: SipResponse | undefined;

  protected constructor(request: SipRequest, channel: Channel, ctx: TransactionContext, user: ClientTransactionUser, initial: TransactionState) {
    super(request, channel, ctx, initial);
    this.user = user;
    this.bytes = serializeMessage(request);
  }

  /** The branch of our top Via: with the CSeq method, the key of 17.1.3. */
  get branch(): string {
    return this.request.via[0]?.branch ?? '';
  }

  /** A response that matched this transaction (17.1.3). */
  abstract receiveResponse(response: SipResponse): void;

  /** "the client transaction SHOULD inform the TU that a timeout has occurred" (17.1.1.2, 17.1.2.2). */
  protected timeout(): void {
    this.stats.timeouts++;
    this.user.onTimeout?.(this);
    this.terminate();
  }

  /** 17.1.4: "the client transaction SHOULD inform the TU that a transport failure has occurred, and the client transaction SHOULD transition directly to the "Terminated" state." */
  protected onTransportError(error: Error): void {
    this.user.onTransportError?.(error, this);
    this.terminate();
  }

  protected override terminate(): void {
    if (this.state === 'terminated') return;
    super.terminate();
    this.user.onTerminated?.(this);
  }
}
