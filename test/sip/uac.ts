// A minimal UAC on our transaction layer, for SIPp's uas scenario: INVITE with an SDP
// offer, ACK for the 2xx (again for every retransmitted 2xx, 13.2.2.4), hold, BYE.
import {
  createRequest,
  MediaType,
  NameAddress,
  newCallId,
  newTag,
  SipParams,
  type SipRequest,
  type SipResponse,
  SipUri,
} from '../../src/sip/message/index.js';
import { SipEndpoint, type TimerSettings } from '../../src/sip/transaction/index.js';
import { type Target, targetFromUri, TcpTransport, type Transport, UdpTransport } from '../../src/sip/transport/index.js';

export interface CallResult {
  ok: boolean;
  /** Why a call failed: a status, 'timeout', a transport error. */
  reason?: string;
  /** INVITE sent to 2xx received, in ms. */
  setupMs?: number;
}

export interface CampaignResult {
  completed: number;
  failed: number;
  reasons: Record<string, number>;
}

const SDP = new MediaType('application', 'sdp');

export class MinimalUac {
  readonly endpoint: SipEndpoint;
  private readonly sdp: string;

  private constructor(endpoint: SipEndpoint, address: string) {
    this.endpoint = endpoint;
    this.sdp = ['v=0', `o=- 2 2 IN IP4 ${address}`, 's=Oppen Vaxel', `c=IN IP4 ${address}`, 't=0 0', 'm=audio 40002 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
  }

  static async start(opts: { address?: string; transport?: 'UDP' | 'TCP'; timers?: Partial<TimerSettings> } = {}): Promise<MinimalUac> {
    const address = opts.address ?? '127.0.0.1';
    const transport: Transport = opts.transport === 'TCP' ? await TcpTransport.listen({ address, port: 0 }) : await UdpTransport.listen({ address, port: 0 });
    const endpoint = new SipEndpoint({
      transports: [transport],
      timers: opts.timers,
      // incoming requests are not expected; answer them so that nothing waits
      user: { onRequest: (tx) => tx.respond(tx.createResponse(tx.request.method === 'BYE' ? 481 : 405)) },
    });
    return new MinimalUac(endpoint, address);
  }

  close(): Promise<void> {
    return this.endpoint.close();
  }

  /** One call: INVITE, 2xx, ACK, `holdMs` of call, BYE, 200. */
  call(target: Target, holdMs: number): Promise<CallResult> {
    const protocol = target.transport;
    const local = new NameAddress(this.endpoint.contactUri(protocol, 'uac'));
    const from = new NameAddress(new SipUri({ user: 'uac', host: local.uri.kind === 'sip' ? local.uri.host : '127.0.0.1' }), 'Öppen Växel', new SipParams([['tag', newTag()]]));
    const requestUri = new SipUri({ user: 'service', host: target.address, port: target.port });
    if (protocol !== 'UDP') requestUri.params.set('transport', protocol.toLowerCase());
    const invite = createRequest({
      method: 'INVITE',
      uri: requestUri,
      from,
      to: new NameAddress(new SipUri({ user: 'service', host: target.address, port: target.port })),
      callId: newCallId(),
      cseq: 1,
      contact: local,
      body: this.sdp,
      contentType: SDP,
    });
    const started = performance.now();

    return new Promise<CallResult>((resolve) => {
      let settled = false;
      const finish = (r: CallResult) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      let ack: SipRequest | undefined;
      let ackTarget: Target | undefined;
      let hungUp = false;
      this.endpoint.request(invite, target, {
        onResponse: (response) => {
          if (response.status < 200) return;
          if (response.status >= 300) return finish({ ok: false, reason: String(response.status) });
          // 13.2.2.4: an ACK for every 2xx; the first one also starts the call
          if (!ack) {
            const built = this.buildAck(invite, response, target);
            if (!built) return finish({ ok: false, reason: 'no usable Contact in 2xx' });
            [ack, ackTarget] = built;
            const setupMs = performance.now() - started;
            const dialog = { remote: ack.uri, to: response.to, target: ackTarget };
            setTimeout(() => {
              hungUp = true;
              this.hangUp(invite, dialog, setupMs, finish);
            }, holdMs);
          }
          // Once our BYE is out the dialog is over: a 2xx retransmission still in flight is
          // not acknowledged any more (the UAS stops repeating it when the BYE arrives, and
          // SIPp's uas scenario fails a call on an ACK after the BYE).
          if (!hungUp) this.endpoint.sendAck(ack, ackTarget as Target).catch(() => undefined);
        },
        onTimeout: () => finish({ ok: false, reason: 'INVITE timeout' }),
        onTransportError: (e) => finish({ ok: false, reason: e.message }),
      });
    });
  }

  /** Places `calls` calls at `rate` per second, each held `holdMs`; resolves when all have ended. */
  async campaign(target: Target, calls: number, rate: number, holdMs: number): Promise<CampaignResult> {
    const results: Promise<CallResult>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      results.push(this.call(target, holdMs));
    }
    const all = await Promise.all(results);
    const reasons: Record<string, number> = {};
    for (const r of all) if (!r.ok) reasons[r.reason ?? '?'] = (reasons[r.reason ?? '?'] ?? 0) + 1;
    const completed = all.filter((r) => r.ok).length;
    return { completed, failed: all.length - completed, reasons };
  }

  /** 13.2.2.4: the ACK goes to the remote target (the 2xx's Contact), with the 2xx's To. */
  private buildAck(invite: SipRequest, response: SipResponse, fallback: Target): [SipRequest, Target] | undefined {
    const contact = response.contact[0];
    if (!contact) return undefined;
    const target = targetFromUri(contact.uri, undefined, fallback.transport);
    if (!target.ok) return undefined;
    const ack = createRequest({
      method: 'ACK',
      uri: contact.uri,
      from: invite.from,
      to: response.to,
      callId: invite.callId,
      cseq: invite.cseq.seq,
    });
    return [ack, target.value];
  }

  private hangUp(
    invite: SipRequest,
    dialog: { remote: SipRequest['uri']; to: NameAddress; target: Target },
    setupMs: number,
    finish: (r: CallResult) => void,
  ): void {
    const bye = createRequest({
      method: 'BYE',
      uri: dialog.remote,
      from: invite.from,
      to: dialog.to,
      callId: invite.callId,
      cseq: invite.cseq.seq + 1,
      contact: invite.contact[0],
    });
    this.endpoint.request(bye, dialog.target, {
      onResponse: (r) => {
        if (r.status >= 200) finish(r.status < 300 ? { ok: true, setupMs } : { ok: false, reason: `BYE ${r.status}` });
      },
      onTimeout: () => finish({ ok: false, reason: 'BYE timeout' }),
      onTransportError: (e) => finish({ ok: false, reason: e.message }),
    });
  }
}
