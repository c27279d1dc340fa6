// Ringing: one INVITE per device (a person's registered phones, a mobile through the trunk,
// an outside number through the trunk), all carrying the offer of one RtpSession of ours.
// The first 2xx wins and becomes a CalleeLeg; the other branches are CANCELled (RFC 3261
// 9.1), and a 2xx that comes anyway is acknowledged and hung up (RFC 3261 13.2.2.4, 15).
// Bounded: the step's ring time, and the caller's hang-up, end the ringing.
//
// Early media (RFC 3960, the gateway model): when a single branch (an outside number through
// the trunk) sends a provisional response with SDP, that is the answer to our offer for now,
// so the network's ringback or announcement ("numret saknar abonnent") reaches our session
// and can be passed to the caller before anyone answers. Not with several branches: one
// session cannot take audio from all of them, and phones ring locally anyway.
import { Dialog } from '../sip/dialog/index.js';
import { credentialsHeaderFor, DigestClient } from '../sip/auth/index.js';
import { createRequest, NameAddress, newCallId, newTag, SDP_CONTENT_TYPE, type SipRequest, type SipResponse, type Uri } from '../sip/message/index.js';
import type { ClientTransaction } from '../sip/transaction/index.js';
import type { Target } from '../sip/transport/index.js';
import { CALL_ALLOW, CalleeLeg, type LegHost } from './leg.js';
import { LegMedia, type MediaSettings } from './media.js';

/** One device to ring. */
export interface BranchSpec {
  /** The Request-URI: the binding's Contact, or the trunk's URI for the number. */
  uri: Uri;
  target: Target;
  /** RFC 3327 5.3: a binding registered through an edge proxy is reached along its Path. */
  route?: NameAddress[];
  /** A From of its own (a trunk presents the municipality's number); else the fork's. */
  from?: NameAddress;
  /** Digest credentials for a 401/407 (a trunk); answered once per branch. */
  credentials?: { username: string; password: string } | null;
  /** Who answers if this branch does. */
  reached: { personId?: string; number?: string };
}

export interface ForkOptions {
  media: MediaSettings;
  /** The caller as the callee's phone shows it (no tag: the fork adds one). */
  from: NameAddress;
  to: NameAddress;
  /** Ringing ends after this long without an answer. */
  ringMs: number;
  /** The caller hung up (or the call is being torn down): cancel everything. */
  signal: AbortSignal;
  /** The first provisional response above 100 from any branch. */
  onRinging?: () => void;
  /** A single branch's early media has started: its audio arrives on `media.session`. */
  onEarlyMedia?: (media: LegMedia) => void;
}

export type ForkResult =
  | { kind: 'answered'; leg: CalleeLeg }
  | { kind: 'busy' | 'no-answer' | 'failed' | 'cancelled'; status: number; timedOut: boolean };

interface Branch {
  spec: BranchSpec;
  invite: SipRequest;
  tx: ClientTransaction | undefined;
  final: number | undefined;
  dialog: Dialog | undefined;
  /** The ACK for its 2xx, sent again unchanged for every retransmitted 2xx (13.2.2.4). */
  ack: SipRequest | undefined;
  authTried: boolean;
}

/** Rings every branch; resolves with the answered leg or why nobody answered. */
export async function ringBranches(host: LegHost, specs: readonly BranchSpec[], opts: ForkOptions): Promise<ForkResult> {
  if (opts.signal.aborted) return { kind: 'cancelled', status: 487, timedOut: false };
  if (specs.length === 0) return { kind: 'failed', status: 480, timedOut: false };
  const media = await LegMedia.open(opts.media);
  const result = await new Fork(host, media, specs, opts).run();
  if (result.kind !== 'answered') await media.close();
  return result;
}

class Fork {
  private readonly branches: Branch[] = [];
  private settled: ForkResult | undefined;
  private settle!: (r: ForkResult) => void;
  private ringing = false;
  /** The early answer applied to our session (only a fork of one branch takes one). */
  private early = false;
  private readonly callId = newCallId();
  private readonly fromTag = newTag();
  private readonly offer: string;

  constructor(
    private readonly host: LegHost,
    private readonly media: LegMedia,
    specs: readonly BranchSpec[],
    private readonly opts: ForkOptions,
  ) {
    this.offer = media.offer();
    for (const spec of specs) this.branches.push({ spec, invite: undefined as unknown as SipRequest, tx: undefined, final: undefined, dialog: undefined, ack: undefined, authTried: false });
  }

  run(): Promise<ForkResult> {
    const done = new Promise<ForkResult>((resolve) => (this.settle = resolve));
    for (const b of this.branches) this.send(b, 1, []);
    const timer = setTimeout(() => this.finish({ kind: 'no-answer', status: 480, timedOut: true }), this.opts.ringMs);
    const onAbort = () => this.finish({ kind: 'cancelled', status: 487, timedOut: false });
    this.opts.signal.addEventListener('abort', onAbort, { once: true });
    this.checkAllFailed();
    return done.finally(() => {
      clearTimeout(timer);
      this.opts.signal.removeEventListener('abort', onAbort);
    });
  }

  private send(b: Branch, cseq: number, headers: [string, string][]): void {
    const from = (b.spec.from ?? this.opts.from).clone();
    from.tag = this.fromTag;
    b.invite = createRequest({
      method: 'INVITE', uri: b.spec.uri, from, to: this.opts.to, callId: this.callId, cseq,
      contact: new NameAddress(this.host.endpoint.contactUri(b.spec.target.transport, from.uri.kind === 'sip' ? from.uri.user : undefined)),
      headers: [['Allow', CALL_ALLOW], ...headers],
      body: this.offer, contentType: SDP_CONTENT_TYPE,
      ...(b.spec.route && b.spec.route.length > 0 ? { route: b.spec.route } : {}),
    });
    try {
      b.tx = this.host.endpoint.request(b.invite, b.spec.target, {
        onResponse: (res) => this.onResponse(b, res),
        onTimeout: () => this.onFinal(b, 408),
        onTransportError: () => this.onFinal(b, 503),
      });
    } catch {
      b.tx = undefined;
      b.final = 503; // the endpoint is closing
    }
  }

