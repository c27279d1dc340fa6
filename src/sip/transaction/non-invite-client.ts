// Non-INVITE client transaction: RFC 3261 17.1.2.
//
//   Trying --1xx--> Proceeding --200-699--> Completed --Timer K--> Terminated
//     \--200-699--> Completed
//   Trying/Proceeding --Timer F / transport error--> Terminated (TU told)
import { type SipRequest, type SipResponse } from '../message/index.js';
import { ClientTransaction, type ClientTransactionUser } from './client.js';
import { type Channel, type TransactionContext } from './transaction.js';

export class NonInviteClientTransaction extends ClientTransaction {
  readonly kind = 'non-invite-client' as const;
  private interval: number;

  /** Creates the transaction and sends the request. */
  constructor(request: SipRequest, channel: Channel, ctx: TransactionContext, user: ClientTransactionUser) {
    super(request, channel, ctx, user, 'trying');
    this.interval = this.t.E;
    // "The "Trying" state is entered when the TU initiates a new client transaction with a
    // request. When entering this state, the client transaction SHOULD set timer F to fire
    // in 64*T1 seconds. The request MUST be passed to the transport layer for transmission.
    // If an unreliable transport is in use, the client transaction MUST set timer E to fire
    // in T1 seconds."
    this.startTimer('F', this.t.F, () => this.timerF());
    this.transmit(this.bytes);
    if (!this.reliable) this.startTimer('E', this.interval, () => this.timerE());
  }

  private timerE(): void {
    if (this.state === 'trying') {
      // "If timer E fires while still in this state, the timer is reset, but this time with
      // a value of MIN(2*T1, T2). When the timer fires again, it is reset to a MIN(4*T1, T2).
      // This process continues so that retransmissions occur with an exponentially
      // increasing interval that caps at T2."
      this.interval = Math.min(2 * this.interval, this.ctx.timers.t2);
    } else if (this.state === 'proceeding') {
      // "If Timer E fires while in the "Proceeding" state, the request MUST be passed to the
      // transport layer for retransmission, and Timer E MUST be reset with a value of T2"
      this.interval = this.ctx.timers.t2;
    } else return;
    this.transmit(this.bytes, true);
    this.startTimer('E', this.interval, () => this.timerE());
  }

  private timerF(): void {
    // "If Timer F fires while the client transaction is still in the "Trying" state, the
    // client transaction SHOULD inform the TU about the timeout, and then it SHOULD enter
    // the "Terminated" state." The same for "Proceeding".
    if (this.state === 'trying' || this.state === 'proceeding') this.timeout();
  }

  receiveResponse(response: SipResponse): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') {
      // Completed: "any retransmissions of the final response that are received [...] are
      // absorbed" (Timer K exists to buffer them).
      return;
    }
    if (response.status < 200) {
      // "If a provisional response is received while in the "Trying" state, the response
      // MUST be passed to the TU, and then the client transaction SHOULD move to the
      // "Proceeding" state."
      this.state = 'proceeding';
      this.user.onResponse(response, this);
      return;
    }
    // "If a final response (status codes 200-699) is received while in the "Trying" state
    // [or "Proceeding"], the response MUST be passed to the TU, and the client transaction
    // MUST transition to the "Completed" state."
    this.finalResponse = response;
    this.stopTimer('E');
    this.stopTimer('F');
    this.state = 'completed';
    this.user.onResponse(response, this);
    // "Once the client transaction enters the "Completed" state, it MUST set Timer K to
    // fire in T4 seconds for unreliable transports, and zero seconds for reliable transports."
    if (this.state === 'completed') this.startTimer('K', this.t.K, () => this.terminate());
  }
}
