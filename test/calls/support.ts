// Test support for call control: the settings a test SipService needs (real IVR, a private
// RTP port range), small real implementations of the other capabilities' ports (in memory),
// and a raw UDP "phone" that a test drives message by message.
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { CallControlSettings } from '../../src/calls/control.js';
import * as ivr from '../../src/calls/ivr/index.js';
import type { AnchoredCaller, CallRecordsPort, QueueEntryInput, QueueMembership, QueuePort, TrunkPort, TrunkRoute, VoicemailPort } from '../../src/calls/ports.js';
import type { VoicemailBox } from '../../src/core/routing/index.js';
import type { Instant } from '../../src/core/time.js';
import { testPortPool } from '../../src/media/testing.js';
import { createRequest, createResponse, NameAddress, newTag, parseMessage, SDP_CONTENT_TYPE, serializeMessage, type SipMessage, type SipRequest, type SipResponse, SipUri } from '../../src/sip/message/index.js';
import { DigestClient } from '../../src/sip/auth/index.js';
import { SipEndpoint, type ServerTransaction } from '../../src/sip/transaction/index.js';
import { UdpTransport } from '../../src/sip/transport/index.js';
import { LegMedia } from '../../src/calls/media.js';
import { newId } from '../../src/store/index.js';
import type { CallOutcome } from '../../src/store/schema.js';
import { PASSWORD, type TestApp } from '../support/app.js';

/** IVR timeouts short enough for tests. */
export const FAST_IVR = { firstDigitMs: 1500, interDigitMs: 1000, menuChoiceMs: 1500, positionEveryMs: 30_000 };

/** Call control for a test server: the real IVR, RTP on 127.0.0.1 in a private port range. */
export function callSettings(app: TestApp, extra: Partial<CallControlSettings> = {}): CallControlSettings {
  return {
    ctx: app.ctx,
    ivr,
    media: { bindHost: '127.0.0.1', announce: '127.0.0.1', ports: testPortPool(400) },
    ivrTiming: FAST_IVR,
    ...extra,
  };
}

// ---- ports in memory --------------------------------------------------------------------

export interface RecordedCall {
  id: string;
  input: Parameters<CallRecordsPort['begin']>[0];
  legs: { id: string; stepIndex: number; kind: string; personId?: string; ringing?: Instant; answered?: Instant; answeredBy?: string; ended?: Instant; outcome?: string }[];
  end?: { at: Instant; outcome: CallOutcome; endedBy: string };
}

/**
 * A CallRecordsPort that keeps what it was told, for assertions; with `next` (the real call
 * records module) every report is passed on too, under the ids `next` gives.
 */
export class MemoryCallRecords implements CallRecordsPort {
  readonly calls: RecordedCall[] = [];
  private readonly legs = new Map<string, RecordedCall['legs'][number]>();

  constructor(private readonly next?: CallRecordsPort) {}

  async begin(input: Parameters<CallRecordsPort['begin']>[0]): Promise<string> {
    const id = this.next ? await this.next.begin(input) : newId();
    this.calls.push({ id, input, legs: [] });
    return id;
  }

  async stepStarted(callId: string, input: Parameters<CallRecordsPort['stepStarted']>[1]): Promise<string> {
    const call = this.calls.find((c) => c.id === callId);
    assert.ok(call, 'stepStarted for a call that began');
    const id = this.next ? await this.next.stepStarted(callId, input) : newId();
    const leg = { id, stepIndex: input.stepIndex, kind: input.step.kind, ...(input.personId ? { personId: input.personId } : {}) };
    call.legs.push(leg);
    this.legs.set(leg.id, leg);
    return leg.id;
  }

  async legRinging(legId: string, at: Instant): Promise<void> {
    this.legs.get(legId)!.ringing = at;
    await this.next?.legRinging(legId, at);
  }

  async legAnswered(legId: string, at: Instant, answeredBy?: string): Promise<void> {
    const leg = this.legs.get(legId)!;
    leg.answered = at;
    if (answeredBy) leg.answeredBy = answeredBy;
    await this.next?.legAnswered(legId, at, answeredBy);
  }

  async legEnded(legId: string, at: Instant, outcome: string): Promise<void> {
    const leg = this.legs.get(legId)!;
    leg.ended = at;
    leg.outcome = outcome;
    await this.next?.legEnded(legId, at, outcome);
  }

