// The transaction layer (RFC 3261 17) of a user agent: it owns the transports, creates and
// indexes transactions, matches what arrives to them (17.1.3, 17.2.3), passes new requests
// to the TU, answers CANCEL (9.2), and retransmits 2xx answers until their ACK (13.3.1.4).
import { DomainError } from '../../core/errors.js';
import {
  createResponse,
  newBranch,
  newTag,
  serializeMessage,
  type SipRequest,
  type SipResponse,
  SipUri,
  Via,
} from '../message/index.js';
import {
  isReliable,
  newTransportMetrics,
  reasonFor,
  responseTarget,
  type Inbound,
  type Source,
  type Target,
  type Transport,
  TransportError,
  type TransportMetrics,
  type TransportProtocol,
} from '../transport/index.js';
import { type ClientTransaction, type ClientTransactionUser } from './client.js';
import { InviteClientTransaction } from './invite-client.js';
import { InviteServerTransaction } from './invite-server.js';
import { clientKey, responseKey, serverKey } from './matching.js';
import { NonInviteClientTransaction } from './non-invite-client.js';
import { NonInviteServerTransaction } from './non-invite-server.js';
import { createCancel } from './requests.js';
import { type ServerTransaction, type ServerTransactionUser } from './server.js';
import { realScheduler, type Scheduler, type TimerSettings, timerSettings } from './timers.js';
import { type Channel, newTransactionStats, type Transaction, type TransactionContext, type TransactionStats } from './transaction.js';
import { AnswerRetransmitter } from './uas-core.js';

/** The transaction user above the layer: a UAS core, call control, a registrar. */
export interface EndpointUser {
  /**
   * A new request (not ACK, not CANCEL) with its server transaction. Answer with
   * tx.respond(tx.createResponse(...)); an INVITE gets 100 Trying after 200 ms meanwhile.
   * If this throws before a final response, the layer answers 500.
   */
  onRequest(tx: ServerTransaction): void;
  /** An ACK for a 2xx (its own transaction, 17): the 2xx retransmission has stopped. */
  onAck?(ack: SipRequest, source: Source): void;
  /** A CANCEL matched a pending INVITE. Unless the TU answers it now, the layer sends 487 (9.2). */
  onCancel?(invite: InviteServerTransaction, cancel: SipRequest): void;
  /** A 2xx got no ACK in 64*T1: "the session SHOULD be terminated" with a BYE (13.3.1.4). */
  onAckTimeout?(response: SipResponse, invite: SipRequest): void;
  /** Timer H (no ACK for a non-2xx answer), a response that could not be sent, and the like. */
  onServerFailure?(tx: ServerTransaction, reason: 'timeout' | 'transport', error?: Error): void;
}

export interface EndpointOptions {
  transports: Transport[];
  user: EndpointUser;
  timers?: Partial<TimerSettings>;
  scheduler?: Scheduler;
  /**
   * RFC 3261 18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger
   * than 1300 bytes and the path MTU is unknown, the request MUST be sent using an RFC 2914
   * congestion controlled transport protocol, such as TCP." Requests larger than this go
   * over TCP when we have a TCP transport and the request does not forbid it (default 1300).
   */
  mtuLimit?: number;
  /** An INVITE the TU has not answered after this long gets 500 (default 10 min; 0 = never). */
  inviteAnswerLimitMs?: number;
  /**
   * 18.1.2: "If the value of the sent-by parameter in that header field value does not
   * correspond to a value that the client transport is configured to insert into requests,
   * the response MUST be silently discarded." Default true.
   */
  checkSentBy?: boolean;
}

export interface RequestOptions {
  /** May a request larger than mtuLimit move from UDP to TCP (18.1.1)? Default true; false for peers without TCP. */
  allowTcp?: boolean;
}

/** Counters of the layer (they only grow) and the live transaction counts. */
export interface EndpointMetrics extends TransactionStats {
  transactions: { inviteClient: number; nonInviteClient: number; inviteServer: number; nonInviteServer: number };
  /** 2xx answers still waiting for their ACK. */
  pendingAnswers: number;
  answerRetransmissions: number;
  /** ACKs for 2xx that stopped no retransmission (retransmitted ACKs, late ACKs). */
  unmatchedAcks: number;
  /** Responses matching no client transaction, discarded (RFC 3261 18.1.2 as updated by RFC 6026). */
  strayResponses: number;
  /** Responses whose top Via is not ours (18.1.2) or with more than one Via (8.1.3.3). */
  foreignResponses: number;
  /** Requests with defects answered 400 (or dropped when they are ACKs or lack a Via). */
  badRequests: number;
  /** CANCELs that matched no INVITE: 481. */
  unmatchedCancels: number;
  /** Requests that went over TCP instead of UDP because of their size (18.1.1). */
  mtuSwitches: number;
  /** Exceptions thrown by the TU's callbacks. */
  userErrors: number;
  transports: Partial<Record<TransportProtocol, TransportMetrics>>;
}

