// INVITE server transaction: RFC 3261 17.2.1 with the Accepted state of RFC 6026 7.1.
//
//   Proceeding --2xx from TU--> Accepted --Timer L--> Terminated
//       \--300-699 from TU--> Completed --ACK--> Confirmed --Timer I--> Terminated
//                                  \--Timer H--> Terminated (TU told)
//   Proceeding: 100 Trying after 200 ms unless the TU answered.
import { serializeMessage, type SipRequest, type SipResponse } from '../message/index.js';
import { type Source } from '../transport/index.js';
import { ServerTransaction, type ServerTransactionOptions, type ServerTransactionUser } from './server.js';
import { type Channel, type TransactionContext } from './transaction.js';

export class InviteServerTransaction extends ServerTransaction {
  readonly kind = 'invite-server' as const;
  private interval: number;

  constructor(
    request: SipRequest,
    channel: Channel,
    ctx: TransactionContext,
    user: ServerTransactionUser,
    source?: Source,
    opts: ServerTransactionOptions = {},
  ) {
    super(request, channel, ctx, user, source, opts); // enters "Proceeding"
    this.interval = this.t.G;
    // "The server transaction MUST generate a 100 (Trying) response unless it knows that the
    // TU will generate a provisional or final response within 200 ms, in which case it MAY
    // generate a 100 (Trying) response."
    this.startTimer('Trying', ctx.timers.trying, () => {
      if (this.state === 'proceeding' && !this.lastProvisional) this.respond(this.createResponse(100));
    });
  }

  respond(response: SipResponse): boolean {
    const status = response.status;
    if (this.state === 'proceeding') {
      const bytes = serializeMessage(response);
      this.stopTimer('Trying');
      if (status < 200) {
        // "The TU passes any number of provisional responses to the server transaction. So
        // long as the server transaction is in the "Proceeding" state, each of these MUST be
        // passed to the transport layer for transmission. They are not sent reliably by the
        // transaction layer (they are not retransmitted by it)"
        this.sendProvisional(bytes);
        return true;
      }
      this.recordFinal(response, bytes);
      if (status < 300) {
        // RFC 6026 7.1: "If, while in the "Proceeding" state, the TU passes a 2xx response
        // to the server transaction, the server transaction MUST pass this response to the
        // transport layer for transmission. It is not retransmitted by the server
        // transaction; retransmissions of 2xx responses are handled by the TU. The server
        // transaction MUST then transition to the "Accepted" state." Timer L: 64*T1.
        this.state = 'accepted';
        this.transmit(bytes);
        this.startTimer('L', this.t.L, () => this.terminate());
        this.user.onAccepted?.(this, response, bytes);
        return true;
      }
      // "While in the "Proceeding" state, if the TU passes a response with status code from
      // 300 to 699 to the server transaction, the response MUST be passed to the transport
      // layer for transmission, and the state machine MUST enter the "Completed" state. For
      // unreliable transports, timer G is set to fire in T1 seconds, and is not set to fire
      // for reliable transports." "When the "Completed" state is entered, timer H MUST be
      // set to fire in 64*T1 seconds for all transports."
      this.state = 'completed';
      this.transmit(bytes);
      if (!this.reliable) this.startTimer('G', this.interval, () => this.timerG());
      this.startTimer('H', this.t.H, () => this.timerH());
      return true;
    }
    if (this.state === 'accepted' && status >= 200 && status < 300) {
      // RFC 6026 7.1: "Any retransmission of the 2xx response passed from the TU to the
      // transaction while in the "Accepted" state MUST be passed to the transport layer"
      this.transmit(serializeMessage(response), true);
      return true;
    }
    return false;
  }

  /**
   * The UAS core's 2xx retransmission (13.3.1.4) goes through here while the transaction is
   * Accepted: RFC 6026 7.1 passes "any retransmission of the 2xx response passed from the
   * TU" to the transport. False once the transaction has ended.
   */
  retransmitAnswer(): boolean {
    if (this.state !== 'accepted' || !this.lastFinal) return false;
    this.transmit(this.lastFinal, true);
    return true;
  }

  private timerG(): void {
    if (this.state !== 'completed' || !this.lastFinal) return;
    // "If timer G fires, the response is passed to the transport layer once more for
    // retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds. From then on,
    // when timer G fires, the response is passed to the transport again for transmission,
    // and timer G is reset with a value that doubles, unless that value exceeds T2, in
    // which case it is reset with the value of T2."
    this.transmit(this.lastFinal, true);
    this.interval = Math.min(2 * this.interval, this.ctx.timers.t2);
    this.startTimer('G', this.interval, () => this.timerG());
  }

  private timerH(): void {
    // "If timer H fires while in the "Completed" state, it implies that the ACK was never
    // received. In this case, the server transaction MUST transition to the "Terminated"
    // state, and MUST indicate to the TU that a transaction failure has occurred."
    if (this.state !== 'completed') return;
    this.stats.timeouts++;
    this.user.onTimeout?.(this);
    this.terminate();
  }

  receiveRequest(request: SipRequest): void {
    if (request.method === 'ACK') {
      if (this.state === 'completed') {
        // "If an ACK is received while the server transaction is in the "Completed" state,
        // the server transaction MUST transition to the "Confirmed" state. As Timer G is
        // ignored in this state, any retransmissions of the response will cease." "When this
        // state is entered, timer I is set to fire in T4 seconds for unreliable transports,
        // and zero seconds for reliable transports."
        this.stopTimer('G');
        this.stopTimer('H');
        this.state = 'confirmed';
        this.startTimer('I', this.t.I, () => this.terminate());
      } else if (this.state === 'accepted') {
        // RFC 6026 7.1: an ACK in the "Accepted" state is passed to the TU (its state diagram).
        this.user.onAck?.(this, request);
      }
      // "Confirmed": "The purpose of the "Confirmed" state is to absorb any additional ACK
      // messages that arrive, triggered from retransmissions of the final response."
      return;
    }
    // A retransmitted INVITE.
    if (this.state === 'proceeding') {
      // "If a request retransmission is received while in the "Proceeding" state, the most
      // recent provisional response that was received from the TU MUST be passed to the
      // transport layer for retransmission."
      if (this.lastProvisional) this.transmit(this.lastProvisional, true);
    } else if (this.state === 'completed') {
      // "while in the "Completed" state, if a request retransmission is received, the server
      // SHOULD pass the response to the transport for retransmission."
      if (this.lastFinal) this.transmit(this.lastFinal, true);
    }
    // RFC 6026 7.1: "While in the "Accepted" state, any retransmissions of the INVITE
    // received will match this transaction state machine and will be absorbed by the
    // machine without changing its state. These retransmissions are not passed onto the TU."
  }

  protected onTransportError(error: Error): void {
    this.user.onTransportError?.(error, this);
    // RFC 6026 7.1: a transport error in "Accepted" leaves the state unchanged; from
    // "Proceeding" and "Completed" the transaction ends (17.2.4, figure 7 of RFC 3261).
    if (this.state !== 'accepted') this.terminate();
  }
}
