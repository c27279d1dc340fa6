// Non-INVITE server transaction: RFC 3261 17.2.2.
//
//   Trying --1xx from TU--> Proceeding --200-699 from TU--> Completed --Timer J--> Terminated
//     \--200-699 from TU--> Completed
import { serializeMessage, type SipRequest, type SipResponse } from '../message/index.js';
import { ServerTransaction } from './server.js';

export class NonInviteServerTransaction extends ServerTransaction {
  readonly kind = 'non-invite-server' as const;

  respond(response: SipResponse): boolean {
    if (this.state !== 'trying' && this.state !== 'proceeding') {
      // "Any other final responses passed by the TU to the server transaction MUST be
      // discarded while in the "Completed" state."
      return false;
    }
    const bytes = serializeMessage(response);
    if (response.status < 200) {
      // "While in the "Trying" state, if the TU passes a provisional response to the server
      // transaction, the server transaction MUST enter the "Proceeding" state. The response
      // MUST be passed to the transport layer for transmission. Any further provisional
      // responses that are received from the TU while in the "Proceeding" state MUST be
      // passed to the transport layer for transmission."
      this.state = 'proceeding';
      this.sendProvisional(bytes);
      return true;
    }
    // "If the TU passes a final response (status codes 200-699) to the server while in the
    // "Proceeding" state, the transaction MUST enter the "Completed" state, and the
    // response MUST be passed to the transport layer for transmission." (The same from
    // "Trying".) "When the server transaction enters the "Completed" state, it MUST set
    // Timer J to fire in 64*T1 seconds for unreliable transports, and zero seconds for
    // reliable transports."
    this.recordFinal(response, bytes);
    this.state = 'completed';
    this.transmit(bytes);
    this.startTimer('J', this.t.J, () => this.terminate());
    return true;
  }

  receiveRequest(_request: SipRequest): void {
    switch (this.state) {
      case 'trying':
        // "Once in the "Trying" state, any further request retransmissions are discarded."
        return;
      case 'proceeding':
        // "If a retransmission of the request is received while in the "Proceeding" state,
        // the most recently sent provisional response MUST be passed to the transport layer
        // for retransmission."
        if (this.lastProvisional) this.transmit(this.lastProvisional, true);
        return;
      case 'completed':
        // "While in the "Completed" state, the server transaction MUST pass the final
        // response to the transport layer for retransmission whenever a retransmission of
        // the request is received."
        if (this.lastFinal) this.transmit(this.lastFinal, true);
        return;
      default:
        return;
    }
  }

  protected onTransportError(error: Error): void {
    // "If a transport error occurs [...], the server transaction SHOULD inform the TU of the
    // failure and transition to the "Terminated" state" (17.2.4; figure 8).
    this.user.onTransportError?.(error, this);
    this.terminate();
  }
}
