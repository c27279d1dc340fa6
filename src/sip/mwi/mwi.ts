// Message-waiting indication (RFC 3842) over SIP events (RFC 6665): a phone SUBSCRIBEs to
// the message-summary of its own voicemail box and we NOTIFY it at once, on every change
// (a message left, heard, deleted) and when the subscription ends. The lamp on the desk
// phone is what makes P-VM-5 ("listen within reasonable time") practical.
//
// Subscriptions live in this process (at scale each app server keeps those made through
// it; a voicemail event reaches every server through the bus). Who may subscribe: a phone
// authenticated like the registrar's (digest, P-SEC-1), for its own extension only.
import { Dialog, DialogTable } from '../dialog/index.js';
import { NameAddress, type SipRequest } from '../message/index.js';
import type { SipAuthenticator } from '../registrar/authenticator.js';
import type { SipTenant } from '../registrar/domains.js';
import type { SipEndpoint, ServerTransaction } from '../transaction/index.js';
import type { Target } from '../transport/index.js';
import { formatMessageSummary, MESSAGE_SUMMARY_EVENT, MESSAGE_SUMMARY_TYPE, type MailboxSummary } from './summary.js';

export interface MwiSettings {
  /** Shorter subscriptions get 423 with Min-Expires (RFC 6665). */
  minExpires: number;
  /** Longer ones are shortened to this; the 200's Expires says so. */
  maxExpires: number;
  /** When the SUBSCRIBE has no Expires. */
  defaultExpires: number;
}

export const DEFAULT_MWI_SETTINGS: MwiSettings = { minExpires: 60, maxExpires: 3600, defaultExpires: 3600 };

/** Methods a subscription dialog takes from the subscriber. */
const DIALOG_ALLOW = 'SUBSCRIBE, NOTIFY';

export interface MwiOptions {
  endpoint: SipEndpoint;
  auth: SipAuthenticator;
  /** The tenant a request's host names (the registrar's rule). */
  tenantFor(host: string): Promise<SipTenant | undefined>;
  /** The counts of a person's box, read when a NOTIFY is built. */
  summary(tenantId: string, personId: string): Promise<MailboxSummary>;
  settings?: Partial<MwiSettings>;
  log?: (event: string, data: Record<string, unknown>) => void;
  /** For the expiry timers; real timers by default. */
  setTimer?: (fn: () => void, ms: number) => { clear(): void };
}

interface Subscription {
  dialog: Dialog;
  /** Where NOTIFYs go: the flow the SUBSCRIBE came on (NAT, RFC 3581), as for calls. */
  target: Target;
  tenantId: string;
  personId: string;
  account: string;
  expires: { clear(): void } | undefined;
  expiresAtMs: number;
  /** NOTIFYs go out one at a time, in order; a change while one is out sends one more. */
  sending: boolean;
  again: boolean;
  /** The terminal NOTIFY is queued or sent; nothing more is sent after it. */
  ending: boolean;
}

export class MwiService {
  readonly settings: MwiSettings;
  private readonly dialogs = new DialogTable<Subscription>();
  private readonly byBox = new Map<string, Set<Subscription>>();
  private readonly setTimer: NonNullable<MwiOptions['setTimer']>;
  private closed = false;
  /** NOTIFYs sent, by outcome; tests and logs read these. */
  readonly counters = { notifies: 0, failedNotifies: 0 };

  constructor(private readonly opts: MwiOptions) {
    this.settings = { ...DEFAULT_MWI_SETTINGS, ...opts.settings };
    this.setTimer = opts.setTimer ?? ((fn, ms) => {
      const t = setTimeout(fn, ms);
      t.unref();
      return { clear: () => clearTimeout(t) };
    });
  }

  /** Live subscriptions. */
  get size(): number {
    return this.dialogs.size;
  }

  private log(event: string, data: Record<string, unknown>): void {
    this.opts.log?.(event, data);
  }