export class SipEndpoint {
  readonly transports: readonly Transport[];
  readonly timers: TimerSettings;
  readonly scheduler: Scheduler;
  user: EndpointUser;
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly answers: AnswerRetransmitter;
  private readonly stats = newTransactionStats();
  private readonly counters = {
    unmatchedAcks: 0,
    strayResponses: 0,
    foreignResponses: 0,
    badRequests: 0,
    unmatchedCancels: 0,
    mtuSwitches: 0,
    userErrors: 0,
  };
  private readonly mtuLimit: number;
  private readonly inviteAnswerLimitMs: number;
  private readonly checkSentBy: boolean;
  private readonly sentBys: Set<string>;
  private readonly targets = new WeakMap<ClientTransaction, Target>();
  private readonly cancelWhenProvisional = new Set<InviteClientTransaction>();
  private readonly cancelUsers = new WeakMap<ClientTransaction, ClientTransactionUser>();
  private readonly serverUser: ServerTransactionUser;
  private closed = false;

  constructor(opts: EndpointOptions) {
    if (opts.transports.length === 0) throw new RangeError('SipEndpoint needs at least one transport');
    this.transports = opts.transports;
    this.user = opts.user;
    this.timers = timerSettings(opts.timers);
    this.scheduler = opts.scheduler ?? realScheduler;
    this.mtuLimit = opts.mtuLimit ?? 1300;
    this.inviteAnswerLimitMs = opts.inviteAnswerLimitMs ?? 600_000;
    this.checkSentBy = opts.checkSentBy ?? true;
    this.answers = new AnswerRetransmitter(this.scheduler, this.timers);
    this.sentBys = new Set(this.transports.map((t) => sentByKey(t.advertised.host, t.advertised.port)));
    this.serverUser = this.makeServerUser();
    for (const t of this.transports) t.onMessage((inbound) => this.receive(inbound, t));
  }

  /** Live transactions: every one ends and is removed (tests assert this drops to zero). */
  get transactionCount(): number {
    return this.clients.size + this.servers.size;
  }

  /** 2xx answers waiting for their ACK. */
  get pendingAnswers(): number {
    return this.answers.size;
  }

  /** The first transport of a protocol (matching the address family of `address` when given). */
  transport(protocol: TransportProtocol, address?: string): Transport | undefined {
    const v6 = address?.includes(':');
    let first: Transport | undefined;
    for (const t of this.transports) {
      if (t.protocol !== protocol) continue;
      first ??= t;
      if (v6 === undefined || t.local.address.includes(':') === v6) return t;
    }
    return first;
  }

  /** A URI for Contact headers: sip:user@host:port, with ;transport= for other than UDP. */
  contactUri(protocol: TransportProtocol = 'UDP', user?: string): SipUri {
    const t = this.transport(protocol);
    if (!t) throw new RangeError(`no ${protocol} transport`);
    const uri = new SipUri({ user, host: t.advertised.host, port: t.advertised.port });
    if (protocol !== 'UDP') uri.params.set('transport', protocol.toLowerCase());
    return uri;
  }

  // ---- client side -------------------------------------------------------------------