  private onResponse(b: Branch, res: SipResponse): void {
    if (res.cseq.seq !== b.invite.cseq.seq) return; // an answer to the INVITE we replaced after a challenge
    if (res.status < 200) {
      // Early media first: a caller given 183 with audio is not also sent 180.
      if (res.status > 100 && res.body.length > 0 && this.branches.length === 1 && !this.early && !this.settled) this.earlyMedia(res);
      if (res.status > 100 && !this.ringing && !this.settled) {
        this.ringing = true;
        this.opts.onRinging?.();
      }
      return;
    }
    if (res.status >= 300) {
      if ((res.status === 401 || res.status === 407) && b.spec.credentials && !b.authTried && !this.settled) {
        if (this.answerChallenge(b, res)) return;
      }
      this.onFinal(b, res.status);
      return;
    }
    // A 2xx: acknowledge it (13.2.2.4), the same ACK again for a retransmission.
    b.final = res.status;
    if (!b.dialog) {
      try {
        b.dialog = Dialog.asUac(b.invite, res);
      } catch {
        b.final = 502; // a 2xx without Contact or To tag cannot be acknowledged within a dialog
        this.checkAllFailed();
        return;
      }
      b.ack = b.dialog.createAck(b.invite);
    }
    if (b.ack) void this.host.endpoint.sendAck(b.ack, b.spec.target).catch(() => undefined);
    if (this.settled?.kind === 'answered' && this.settled.leg.dialog === b.dialog) return; // the winner's retransmission
    if (this.settled) {
      // Another branch answered first, or ringing has ended: hang this one up at once.
      this.hangUp(b);
      return;
    }
    // Without 100rel the SDP of a 183 is not reliable, so the 2xx normally repeats it; a 2xx
    // without a body keeps the early answer (RFC 3261 13.2.1: one answer per offer).
    const accepted = this.early && res.body.length === 0 ? { ok: true as const } : this.media.accept(res.body);
    if (!accepted.ok) {
      this.host.log('call.answer-refused', { problem: accepted.problems[0]?.code });
      this.hangUp(b);
      b.final = 488;
      this.checkAllFailed();
      return;
    }
    const leg = new CalleeLeg(this.host, b.dialog, b.spec.target, this.media, b.spec.reached);
    this.finish({ kind: 'answered', leg });
  }

  /** A provisional answer with SDP: applied to our session, and the run told (see the top). */
  private earlyMedia(res: SipResponse): void {
    const accepted = this.media.accept(res.body);
    if (!accepted.ok) {
      this.host.log('call.early-media-refused', { problem: accepted.problems[0]?.code });
      return;
    }
    this.early = true;
    this.opts.onEarlyMedia?.(this.media);
  }

  /** A trunk's 401/407 (RFC 3261 22.2): the INVITE again with credentials, once. */
  private answerChallenge(b: Branch, res: SipResponse): boolean {
    const creds = b.spec.credentials;
    if (!creds) return false;
    b.authTried = true;
    const header = res.status === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    const auth = new DigestClient(creds).authorize({ challenge: res.headers.getAll(header), method: 'INVITE', uri: b.invite.uri.toString(), body: this.offer });
    if (!auth.ok) {
      this.host.log('call.trunk-auth-failed', { problem: auth.problems[0]?.code });
      return false;
    }
    this.send(b, b.invite.cseq.seq + 1, [[credentialsHeaderFor(res.status as 401 | 407), auth.value]]);
    return true;
  }

  private hangUp(b: Branch): void {
    const d = b.dialog;
    if (!d || d.state === 'terminated') return;
    const bye = d.createRequest('BYE');
    d.state = 'terminated';
    try {
      this.host.endpoint.request(bye, b.spec.target, { onResponse: () => undefined });
    } catch {
      // the endpoint is closing
    }
  }

  private onFinal(b: Branch, status: number): void {
    if (b.final !== undefined) return;
    b.final = status;
    this.checkAllFailed();
  }

  /** Every branch has failed: busy if any phone was busy (486, 600), else nobody answered. */
  private checkAllFailed(): void {
    if (this.settled || this.branches.some((b) => b.final === undefined || (b.final < 300 && b.dialog?.state !== 'terminated'))) return;
    const finals = this.branches.map((b) => b.final ?? 500);
    if (finals.some((s) => s === 486 || s === 600)) this.finish({ kind: 'busy', status: 486, timedOut: false });
    else if (finals.some((s) => s === 480 || s === 408 || s === 487 || s === 603)) this.finish({ kind: 'no-answer', status: 480, timedOut: false });
    else this.finish({ kind: 'failed', status: finals[0] ?? 500, timedOut: false });
  }

  /** Settles once; every branch still pending is CANCELled (9.1), answered losers get a BYE. */
  private finish(result: ForkResult): void {
    if (this.settled) return;
    this.settled = result;
    const winner = result.kind === 'answered' ? result.leg.dialog : undefined;
    for (const b of this.branches) {
      if (b.final === undefined && b.tx) this.host.endpoint.cancel(b.tx);
      else if (b.dialog && b.dialog !== winner) this.hangUp(b);
    }
    this.settle(result);
  }
}