  /**
   * A SUBSCRIBE outside a dialog. Event other than message-summary: 489. Then digest
   * authentication (401 as for REGISTER); the mailbox named by the Request-URI must be the
   * phone's own (403 otherwise). 423 for too short an expiry; 200 with the granted Expires,
   * and at once a NOTIFY with the summary. Expires: 0 is a one-time fetch: 200, then one
   * NOTIFY with Subscription-State terminated.
   */
  async handleSubscribe(tx: ServerTransaction): Promise<void> {
    const req = tx.request;
    if (!this.acceptsEvent(tx)) return;
    const uri = req.uri;
    const tenant = uri.kind === 'sip' ? await this.opts.tenantFor(uri.hostAddress) : undefined;
    if (!tenant || uri.kind !== 'sip') {
      tx.respond(tx.createResponse(404, 'Not Found (domain)'));
      return;
    }
    const auth = await this.opts.auth.authenticate(tx, tenant);
    if (!auth.ok) return;
    await this.opts.auth.wait(auth.delayMs);
    const person = auth.person;
    // Some phones subscribe to the domain only; that means their own box.
    if (uri.user !== undefined && uri.user !== person.extension) {
      tx.respond(tx.createResponse(403, 'Forbidden (not your mailbox)'));
      return;
    }
    if (req.contact.length === 0) {
      tx.respond(tx.createResponse(400, 'Bad Request (Contact required)'));
      return;
    }
    const granted = this.grant(tx);
    if (granted === undefined) return;
    if (this.closed || !tx.awaitingAnswer) return;
    const res = tx.createResponse(200);
    res.headers.append('Expires', String(granted));
    res.contact = [new NameAddress(this.opts.endpoint.contactUri(tx.source?.transport ?? 'UDP', person.extension))];
    let dialog: Dialog;
    try {
      dialog = Dialog.asUas(req, res);
    } catch {
      tx.respond(tx.createResponse(400, 'Bad Request (From tag required)'));
      return;
    }
    tx.respond(res);
    const source = tx.source;
    const sub: Subscription = {
      dialog,
      target: { transport: source?.transport ?? 'UDP', address: source?.address ?? '', port: source?.port ?? 5060, ...(source?.connectionId !== undefined ? { connectionId: source.connectionId } : {}) },
      tenantId: tenant.id,
      personId: person.id,
      account: `sip:${person.extension}@${tenant.realm}`,
      expires: undefined,
      expiresAtMs: 0,
      sending: false,
      again: false,
      ending: false,
    };
    this.log('mwi.subscribe', { extension: person.extension, expires: granted });
    if (granted === 0) {
      this.end(sub, 'timeout');
      return;
    }
    this.dialogs.add(dialog, sub);
    const key = boxKey(sub.tenantId, sub.personId);
    let set = this.byBox.get(key);
    if (!set) this.byBox.set(key, (set = new Set()));
    set.add(sub);
    this.arm(sub, granted);
    this.send(sub);
  }

  /** Does this request (with a To tag) belong to one of our subscriptions? */
  ownsDialog(request: SipRequest): boolean {
    return this.dialogs.match(request) !== undefined;
  }

  /**
   * A request within a subscription's dialog: a refresh (SUBSCRIBE with the new Expires; 0
   * ends it) or anything else (405). Returns false when the dialog is not ours, so the
   * caller can pass the request on (to the call core).
   */
  handleInDialog(tx: ServerTransaction): boolean {
    const found = this.dialogs.match(tx.request);
    if (!found) return false;
    const sub = found.owner;
    const req = tx.request;
    if (req.method !== 'SUBSCRIBE') {
      const res = tx.createResponse(405);
      res.headers.append('Allow', DIALOG_ALLOW);
      tx.respond(res);
      return true;
    }
    if (sub.dialog.receiveRequest(req) === 'out-of-order') {
      tx.respond(tx.createResponse(500, 'Server Internal Error (CSeq out of order)'));
      return true;
    }
    if (!this.acceptsEvent(tx)) return true;
    const granted = this.grant(tx);
    if (granted === undefined) return true;
    const res = tx.createResponse(200);
    res.headers.append('Expires', String(granted));
    res.contact = [new NameAddress(this.opts.endpoint.contactUri(sub.target.transport))];
    tx.respond(res);
    if (granted === 0) {
      this.end(sub, 'timeout');
      return true;
    }
    this.arm(sub, granted);
    // A refresh is answered with a NOTIFY of the current state too.
    this.send(sub);
    return true;
  }

  /** The box of a person changed: every phone subscribed to it gets a NOTIFY. */
  notifyBox(tenantId: string, personId: string): void {
    for (const sub of this.byBox.get(boxKey(tenantId, personId)) ?? []) this.send(sub);
  }

  /** Every subscribed phone gets a NOTIFY (voicemail events may have been missed). */
  notifyAll(): void {
    for (const set of this.byBox.values()) for (const sub of set) this.send(sub);
  }

  /** Ends every subscription quietly (the server stops; phones re-subscribe elsewhere). */
  close(): void {
    this.closed = true;
    for (const set of this.byBox.values()) for (const sub of set) this.forget(sub);
  }

