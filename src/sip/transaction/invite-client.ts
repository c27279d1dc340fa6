// INVITE client transaction: RFC 3261 17.1.1 with the Accepted state of RFC 6026 7.2.
//
//   Calling --1xx--> Proceeding --2xx--> Accepted --Timer M--> Terminated
//      |  \--2xx--> Accepted          \--300-699--> Completed --Timer D--> Terminated
//      \--300-699--> Completed (ACK sent)
//   Calling --Timer B / transport error--> Terminated (TU told)
import { serializeMessage, type SipRequest, type SipResponse } from '../message/index.js';
import { ClientTransaction, type ClientTransactionUser } from './client.js';
import { createNon2xxAck } from './requests.js';
import { type Channel, type TransactionContext } from './transaction.js';

export class InviteClientTransaction extends ClientTransaction {
  readonly kind = 'invite-client' as const;
  private ack: Buffer | undefined;
  private interval: number;

  /** Creates the transaction and sends the INVITE. */
  constructor(request: SipRequest, channel: Channel, ctx: TransactionContext, user: ClientTransactionUser) {
    super(request, channel, ctx, user, 'calling');
    this.interval = this.t.A;
    // "The initial state, "calling", MUST be entered when the TU initiates a new client
    // transaction with an INVITE request. The client transaction MUST pass the request to
    // the transport layer for transmission."
    this.transmit(this.bytes);
    // "If an unreliable transport is being used, the client transaction MUST start timer A
    // with a value of T1. If a reliable transport is being used, the client transaction
    // SHOULD NOT start timer A"
    if (!this.reliable) this.startTimer('A', this.interval, () => this.timerA());
    // "For any transport, the client transaction MUST start timer B with a value of 64*T1"
    this.startTimer('B', this.t.B, () => this.timerB());
  }

  private timerA(): void {
    if (this.state !== 'calling') return;
    // "When timer A fires, the client transaction MUST retransmit the request by passing it
    // to the transport layer, and MUST reset the timer with a value of 2*T1. [...] the
    // request is retransmitted with intervals that double after each transmission."
    this.transmit(this.bytes, true);
    this.interval *= 2;
    this.startTimer('A', this.interval, () => this.timerA());
  }

  private timerB(): void {
    // "If the client transaction is still in the "Calling" state when timer B fires, the
    // client transaction SHOULD inform the TU that a timeout has occurred. The client
    // transaction MUST NOT generate an ACK."
    if (this.state === 'calling') this.timeout();
  }

  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        if (status < 200) {
          // "If the client transaction receives a provisional response while in the
          // "Calling" state, it transitions to the "Proceeding" state. In the "Proceeding"
          // state, the client transaction SHOULD NOT retransmit the request any longer.
          // Furthermore, the provisional response MUST be passed to the TU."
          this.stopTimer('A');
          this.stopTimer('B');
          this.state = 'proceeding';
          this.user.onResponse(response, this);
        } else if (status < 300) {
          // RFC 6026 7.2: "If a 2xx response is received while in the "Calling" or
          // "Proceeding" state, the client transaction MUST transition to the "Accepted"
          // state, and Timer M MUST be started with a value of 64*T1 [...] The 2xx
          // response MUST be passed up to the TU."
          this.finalResponse = response;
          this.stopTimer('A');
          this.stopTimer('B');
          this.stopTimer('Guard');
          this.state = 'accepted';
          this.startTimer('M', this.t.M, () => this.terminate());
          this.user.onResponse(response, this);
        } else {
          // "When in either the "Calling" or "Proceeding" states, reception of a response
          // with status code from 300-699 MUST cause the client transaction to transition
          // to "Completed". The client transaction MUST pass the received response up to
          // the TU, and the client transaction MUST generate an ACK request"
          this.finalResponse = response;
          this.stopTimer('A');
          this.stopTimer('B');
          this.stopTimer('Guard');
          this.state = 'completed';
          this.ack = serializeMessage(createNon2xxAck(this.request, response));
          this.transmit(this.ack);
          this.user.onResponse(response, this);
          // "The client transaction SHOULD start timer D when it enters the "Completed"
          // state, with a value of at least 32 seconds for unreliable transports, and a
          // value of zero seconds for reliable transports."
          if (this.state === 'completed') this.startTimer('D', this.t.D, () => this.terminate());
        }
        return;
      case 'accepted':
        // RFC 6026 7.2: "Any 2xx responses that match this client transaction and that
        // are received while in the "Accepted" state MUST be passed up to the TU."
        if (status >= 200 && status < 300) this.user.onResponse(response, this);
        return;
      case 'completed':
        // "Any retransmissions of the final response that are received while in the
        // "Completed" state MUST cause the ACK to be re-passed to the transport layer for
        // retransmission, but the newly received response MUST NOT be passed up to the TU."
        if (status >= 300 && this.ack) this.transmit(this.ack, true);
        return;
      default:
        return;
    }
  }

  /**
   * The TU sent a CANCEL for this INVITE (9.1): "If there is no final response for the
   * original request in 64*T1 seconds [...], the client SHOULD then consider the original
   * transaction cancelled and SHOULD destroy the client transaction".
   */
  cancelled(): void {
    if (this.state !== 'calling' && this.state !== 'proceeding') return;
    this.startTimer('Guard', this.t.B, () => {
      if (this.state === 'calling' || this.state === 'proceeding') this.timeout();
    });
  }

  protected override onTransportError(error: Error): void {
    // RFC 6026 7.2 keeps an Accepted transaction alive: the 2xx was already delivered.
    if (this.state === 'accepted') return;
    super.onTransportError(error);
  }
}