  /**
   * Sends a request in a new client transaction and returns it. A request without a Via
   * gets ours (new branch, rport per RFC 3581 3); one that has a Via keeps it (a CANCEL).
   * Send ACK for a 2xx with sendAck: it is not a transaction (17).
   */
  request(request: SipRequest, target: Target, user: ClientTransactionUser, opts: RequestOptions = {}): ClientTransaction {
    if (request.method === 'ACK') throw new RangeError('an ACK for a 2xx is sent with sendAck(), not in a transaction');
    if (this.closed) throw new RangeError('SipEndpoint is closed');
    let dest = target;
    if (!request.headers.has('Via')) this.addVia(request, dest.transport);
    if (dest.transport === 'UDP' && opts.allowTcp !== false && this.transport('TCP', dest.address)) {
      if (serializeMessage(request).length > this.mtuLimit) {
        // 18.1.1: "If this causes a change in the transport protocol from the one indicated
        // in the top Via, the value in the top Via MUST be changed." The branch stays.
        dest = { transport: 'TCP', address: dest.address, port: dest.port };
        this.replaceTopVia(request, 'TCP');
        this.counters.mtuSwitches++;
      }
    }
    const channel = this.channelTo(dest);
    const key = clientKey(request.via[0]?.branch ?? '', request.method);
    const ctx = this.context(() => {
      if (this.clients.get(key) === tx) this.clients.delete(key);
      if (tx instanceof InviteClientTransaction) this.cancelWhenProvisional.delete(tx);
    });
    const tuUser = this.guardClientUser(user);
    let tx: ClientTransaction;
    if (request.method === 'INVITE') {
      // A CANCEL asked for before any provisional response goes out with the first one (9.1).
      const inner: ClientTransactionUser = {
        ...tuUser,
        onResponse: (response, t) => {
          const invite = t as InviteClientTransaction;
          if (response.status < 200 && this.cancelWhenProvisional.delete(invite)) this.sendCancel(invite);
          tuUser.onResponse(response, t);
        },
      };
      tx = new InviteClientTransaction(request, channel, ctx, inner);
    } else {
      tx = new NonInviteClientTransaction(request, channel, ctx, tuUser);
    }
    // The constructor only hands the request to the transport; nothing can answer before
    // this line runs, since transports deliver on a later turn of the event loop.
    if (tx.state !== 'terminated') this.clients.set(key, tx);
    this.targets.set(tx, dest);
    return tx;
  }

  /**
   * Sends an ACK for a 2xx (13.2.2.4) outside any transaction. A first ACK gets our Via with
   * a new branch; sending the same request object again (for a retransmitted 2xx, which the
   * Accepted INVITE transaction passes up, RFC 6026) repeats it unchanged.
   */
  sendAck(ack: SipRequest, target: Target): Promise<void> {
    if (!ack.headers.has('Via')) this.addVia(ack, target.transport);
    return this.channelTo(target).send(serializeMessage(ack));
  }

  /**
   * Cancels a pending INVITE (9.1): the CANCEL goes to the INVITE's target in its own
   * non-INVITE transaction, at once if a provisional response has arrived, else as soon as
   * one does ("a CANCEL request SHOULD NOT be sent [...] until a provisional response").
   */
  cancel(tx: ClientTransaction, user: ClientTransactionUser = { onResponse: () => undefined }): void {
    if (!(tx instanceof InviteClientTransaction)) throw new RangeError('only an INVITE can be cancelled');
    if (tx.state === 'calling') {
      this.cancelUsers.set(tx, user);
      this.cancelWhenProvisional.add(tx);
      tx.cancelled();
    } else if (tx.state === 'proceeding') {
      this.cancelUsers.set(tx, user);
      this.sendCancel(tx);
    }
  }


  private sendCancel(tx: InviteClientTransaction): void {
    const target = this.targets.get(tx);
    if (!target || tx.state !== 'proceeding') return;
    tx.cancelled();
    this.request(createCancel(tx.request), target, this.cancelUsers.get(tx) ?? { onResponse: () => undefined });
  }

  // ---- server side -------------------------------------------------------------------

  /** Stops retransmitting 2xx answers of a call, e.g. when its BYE arrived before the ACK. */
  stopAnswer(callId: string, seq?: number): boolean {
    return this.answers.stop(callId, seq);
  }

  private receive(inbound: Inbound, transport: Transport): void {
    if (this.closed) return;
    const m = inbound.message;
    if (m.kind === 'response') this.receiveResponse(m);
    else this.receiveRequest(m, inbound.source, transport);
  }

  private receiveResponse(response: SipResponse): void {
    const vias = response.typed('via');
    const top = vias.ok ? vias.value[0] : undefined;
    // 8.1.3.3: "If more than one Via header field value is present in a response, the UAC
    // SHOULD discard the message." 18.1.2: a sent-by we do not insert: discard.
    if (!vias.ok || !top || vias.value.length > 1 || (this.checkSentBy && !this.sentBys.has(sentByKey(top.host, top.port ?? 5060)))) {
      this.counters.foreignResponses++;
      return;
    }
    const key = responseKey(response);
    const tx = key === undefined ? undefined : this.clients.get(key);
    if (!tx) {
      // RFC 3261 18.1.2 as updated by RFC 6026: a response that matches no transaction is
      // discarded by anything but a stateless proxy; 2xx retransmissions still match the
      // Accepted INVITE client transaction for 64*T1.
      this.counters.strayResponses++;
      return;
    }
    tx.receiveResponse(response);
  }