  async end(callId: string, input: { at: Instant; outcome: CallOutcome; endedBy: 'caller' | 'callee' | 'system' }): Promise<void> {
    await this.next?.end(callId, input);
    this.calls.find((c) => c.id === callId)!.end = input;
  }

  /** The last call's record once it has ended (bounded wait). */
  async ended(timeoutMs = 5000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.calls.at(-1);
      if (last?.end) return last;
      if (Date.now() > deadline) throw new Error(`no ended call record in ${timeoutMs} ms: ${JSON.stringify(this.calls.map((c) => c.end?.outcome ?? 'open'))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A voicemail box that records nothing: it answers with a beep-length wait and says "recorded". */
export class MemoryVoicemail implements VoicemailPort {
  readonly left: { call: AnchoredCaller; box: VoicemailBox }[] = [];
  readonly accessed: (string | null)[] = [];

  async leaveMessage(call: AnchoredCaller, box: VoicemailBox): Promise<{ messageId: string | null }> {
    this.left.push({ call, box });
    await new Promise((r) => setTimeout(r, 300));
    return { messageId: call.hangup.aborted ? null : newId() };
  }

  async access(_call: AnchoredCaller, personId: string | null): Promise<void> {
    this.accessed.push(personId);
  }
}

/** A trunk to one operator address, trusted by source address; every number goes there. */
export class StaticTrunk implements TrunkPort {
  readonly routed: string[] = [];
  /** The operator's further servers (RFC 3263 4.3), as a test sets them. */
  alternates: { address: string; port: number }[] = [];

  constructor(
    private readonly tenantId: string,
    private readonly operator: { address: string; port: number },
    private readonly credentials: TrunkRoute['credentials'] = null,
  ) {}

  async identifyInbound(request: { sourceAddress: string; sourcePort: number; requestUri: string; to: string; from: string; callId: string }) {
    if (request.sourceAddress !== this.operator.address || request.sourcePort !== this.operator.port) return undefined;
    const dialled = /sip:([^@;>]+)@/.exec(request.requestUri)?.[1] ?? '';
    const caller = /sip:([^@;>]+)@/.exec(request.from)?.[1] ?? 'anonymous';
    return { tenantId: this.tenantId, trunkId: 'test-trunk', dialled, callerNumber: caller };
  }

  async outboundRoute(_tenantId: string, number: string): Promise<TrunkRoute | undefined> {
    this.routed.push(number);
    const host = `${this.operator.address}:${this.operator.port}`;
    return {
      trunkId: 'test-trunk',
      target: { transport: 'UDP', address: this.operator.address, port: this.operator.port },
      alternates: this.alternates.map((a) => ({ transport: 'UDP' as const, ...a })),
      requestUri: `sip:${number}@${host}`,
      fromUri: `sip:+46846500400@${host}`,
      credentials: this.credentials,
    };
  }
}

/** A queue whose logged-in operators (`agents`) are offered the call in turn; none: overflow at once. */
export class MemoryQueue implements QueuePort {
  readonly entries: { entry: QueueEntryInput; left?: unknown; missed: string[] }[] = [];

  constructor(public agents: string[] = []) {}

  join(entry: QueueEntryInput): QueueMembership {
    const record: { entry: QueueEntryInput; left?: unknown; missed: string[] } = { entry, missed: [] };
    this.entries.push(record);
    let next = 0;
    return {
      position: () => 1,
      nextAgent: async (signal) => {
        if (signal.aborted || this.agents.length === 0) return null;
        const personId = this.agents[next++ % this.agents.length]!;
        return { personId };
      },
      agentMissed: (personId) => record.missed.push(personId),
      leave: (outcome) => {
        record.left = outcome;
      },
    };
  }
}

// ---- a raw phone ----------------------------------------------------------------------------

/** An SDP offer or answer for a raw phone that listens for RTP on `port`. */
export function phoneSdp(port: number, direction = 'sendrecv'): string {
  return ['v=0', `o=- 1 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', `a=${direction}`, ''].join('\r\n');
}

/** A phone as a UDP socket: what arrived, and a bounded wait for the next match. */
export class RawPhone {
  readonly got: { msg: SipMessage; from: RemoteInfo }[] = [];
  private wake: (() => void)[] = [];

  constructor(
    readonly sock: Socket,
    readonly port: number,
  ) {
    sock.on('message', (buf, from) => {
      const m = parseMessage(buf);
      if (!m.ok) return;
      this.got.push({ msg: m.value, from });
      this.wake.splice(0).forEach((w) => w());
    });
  }

  static async open(): Promise<RawPhone> {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    return new RawPhone(sock, sock.address().port);
  }

  send(msg: SipMessage, port: number): void {
    this.sock.send(serializeMessage(msg), port, '127.0.0.1');
  }

  async next<T extends SipMessage>(pred: (m: SipMessage) => m is T, what: string, timeoutMs = 3000): Promise<{ msg: T; from: RemoteInfo }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.got.findIndex((g) => pred(g.msg));
      if (i >= 0) return this.got.splice(i, 1)[0] as { msg: T; from: RemoteInfo };
      if (Date.now() > deadline) throw new Error(`no ${what}; got ${this.got.map((g) => (g.msg.kind === 'request' ? g.msg.method : g.msg.status)).join(', ')}`);
      await new Promise<void>((r) => {
        this.wake.push(r);
        setTimeout(r, 100);
      });
    }
  }

