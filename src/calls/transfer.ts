// REFER within a call (RFC 3515): the request is checked and accepted (202), the transferor
// is kept informed with NOTIFYs carrying a message/sipfrag status line (2.4.4-2.4.5), and
// call control decides what the transfer does (control.ts).
import { NameAddress, readReplaces, reasonPhrase, type Replaces, SipParams, type Uri } from '../sip/message/index.js';
import type { ServerTransaction } from '../sip/transaction/index.js';
import type { AnchoredLeg, LegHost } from './leg.js';

/** How long the implicit subscription of a REFER lasts while no final NOTIFY is sent (RFC 3515 2.4.4). */
const REFER_SUBSCRIPTION_SECONDS = 60;

/** A REFER that was accepted: 202 sent, NOTIFY "100 Trying" on its way. */
export interface AcceptedRefer {
  /** The Refer-To URI without its embedded headers (the transfer target). */
  target: Uri;
  /** The Replaces embedded in Refer-To (RFC 3891 6.1): an attended transfer replaces that dialog. */
  replaces: Replaces | undefined;
  /** Referred-By (RFC 3892), when the phone sent one. */
  referredBy: NameAddress | undefined;
  /**
   * Reports progress to the transferor. A final status (>= 200) ends the implicit
   * subscription; later calls are ignored. NOTIFYs go out one at a time, in order; the promise
   * resolves when this one has been answered (or given up).
   */
  notify(status: number, reason?: string): Promise<void>;
}

/**
 * Checks a REFER (exactly one valid Refer-To, else 400: RFC 3515 2.4.1), answers 202 and sends
 * the first NOTIFY (2.4.4). Undefined when the REFER was refused.
 */
export function acceptRefer(host: LegHost, leg: AnchoredLeg, tx: ServerTransaction): AcceptedRefer | undefined {
  const req = tx.request;
  const referTo = req.typed('refer-to');
  const referredBy = req.typed('referred-by');
  if (!referTo.ok || !referTo.value || req.headers.getAll('Refer-To').length !== 1) {
    tx.respond(tx.createResponse(400, 'Bad Request (Refer-To)'));
    return undefined;
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
        return undefined;
      }
      replaces = r;
    }
    target = target.clone();
    target.headers = new SipParams();
  }
  tx.respond(tx.createResponse(202));
  host.log('call.refer', { by: leg.side, target: target.toString(), replaces: replaces !== undefined });
  let done = false;
  let queue = Promise.resolve();
  const notify = (status: number, reason?: string): Promise<void> => {
    if (done || !leg.dialog || leg.dialog.state === 'terminated') return queue;
    if (status >= 200) done = true;
    const final = status >= 200;
    queue = queue.then(() => sendNotify(host, leg, status, reason, final));
    return queue;
  };
  void notify(100);
  return { target, replaces, referredBy: referredBy.ok ? referredBy.value : undefined, notify };
}

/** One NOTIFY of a REFER's implicit subscription (RFC 3515 2.4.4-2.4.5); resolves when it is answered or given up. */
function sendNotify(host: LegHost, leg: AnchoredLeg, status: number, reason: string | undefined, final: boolean): Promise<void> {
  const dialog = leg.dialog;
  if (!dialog || dialog.state === 'terminated') return Promise.resolve();
  const notify = dialog.createRequest('NOTIFY', {
    body: Buffer.from(`SIP/2.0 ${status} ${reason ?? reasonPhrase(status)}\r\n`),
    contentType: 'message/sipfrag;version=2.0',
    contact: new NameAddress(host.endpoint.contactUri(leg.target.transport)),
    headers: [
      ['Event', 'refer'],
      ['Subscription-State', final ? 'terminated;reason=noresource' : `active;expires=${REFER_SUBSCRIPTION_SECONDS}`],
    ],
  });
  return new Promise<void>((resolve) => {
    try {
      host.endpoint.request(notify, leg.target, {
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