  private receiveRequest(request: SipRequest, source: Source, transport: Transport): void {
    const defect = request.defects[0];
    if (defect) {
      // RFC 3261 8.2, RFC 4475: a request the parser could read but that breaks a rule
      // (missing or repeated mandatory header, CSeq method mismatch) gets 400 saying why.
      this.counters.badRequests++;
      if (request.method !== 'ACK') this.replyStateless(request, source, transport, 400, reasonFor(400, defect));
      return;
    }
    const key = serverKey(request);
    if (key === undefined) {
      this.counters.badRequests++;
      return;
    }
    const existing = this.servers.get(key);
    if (existing) {
      existing.receiveRequest(request);
      return;
    }
    if (request.method === 'ACK') {
      this.receiveAck(request, source);
      return;
    }
    if (request.method === 'CANCEL') {
      this.receiveCancel(request, key, source, transport);
      return;
    }
    const tx = this.newServer(request, key, source, transport);
    try {
      this.user.onRequest(tx);
    } catch {
      this.counters.userErrors++;
      if (!tx.finalResponse && tx.state !== 'terminated') tx.respond(tx.createResponse(500));
    }
  }

  /** An ACK for a 2xx: its own transaction, passed to the TU (17; 13.3.1.4). */
  private receiveAck(ack: SipRequest, source: Source): void {
    const cseq = ack.typed('cseq');
    const callId = ack.typed('call-id');
    if (!cseq.ok || !callId.ok || !this.answers.ack(callId.value, cseq.value.seq)) this.counters.unmatchedAcks++;
    this.callUser(() => this.user.onAck?.(ack, source));
  }

  /**
   * 9.2: "If the UAS did not find a matching transaction for the CANCEL according to the
   * procedure above, it SHOULD respond to the CANCEL with a 481". Otherwise "the UAS answers
   * the CANCEL request itself with a 200 (OK) response" and, while the INVITE has no final
   * response, "the UAS SHOULD immediately respond to the INVITE with a 487".
   */
  private receiveCancel(cancel: SipRequest, key: string, source: Source, transport: Transport): void {
    const tx = this.newServer(cancel, key, source, transport);
    const invite = this.servers.get(serverKey(cancel, 'INVITE') ?? '');
    if (!(invite instanceof InviteServerTransaction)) {
      this.counters.unmatchedCancels++;
      tx.respond(tx.createResponse(481));
      return;
    }
    // "The To tag of the response to the CANCEL [...] SHOULD be the same as the To tag in
    // the response to the original request" (9.2).
    const ok = createResponse(cancel, 200);
    if (cancel.to.tag === undefined) ok.setToTag(invite.localTag);
    tx.respond(ok);
    if (invite.state !== 'proceeding') return;
    this.callUser(() => this.user.onCancel?.(invite, cancel));
    if (invite.state === 'proceeding') invite.respond(invite.createResponse(487));
  }

  private newServer(request: SipRequest, key: string, source: Source, transport: Transport): ServerTransaction {
    const topVia = request.via[0];
    const target = topVia ? responseTarget(topVia, source) : undefined;
    const fallback: Target = { transport: source.transport, address: source.address, port: source.port };
    const channel: Channel = {
      reliable: transport.reliable,
      send: target ? (bytes) => transport.send(target, bytes) : () => Promise.reject(new TransportError('no route for the response', fallback)),
    };
    const ctx = this.context(() => {
      if (this.servers.get(key) === tx) this.servers.delete(key);
    });
    const tx: ServerTransaction =
      request.method === 'INVITE'
        ? new InviteServerTransaction(request, channel, ctx, this.serverUser, source, { answerLimitMs: this.inviteAnswerLimitMs })
        : new NonInviteServerTransaction(request, channel, ctx, this.serverUser, source, { answerLimitMs: 64 * this.timers.t1 });
    this.servers.set(key, tx);
    return tx;
  }

  private makeServerUser(): ServerTransactionUser {
    return {
      onAccepted: (tx, response) => {
        const cseq = response.cseq;
        this.answers.start(
          response.callId,
          cseq.seq,
          () => (tx as InviteServerTransaction).retransmitAnswer(),
          () => this.callUser(() => this.user.onAckTimeout?.(response, tx.request)),
        );
      },
      onAck: (tx, ack) => this.receiveAck(ack, tx.source ?? ackSourceUnknown),
      onTimeout: (tx) => this.callUser(() => this.user.onServerFailure?.(tx, 'timeout')),
      onTransportError: (error, tx) => this.callUser(() => this.user.onServerFailure?.(tx, 'transport', error)),
    };
  }