  request(method: string, callId?: string, timeoutMs?: number) {
    return this.next((m): m is SipRequest => m.kind === 'request' && m.method === method && (callId === undefined || m.callId === callId), method, timeoutMs);
  }

  response(callId: string, seq: number, final = true, timeoutMs?: number) {
    return this.next((m): m is SipResponse => m.kind === 'response' && m.callId === callId && m.cseq.seq === seq && (!final || m.status >= 200), `response to ${seq}`, timeoutMs);
  }

  close(): void {
    this.sock.close();
  }
}

/**
 * Requests and answers of raw phones towards one test server (its port and the tenant's SIP
 * domain are read when used): INVITEs carry the phone's SDP, the 401 is answered with the
 * test password, answers carry a Contact and optionally SDP.
 */
export class RawSip {
  constructor(
    private readonly serverPort: () => number,
    private readonly realm: () => string,
  ) {}

  build = (phone: RawPhone, method: string, from: string, to: string, callId: string, cseq: number, headers: [string, string][] = []): SipRequest => {
    const port = this.serverPort();
    const f = new NameAddress(new SipUri({ user: from, host: this.realm() }));
    f.tag = 'tag-' + from;
    const req = createRequest({
      method, uri: method === 'REGISTER' ? `sip:127.0.0.1:${port}` : `sip:${to}@127.0.0.1:${port}`, from: f,
      to: new NameAddress(new SipUri({ user: to, host: this.realm() })), callId, cseq, headers,
      contact: new NameAddress(new SipUri({ user: from, host: '127.0.0.1', port: phone.port })),
    });
    this.viaFor(phone, req);
    if (method === 'INVITE') {
      req.body = Buffer.from(phoneSdp(phone.port + 1000));
      req.headers.set('Content-Type', 'application/sdp');
    }
    return req;
  };

  /** Sends a request and answers its 401 once; returns the request that carries the credentials. */
  sendAuthed = async (phone: RawPhone, ext: string, req: SipRequest): Promise<SipRequest> => {
    phone.send(req, this.serverPort());
    const first = (await phone.response(req.callId, req.cseq.seq)).msg;
    if (req.method === 'INVITE') phone.send(this.ack(req, first), this.serverPort());
    assert.equal(first.status, 401);
    const auth = new DigestClient({ username: ext, password: PASSWORD }).authorize({ challenge: first.headers.getAll('WWW-Authenticate'), method: req.method, uri: req.uri.toString() });
    assert.ok(auth.ok);
    const again = this.build(phone, req.method, ext, req.to.uri.kind === 'sip' ? req.to.uri.user ?? '' : '', req.callId, req.cseq.seq + 1, [['Authorization', auth.value]]);
    again.body = req.body;
    phone.send(again, this.serverPort());
    return again;
  };

