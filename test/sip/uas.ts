// A minimal UAS on our transaction layer, for SIPp and the bench: INVITE gets 200 with an
// SDP answer, ACK confirms, BYE ends the call, OPTIONS gets 200. It keeps just enough call
// state to answer BYE with 200 or 481 and to end a call whose 2xx was never acknowledged.
import {
  createRequest,
  MediaType,
  NameAddress,
  type SipRequest,
  type SipResponse,
} from '../../src/sip/message/index.js';
import { type ServerTransaction, SipEndpoint, type TimerSettings } from '../../src/sip/transaction/index.js';
import { targetFromUri, TcpTransport, type TransportProtocol, UdpTransport } from '../../src/sip/transport/index.js';

export interface UasOptions {
  address?: string;
  /** 0 (default) picks a free port. */
  udpPort?: number;
  /** 0 (default) picks a free port; null: no TCP. */
  tcpPort?: number | null;
  timers?: Partial<TimerSettings>;
}

interface Call {
  /** Our tag (To in their requests). */
  tag: string;
  /** The INVITE, for the BYE we send when no ACK comes (13.3.1.4). */
  invite: SipRequest;
  confirmed: boolean;
  transport: TransportProtocol;
}

export interface UasStats {
  invites: number;
  answered: number;
  acks: number;
  byes: number;
  options: number;
  unknownDialogs: number;
  ackTimeouts: number;
  byesSent: number;
}

/** What the bench reads from the UAS process. */
export interface UasUsage {
  /** CPU microseconds, user + system, since the process started. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  transactions: number;
  pendingAnswers: number;
  activeCalls: number;
  retransmissions: number;
}

const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS';

export class MinimalUas {
  readonly endpoint: SipEndpoint;
  readonly stats: UasStats = { invites: 0, answered: 0, acks: 0, byes: 0, options: 0, unknownDialogs: 0, ackTimeouts: 0, byesSent: 0 };
  private readonly calls = new Map<string, Call>();
  private readonly sdp: Buffer;
  private readonly contacts: Partial<Record<TransportProtocol, string>> = {};

  private constructor(endpoint: SipEndpoint, address: string) {
    this.endpoint = endpoint;
    endpoint.user = {
      onRequest: (tx) => this.onRequest(tx),
      onAck: (ack) => this.onAck(ack),
      onAckTimeout: (response, invite) => this.onAckTimeout(response, invite),
    };
    for (const t of endpoint.transports) this.contacts[t.protocol] = new NameAddress(endpoint.contactUri(t.protocol, 'uas')).toString();
    // One answer for every call: audio, PCMU, a port nobody listens on (no media here).
    this.sdp = Buffer.from(
      ['v=0', `o=- 1 1 IN IP4 ${address}`, 's=Oppen Vaxel', `c=IN IP4 ${address}`, 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n'),
    );
  }

  static async start(opts: UasOptions = {}): Promise<MinimalUas> {
    const address = opts.address ?? '127.0.0.1';
    const udp = await UdpTransport.listen({ address, port: opts.udpPort ?? 0 });
    const transports: (UdpTransport | TcpTransport)[] = [udp];
    if (opts.tcpPort !== null) transports.push(await TcpTransport.listen({ address, port: opts.tcpPort ?? 0 }));
    const endpoint = new SipEndpoint({ transports, user: { onRequest: () => undefined }, timers: opts.timers });
    return new MinimalUas(endpoint, address);
  }

  port(protocol: TransportProtocol = 'UDP'): number {
    const t = this.endpoint.transport(protocol);
    if (!t) throw new Error(`no ${protocol} transport`);
    return t.local.port;
  }

  /** Calls that are set up and not yet ended. */
  get activeCalls(): number {
    return this.calls.size;
  }

  close(): Promise<void> {
    return this.endpoint.close();
  }

  /** CPU time and memory of this process, and the layer's live state. */
  usage(): UasUsage {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    return {
      cpuMicros: cpu.user + cpu.system,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      transactions: this.endpoint.transactionCount,
      pendingAnswers: this.endpoint.pendingAnswers,
      activeCalls: this.calls.size,
      retransmissions: this.endpoint.metrics().retransmissions,
    };
  }

  private onRequest(tx: ServerTransaction): void {
    const req = tx.request;
    switch (req.method) {
      case 'INVITE':
        return this.onInvite(tx);
      case 'BYE':
        return this.onBye(tx);
      case 'OPTIONS': {
        this.stats.options++;
        const res = tx.createResponse(200);
        res.headers.append('Allow', ALLOW);
        res.headers.append('Accept', 'application/sdp');
        tx.respond(res);
        return;
      }
      default: {
        const res = tx.createResponse(405);
        res.headers.append('Allow', ALLOW);
        tx.respond(res);
      }
    }
  }

  private onInvite(tx: ServerTransaction): void {
    this.stats.invites++;
    const req = tx.request;
    const callId = req.callId;
    const toTag = req.to.tag;
    const existing = this.calls.get(callId);
    if (toTag !== undefined && existing?.tag !== toTag) {
      // a re-INVITE for a dialog we do not know (12.2.2)
      this.stats.unknownDialogs++;
      tx.respond(tx.createResponse(481));
      return;
    }
    const res = tx.createResponse(200);
    const transport = tx.source?.transport ?? 'UDP';
    res.headers.append('Contact', this.contacts[transport] ?? '');
    res.headers.append('Allow', ALLOW);
    res.contentType = SDP;
    res.body = this.sdp;
    this.calls.set(callId, existing ?? { tag: tx.localTag, invite: req, confirmed: false, transport });
    this.stats.answered++;
    tx.respond(res);
  }

  private onAck(ack: SipRequest): void {
    this.stats.acks++;
    const call = this.calls.get(ack.callId);
    if (call) call.confirmed = true;
  }

  private onBye(tx: ServerTransaction): void {
    this.stats.byes++;
    const callId = tx.request.callId;
    const call = this.calls.get(callId);
    if (!call || tx.request.to.tag !== call.tag) {
      this.stats.unknownDialogs++;
      tx.respond(tx.createResponse(481));
      return;
    }
    this.calls.delete(callId);
    // A BYE that overtook a lost ACK: the 2xx need not be repeated any longer.
    this.endpoint.stopAnswer(callId);
    tx.respond(tx.createResponse(200));
  }

  /** 13.3.1.4: no ACK in 64*T1, "the session SHOULD be terminated [...] with a BYE". */
  private onAckTimeout(response: SipResponse, invite: SipRequest): void {
    this.stats.ackTimeouts++;
    const call = this.calls.get(invite.callId);
    if (!call) return;
    this.calls.delete(invite.callId);
    const remote = invite.contact[0];
    if (!remote) return;
    const target = targetFromUri(remote.uri, undefined, call.transport);
    if (!target.ok) return;
    const from = response.to.clone();
    const bye = createRequest({
      method: 'BYE',
      uri: remote.uri,
      from,
      to: invite.from,
      callId: invite.callId,
      cseq: 1,
      contact: new NameAddress(this.endpoint.contactUri(call.transport, 'uas')),
    });
    this.stats.byesSent++;
    this.endpoint.request(bye, target.value, { onResponse: () => undefined });
  }
}

const SDP = new MediaType('application', 'sdp');
