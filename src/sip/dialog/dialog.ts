// Dialog state of a user agent (RFC 3261 12): created from an INVITE and its 2xx (or a
// reliable 1xx with a To tag), then used to build requests within the dialog and to check
// the ones that arrive. Pure data and message building: sending is the caller's job.
import {
  createRequest,
  NameAddress,
  type SipRequest,
  type SipResponse,
  type Uri,
} from '../message/index.js';

export type DialogSide = 'uac' | 'uas';

/** The key a dialog is found by: Call-ID, local tag and remote tag (12). */
export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}\n${localTag}\n${remoteTag}`;
}

/** The key of the dialog an incoming request belongs to at the UAS: our tag is in To (12.2.2). */
export function incomingDialogKey(request: SipRequest): string | undefined {
  const local = request.to.tag;
  const remote = request.from.tag;
  if (local === undefined || remote === undefined) return undefined;
  return dialogKey(request.callId, local, remote);
}

export interface InDialogRequestOptions {
  body?: Buffer | string;
  contentType?: string;
  headers?: Iterable<readonly [string, string]>;
  /** Our Contact: required in INVITE, re-INVITE and UPDATE (12.2.1.1, RFC 3311). */
  contact?: NameAddress;
}

export type CheckResult = 'ok' | 'out-of-order';

export class Dialog {
  readonly side: DialogSide;
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly localUri: NameAddress;
  readonly remoteUri: NameAddress;
  /** From the peer's Contact; a target refresh (re-INVITE, UPDATE) replaces it (12.2). */
  remoteTarget: Uri;
  /** Route set, in the order requests carry it (12.1.1 for the UAS, 12.1.2 for the UAC). */
  readonly routeSet: NameAddress[];
  /** Our last CSeq number; requests we send count up from it (12.2.1.1). */
  localSeq: number;
  /** The peer's last CSeq number; undefined until it sends a request (12.1.2 says "empty"). */
  remoteSeq: number | undefined;
  state: 'early' | 'confirmed' | 'terminated';

  private constructor(init: {
    side: DialogSide; callId: string; localTag: string; remoteTag: string; localUri: NameAddress; remoteUri: NameAddress;
    remoteTarget: Uri; routeSet: NameAddress[]; localSeq: number; remoteSeq: number | undefined; state: 'early' | 'confirmed';
  }) {
    this.side = init.side;
    this.callId = init.callId;
    this.localTag = init.localTag;
    this.remoteTag = init.remoteTag;
    this.localUri = init.localUri;
    this.remoteUri = init.remoteUri;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.state = init.state;
  }

  /**
   * 12.1.1: the UAS side, from the INVITE and the response we send (which carries our To
   * tag). "The route set MUST be set to the list of URIs in the Record-Route header field
   * from the request, taken in order"; the remote target is the request's Contact; the
   * remote sequence number is the request's CSeq and the local one starts empty (we use 0;
   * our first request then counts from 1, which 12.2.1.1 allows).
   */
  static asUas(request: SipRequest, response: SipResponse): Dialog {
    const localTag = response.to.tag;
    const remoteTag = request.from.tag;
    const target = request.contact[0]?.uri;
    if (localTag === undefined || remoteTag === undefined || target === undefined) {
      throw new RangeError('a dialog needs both tags and a Contact (RFC 3261 12.1.1)');
    }
    return new Dialog({
      side: 'uas', callId: request.callId, localTag, remoteTag,
      localUri: withoutTag(request.to), remoteUri: withoutTag(request.from),
      remoteTarget: target, routeSet: request.recordRoute.map((r) => r.clone()),
      localSeq: 0, remoteSeq: request.cseq.seq,
      state: response.status >= 200 ? 'confirmed' : 'early',
    });
  }

  /**
   * 12.1.2: the UAC side, from the request we sent and the response with the peer's To tag.
   * "The route set MUST be set to the list of URIs in the Record-Route header field from the
   * response, taken in reverse order"; the remote target is the response's Contact; the local
   * sequence number is the request's CSeq.
   */
  static asUac(request: SipRequest, response: SipResponse): Dialog {
    const localTag = request.from.tag;
    const remoteTag = response.to.tag;
    const target = response.contact[0]?.uri;
    if (localTag === undefined || remoteTag === undefined || target === undefined) {
      throw new RangeError('a dialog needs both tags and a Contact (RFC 3261 12.1.2)');
    }
    return new Dialog({
      side: 'uac', callId: request.callId, localTag, remoteTag,
      localUri: withoutTag(request.from), remoteUri: withoutTag(response.to),
      remoteTarget: target, routeSet: response.recordRoute.map((r) => r.clone()).reverse(),
      localSeq: request.cseq.seq, remoteSeq: undefined,
      state: response.status >= 200 ? 'confirmed' : 'early',
    });
  }

  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /** 2xx after an early dialog: the dialog becomes confirmed and takes the 2xx's Contact. */
  confirm(response: SipResponse): void {
    this.state = 'confirmed';
    const target = response.contact[0]?.uri;
    if (target) this.remoteTarget = target;
  }

  /**
   * 12.2.1.1: a request within the dialog. To carries the remote URI and tag, From ours,
   * the Request-URI is the remote target and the Route header the route set (loose routing,
   * RFC 3261 16.12; strict routers of RFC 2543 are not supported). CSeq counts up by one.
   */
  createRequest(method: string, opts: InDialogRequestOptions = {}): SipRequest {
    if (method === 'ACK' || method === 'CANCEL') throw new RangeError(`${method} reuses its INVITE's CSeq: use createAck or createCancel`);
    this.localSeq += 1;
    return this.build(method, this.localSeq, opts);
  }

  /**
   * 13.2.2.4: the ACK for a 2xx is built by the UAC core like a request within the dialog,
   * "except that the CSeq header field [...] MUST be the same as the INVITE being
   * acknowledged, but the CSeq method MUST be ACK", and it carries the INVITE's credentials.
   */
  createAck(invite: SipRequest, opts: Pick<InDialogRequestOptions, 'body' | 'contentType'> = {}): SipRequest {
    const headers: [string, string][] = [];
    for (const name of ['Authorization', 'Proxy-Authorization']) {
      for (const v of invite.headers.getAll(name)) headers.push([name, v]);
    }
    return this.build('ACK', invite.cseq.seq, { ...opts, headers });
  }

  /**
   * 12.2.2: a request arriving within the dialog. "If the remote sequence number is not
   * empty, but the sequence number of the request is lower than the remote sequence number,
   * the request is out of order and MUST be rejected with a 500". ACK and CANCEL reuse
   * their INVITE's number and are not checked. A target refresh (re-INVITE, UPDATE) with a
   * Contact replaces the remote target.
   */
  receiveRequest(request: SipRequest): CheckResult {
    if (request.method === 'ACK' || request.method === 'CANCEL') return 'ok';
    const seq = request.cseq.seq;
    if (this.remoteSeq !== undefined && seq <= this.remoteSeq) return 'out-of-order';
    this.remoteSeq = seq;
    if (request.method === 'INVITE' || request.method === 'UPDATE') {
      const target = request.contact[0]?.uri;
      if (target) this.remoteTarget = target;
    }
    return 'ok';
  }

  /** Where a request within the dialog goes first: the first route, else the remote target (8.1.2). */
  get nextHop(): Uri {
    return this.routeSet[0]?.uri ?? this.remoteTarget;
  }

  private build(method: string, cseq: number, opts: InDialogRequestOptions): SipRequest {
    const from = this.localUri.clone();
    from.tag = this.localTag;
    const to = this.remoteUri.clone();
    to.tag = this.remoteTag;
    return createRequest({
      method,
      uri: this.remoteTarget,
      from,
      to,
      callId: this.callId,
      cseq,
      route: this.routeSet,
      ...(opts.contact ? { contact: opts.contact } : {}),
      ...(opts.headers ? { headers: opts.headers } : {}),
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      ...(opts.contentType !== undefined ? { contentType: opts.contentType } : {}),
    });
  }
}

function withoutTag(a: NameAddress): NameAddress {
  const c = a.clone();
  c.tag = undefined;
  return c;
}

/** The dialogs of a user agent, found by the key of 12 (Call-ID and both tags). */
export class DialogTable<T> {
  private readonly byKey = new Map<string, { dialog: Dialog; owner: T }>();

  add(dialog: Dialog, owner: T): void {
    this.byKey.set(dialog.key, { dialog, owner });
  }

  /** The dialog a request with a To tag belongs to (12.2.2), or undefined: answer 481. */
  match(request: SipRequest): { dialog: Dialog; owner: T } | undefined {
    const key = incomingDialogKey(request);
    return key === undefined ? undefined : this.byKey.get(key);
  }

  remove(dialog: Dialog): void {
    dialog.state = 'terminated';
    this.byKey.delete(dialog.key);
  }

  get size(): number {
    return this.byKey.size;
  }
}