  /** Sends a request through the challenge; the request that got through and its final response. */
  authed = async (phone: RawPhone, ext: string, req: SipRequest): Promise<{ req: SipRequest; res: SipResponse }> => {
    const again = await this.sendAuthed(phone, ext, req);
    return { req: again, res: (await phone.response(again.callId, again.cseq.seq, true, 10_000)).msg };
  };

  /** ACK for a non-2xx (17.1.1.3): same branch, the response's To. */
  ack = (invite: SipRequest, res: SipResponse): SipRequest => {
    const r = createRequest({ method: 'ACK', uri: invite.uri, from: invite.from, to: res.to, callId: invite.callId, cseq: invite.cseq.seq });
    r.headers.prepend('Via', invite.headers.getAll('Via')[0]!);
    return r;
  };

  answer = (phone: RawPhone, req: SipRequest, from: RemoteInfo, status: number, tag: string, sdp?: string): SipResponse => {
    const res = createResponse(req, status);
    if (req.to.tag === undefined) res.setToTag(tag);
    res.headers.append('Contact', `<sip:x@127.0.0.1:${phone.port}>`);
    if (sdp) {
      res.body = Buffer.from(sdp);
      res.headers.set('Content-Type', 'application/sdp');
    }
    phone.sock.send(serializeMessage(res), from.port, from.address);
    return res;
  };

  viaFor = (phone: RawPhone, req: SipRequest): SipRequest => {
    req.headers.prepend('Via', `SIP/2.0/UDP 127.0.0.1:${phone.port};branch=z9hG4bK${newTag()};rport`);
    return req;
  };
}

export interface TestOperatorOptions {
  /** What the network plays before the answer (183 with SDP): an announcement or ringback. */
  early: Int16Array;
  /** After it: a final failure status (404: "numret saknar abonnent"), or 'answer' (200, same SDP). */
  then: number | 'answer';
  /** Played once answered. */
  answered?: Int16Array;
}

/**
 * An operator's network as a trunk sees it, on our own SIP stack and RTP sessions on
 * 127.0.0.1: an INVITE gets 183 Session Progress with SDP and the early audio, then the final
 * answer the test asked for. REGISTER gets 200; BYE ends the call.
 */
export class TestOperator {
  readonly invites: SipRequest[] = [];
  private readonly media = new Set<LegMedia>();

  private constructor(
    private readonly endpoint: SipEndpoint,
    private readonly opts: TestOperatorOptions,
  ) {
    endpoint.user = { onRequest: (tx) => void this.onRequest(tx) };
  }

  static async start(opts: TestOperatorOptions): Promise<TestOperator> {
    const udp = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
    return new TestOperator(new SipEndpoint({ transports: [udp], user: { onRequest: () => undefined } }), opts);
  }

  get port(): number {
    return this.endpoint.transport('UDP')!.local.port;
  }

  async close(): Promise<void> {
    await Promise.all([...this.media].map((m) => m.close()));
    await this.endpoint.close();
  }

  private async onRequest(tx: ServerTransaction): Promise<void> {
    const req = tx.request;
    if (req.method === 'REGISTER' || req.method === 'BYE') {
      tx.respond(tx.createResponse(200));
      return;
    }
    if (req.method !== 'INVITE' || req.to.tag !== undefined) {
      tx.respond(tx.createResponse(req.method === 'INVITE' ? 488 : 405));
      return;
    }
    this.invites.push(req);
    const media = await LegMedia.open({ bindHost: '127.0.0.1', announce: '127.0.0.1', ports: operatorPorts });
    this.media.add(media);
    const sdp = media.answer(req.body);
    if (!sdp.ok) {
      tx.respond(tx.createResponse(488));
      return;
    }
    const withSdp = (status: number) => {
      const res = tx.createResponse(status);
      res.headers.append('Contact', `<sip:operator@127.0.0.1:${this.port}>`);
      res.headers.set('Content-Type', SDP_CONTENT_TYPE);
      res.body = Buffer.from(sdp.value);
      return res;
    };
    tx.respond(withSdp(183));
    await media.session.play([this.opts.early]).finished;
    if (this.opts.then === 'answer') {
      tx.respond(withSdp(200));
      if (this.opts.answered) await media.session.play([this.opts.answered]).finished;
    } else {
      tx.respond(tx.createResponse(this.opts.then));
    }
  }
}

const operatorPorts = testPortPool();