  /** Only message-summary: 489 Bad Event otherwise, with the one we allow. Accept must allow our body (406). */
  private acceptsEvent(tx: ServerTransaction): boolean {
    const event = tx.request.typed('event');
    if (!event.ok || event.value?.type.toLowerCase() !== MESSAGE_SUMMARY_EVENT) {
      const res = tx.createResponse(489, 'Bad Event');
      res.headers.append('Allow-Events', MESSAGE_SUMMARY_EVENT);
      tx.respond(res);
      return false;
    }
    const accept = tx.request.headers.getAll('Accept').flatMap((v) => v.split(',')).map((v) => v.split(';')[0]!.trim().toLowerCase()).filter(Boolean);
    if (accept.length > 0 && !accept.some((t) => t === MESSAGE_SUMMARY_TYPE || t === 'application/*' || t === '*/*')) {
      const res = tx.createResponse(406);
      res.headers.append('Accept', MESSAGE_SUMMARY_TYPE);
      tx.respond(res);
      return false;
    }
    return true;
  }

  /** The expiry to grant, or undefined after answering 423. */
  private grant(tx: ServerTransaction): number | undefined {
    const requested = tx.request.expires ?? this.settings.defaultExpires;
    if (requested !== 0 && requested < this.settings.minExpires) {
      const res = tx.createResponse(423, 'Interval Too Brief');
      res.headers.append('Min-Expires', String(this.settings.minExpires));
      tx.respond(res);
      return undefined;
    }
    return Math.min(requested, this.settings.maxExpires);
  }

  private arm(sub: Subscription, seconds: number): void {
    sub.expires?.clear();
    sub.expiresAtMs = Date.now() + seconds * 1000;
    sub.expires = this.setTimer(() => this.end(sub, 'timeout'), seconds * 1000);
  }

  private forget(sub: Subscription): void {
    sub.expires?.clear();
    this.dialogs.remove(sub.dialog);
    const key = boxKey(sub.tenantId, sub.personId);
    const set = this.byBox.get(key);
    set?.delete(sub);
    if (set?.size === 0) this.byBox.delete(key);
  }

  /** Ends a subscription with a final NOTIFY (Subscription-State: terminated;reason=...). */
  private end(sub: Subscription, reason: 'timeout' | 'noresource'): void {
    if (sub.ending) return;
    sub.ending = true;
    sub.expires?.clear();
    this.log('mwi.end', { account: sub.account, reason });
    void this.notify(sub, `terminated;reason=${reason}`).finally(() => this.forget(sub));
  }

  private send(sub: Subscription): void {
    if (sub.ending || this.closed) return;
    if (sub.sending) {
      sub.again = true;
      return;
    }
    sub.sending = true;
    const loop = async () => {
      do {
        sub.again = false;
        const left = Math.max(0, Math.round((sub.expiresAtMs - Date.now()) / 1000));
        const ok = await this.notify(sub, `active;expires=${left}`);
        if (!ok) {
          this.forget(sub);
          sub.ending = true;
          return;
        }
      } while (sub.again && !sub.ending && !this.closed);
    };
    void loop().finally(() => (sub.sending = false));
  }

  /**
   * One NOTIFY; resolves true when the phone took it. 481 (it knows no such subscription),
   * a transaction timeout or a transport error end the subscription.
   */
  private async notify(sub: Subscription, state: string): Promise<boolean> {
    let body: string;
    try {
      body = formatMessageSummary(sub.account, await this.opts.summary(sub.tenantId, sub.personId));
    } catch (error) {
      this.log('mwi.summary-error', { error: error instanceof Error ? error.message : String(error) });
      return true; // the store hiccuped: keep the subscription, the next change tries again
    }
    if (sub.dialog.state === 'terminated' && !state.startsWith('terminated')) return false;
    const request = sub.dialog.createRequest('NOTIFY', {
      body: Buffer.from(body),
      contentType: MESSAGE_SUMMARY_TYPE,
      contact: new NameAddress(this.opts.endpoint.contactUri(sub.target.transport)),
      headers: [['Event', MESSAGE_SUMMARY_EVENT], ['Subscription-State', state]],
    });
    return new Promise<boolean>((resolve) => {
      const failed = (why: string) => {
        this.counters.failedNotifies++;
        this.log('mwi.notify-failed', { account: sub.account, why });
        resolve(false);
      };
      try {
        this.counters.notifies++;
        this.opts.endpoint.request(request, sub.target, {
          onResponse: (res) => {
            if (res.status < 200) return;
            if (res.status < 300) resolve(true);
            else if (res.status === 481 || res.status === 408) failed(String(res.status));
            else resolve(true); // another refusal: the subscription itself stands
          },
          onTimeout: () => failed('timeout'),
          onTransportError: () => failed('transport'),
        });
      } catch {
        resolve(false); // the endpoint is closing
      }
    });
  }
}

function boxKey(tenantId: string, personId: string): string {
  return `${tenantId}\n${personId}`;
}