  /** A stateless answer to a request that gets no transaction (a 400 for defects). */
  private replyStateless(request: SipRequest, source: Source, transport: Transport, status: number, reason: string): void {
    try {
      const response = createResponse(request, status, reason);
      const to = request.typed('to');
      if (to.ok && to.value.tag === undefined) response.setToTag(newTag());
      const top = request.typed('via');
      const target = top.ok && top.value[0] ? responseTarget(top.value[0], source) : undefined;
      transport.send(target ?? { transport: source.transport, address: source.address, port: source.port, connectionId: source.connectionId }, serializeMessage(response)).catch(() => undefined);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }

  // ---- shared ------------------------------------------------------------------------

  private context(onTerminated: (tx: Transaction) => void): TransactionContext {
    return { scheduler: this.scheduler, timers: this.timers, stats: this.stats, onTerminated };
  }

  private channelTo(target: Target): Channel {
    const transport = this.transport(target.transport, target.address);
    if (!transport) {
      return {
        reliable: isReliable(target.transport),
        send: () => Promise.reject(new TransportError(`no ${target.transport} transport`, target)),
      };
    }
    return { reliable: transport.reliable, send: (bytes) => transport.send(target, bytes) };
  }

  /** 8.1.1.7 and 18.1.1: our Via with a new branch, sent-by as advertised, and rport (RFC 3581 3). */
  private addVia(request: SipRequest, protocol: TransportProtocol): void {
    const t = this.transport(protocol) ?? this.transports[0];
    const via = new Via({ transport: protocol, host: t?.advertised.host ?? '127.0.0.1', port: t?.advertised.port, branch: newBranch(), rport: true });
    request.headers.prepend('Via', via.toString());
  }

  private replaceTopVia(request: SipRequest, protocol: TransportProtocol): void {
    const top = request.topVia;
    const t = this.transport(protocol);
    if (!top || !t) return;
    const via = top.clone();
    via.transport = protocol;
    via.host = t.advertised.host;
    via.port = t.advertised.port;
    request.setTopVia(via);
  }

  /** TU callbacks must not break the layer: exceptions are counted and dropped. */
  private callUser(f: () => void): void {
    try {
      f();
    } catch {
      this.counters.userErrors++;
    }
  }

  private guardClientUser(user: ClientTransactionUser): ClientTransactionUser {
    const guarded: ClientTransactionUser = {
      onResponse: (r, tx) => this.callUser(() => user.onResponse(r, tx)),
    };
    if (user.onTimeout) guarded.onTimeout = (tx) => this.callUser(() => user.onTimeout?.(tx));
    if (user.onTransportError) guarded.onTransportError = (e, tx) => this.callUser(() => user.onTransportError?.(e, tx));
    if (user.onTerminated) guarded.onTerminated = (tx) => this.callUser(() => user.onTerminated?.(tx));
    return guarded;
  }

  metrics(): EndpointMetrics {
    const transactions = { inviteClient: 0, nonInviteClient: 0, inviteServer: 0, nonInviteServer: 0 };
    for (const tx of this.clients.values()) {
      if (tx.kind === 'invite-client') transactions.inviteClient++;
      else transactions.nonInviteClient++;
    }
    for (const tx of this.servers.values()) {
      if (tx.kind === 'invite-server') transactions.inviteServer++;
      else transactions.nonInviteServer++;
    }
    const transports: Partial<Record<TransportProtocol, TransportMetrics>> = {};
    for (const t of this.transports) {
      const sum = (transports[t.protocol] ??= newTransportMetrics());
      for (const k of Object.keys(sum) as (keyof TransportMetrics)[]) sum[k] += t.metrics[k];
    }
    return {
      ...this.stats,
      ...this.counters,
      transactions,
      pendingAnswers: this.answers.size,
      answerRetransmissions: this.answers.retransmissions,
      transports,
    };
  }

  /** Ends every transaction and timer, then closes the transports. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const tx of [...this.clients.values(), ...this.servers.values()]) tx.abort();
    this.clients.clear();
    this.servers.clear();
    this.answers.clear();
    await Promise.all(this.transports.map((t) => t.close()));
  }
}

/** The older name of the same thing in the design notes. */
export { SipEndpoint as TransactionLayer };

const ackSourceUnknown: Source = { transport: 'UDP', address: '', port: 0, local: { address: '', port: 0 } };

function sentByKey(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}

