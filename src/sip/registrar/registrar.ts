// The registrar (RFC 3261 10.3): REGISTER for sip:<extension>@<domain> after digest
// authentication, bindings kept in the store, the current bindings returned in the 200.
import type { Instant } from '../../core/time.js';
import { NameAddress, parseUri, type SipRequest, type SipUri, uriEquals } from '../message/index.js';
import type { ServerTransaction } from '../transaction/index.js';
import { formatTarget, responseTarget, type Target, targetFromUri } from '../transport/index.js';
import type { SipAuthenticator } from './authenticator.js';
import { type Binding, BindingStore } from './bindings.js';
import { resolveTenant, type SipTenant, type TenantSource } from './domains.js';

export interface RegistrarSettings {
  /** Shortest accepted registration; shorter ones get 423 with Min-Expires (10.3 step 7). */
  minExpires: number;
  /** Longest; longer requests are shortened to this. */
  maxExpires: number;
  /** When neither the Contact nor the request says (10.2.1.1 leaves it to the registrar). */
  defaultExpires: number;
}

export const DEFAULT_REGISTRAR_SETTINGS: RegistrarSettings = { minExpires: 60, maxExpires: 3600, defaultExpires: 3600 };

export interface RegistrarOptions {
  bindings: BindingStore;
  auth: SipAuthenticator;
  tenants: TenantSource;
  defaultTenant?: string;
  now: () => Instant;
  settings?: Partial<RegistrarSettings>;
}

/** The methods and extensions we advertise (OPTIONS, 200 to REGISTER). */
export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, UPDATE, INFO, REFER, SUBSCRIBE, NOTIFY';
export const ACCEPT = 'application/sdp';
export const SUPPORTED = 'path, outbound';

/** AoR in canonical form: sip:<user>@<realm>. */
export function aorOf(extension: string, tenant: SipTenant): string {
  return `sip:${extension}@${tenant.realm}`;
}

export class Registrar {
  readonly settings: RegistrarSettings;
  constructor(private readonly opts: RegistrarOptions) {
    this.settings = { ...DEFAULT_REGISTRAR_SETTINGS, ...opts.settings };
  }

  tenantFor(host: string): Promise<SipTenant | undefined> {
    return resolveTenant(host, this.opts.tenants, this.opts.defaultTenant);
  }

  /** OPTIONS to us (11.2): 200 with what we allow, accept and support. */
  answerOptions(tx: ServerTransaction): void {
    const res = tx.createResponse(200);
    res.headers.append('Allow', ALLOW);
    res.headers.append('Accept', ACCEPT);
    res.headers.append('Supported', SUPPORTED);
    tx.respond(res);
  }

  async handleRegister(tx: ServerTransaction): Promise<void> {
    const req = tx.request;
    const uri = req.uri;
    // 10.3 step 1: the Request-URI names the domain we are registrar for.
    const tenant = uri.kind === 'sip' ? await this.tenantFor(uri.hostAddress) : undefined;
    if (!tenant) {
      tx.respond(tx.createResponse(404, 'Not Found (domain)'));
      return;
    }
    const auth = await this.opts.auth.authenticate(tx, tenant);
    if (!auth.ok) return;
    const person = auth.person;
    // 10.3 step 3: the authenticated user may change bindings of its own AoR only.
    const toUri = req.to.uri;
    if (toUri.kind !== 'sip' || toUri.user !== person.extension) {
      await this.opts.auth.wait(auth.delayMs);
      tx.respond(tx.createResponse(403, 'Forbidden (not your address of record)'));
      return;
    }
    const aor = aorOf(person.extension, tenant);
    const now = this.opts.now();
    await this.opts.bindings.purge(now, { tenantId: tenant.id, aor });
    const current = await this.opts.bindings.live(tenant.id, aor, now);
    const status = await this.applyContacts(tx, tenant, person.id, aor, current, now);
    await this.opts.auth.wait(auth.delayMs);
    if (status !== 200) {
      const res = tx.createResponse(status);
      if (status === 423) res.headers.append('Min-Expires', String(this.settings.minExpires));
      tx.respond(res);
      return;
    }
    // 10.3 step 8: the 200 lists every current binding with its remaining time.
    const after = await this.opts.bindings.live(tenant.id, aor, now);
    const res = tx.createResponse(200);
    for (const b of after) {
      const u = parseUri(b.contact);
      if (!u.ok) continue;
      const na = new NameAddress(u.value);
      na.params.set('expires', String(Math.max(0, Math.round((b.expiresAt.epochMilliseconds - now.epochMilliseconds) / 1000))));
      res.headers.append('Contact', na.toString());
    }
    // RFC 3327 5.3: the stored Path is copied into the 200 when the phone supports Path
    // (RFC 3261 8.2.2.3: no extension in a response the request did not list as supported).
    const path = pathOf(req);
    if (path.length > 0 && req.supported.some((t) => t.toLowerCase() === 'path')) res.headers.append('Path', path.map(String));
    res.headers.append('Allow', ALLOW);
    res.headers.append('Supported', SUPPORTED);
    tx.respond(res);
  }

  /** 10.3 steps 5-7. Returns the status to send (200 when the bindings were changed). */
  private async applyContacts(tx: ServerTransaction, tenant: SipTenant, personId: string, aor: string, current: Binding[], now: Instant): Promise<number> {
    const req = tx.request;
    const callId = req.callId;
    const cseq = req.cseq.seq;
    const headerExpires = req.expires;
    if (req.isContactWildcard) {
      // Step 6: "*" only alone and only with Expires: 0; it removes every binding unless one
      // was refreshed by the same Call-ID with a higher CSeq (out of order: ignore it).
      if (req.contact.length > 0 || headerExpires !== 0) return 400;
      await this.opts.bindings.remove(current.filter((b) => b.callId !== callId || b.cseq < cseq).map((b) => b.id));
      return 200;
    }
    const source = tx.source;
    const flow: Target | undefined = source && req.topVia ? responseTarget(req.topVia, source) : undefined;
    type Op = { kind: 'remove'; id: string } | { kind: 'upsert'; id: string | undefined; contact: SipUri; instance: string | null; expires: number };
    const ops: Op[] = [];
    for (const c of req.contact) {
      const uri = c.uri;
      if (uri.kind !== 'sip') return 400;
      const requested = c.expires ?? headerExpires ?? this.settings.defaultExpires;
      if (requested !== 0 && requested < this.settings.minExpires) return 423;
      const instance = c.params.get('+sip.instance');
      const instanceId = typeof instance === 'string' ? instance.replace(/^"|"$/g, '') : null;
      // A device is one binding: the same +sip.instance (RFC 5626 6), else the same Contact URI.
      const existing = current.find((b) => (instanceId !== null && b.instanceId === instanceId) || sameContact(b.contact, uri));
      if (existing && existing.callId === callId && existing.cseq >= cseq) return 500; // step 7: out of order
      if (requested === 0) {
        if (existing) ops.push({ kind: 'remove', id: existing.id });
        continue;
      }
      ops.push({ kind: 'upsert', id: existing?.id, contact: uri, instance: instanceId, expires: Math.min(requested, this.settings.maxExpires) });
    }
    for (const op of ops) {
      if (op.kind === 'remove') {
        await this.opts.bindings.remove([op.id]);
        continue;
      }
      const own = targetFromUri(op.contact);
      const differs = !flow || !own.ok || formatTarget(own.value) !== formatTarget(flow);
      await this.opts.bindings.upsert(tenant.id, op.id, {
        personId, aor, contact: op.contact.toString(), instanceId: op.instance,
        expiresAt: now.add({ seconds: op.expires }), callId, cseq,
        received: flow && differs ? formatTarget({ transport: flow.transport, address: flow.address, port: flow.port }) : null,
        transport: source?.transport ?? 'UDP',
        userAgent: req.headers.get('User-Agent') ?? null,
        // RFC 3327 5.3: stored with the binding, in the order received (first = nearest us).
        path: pathOf(req).map(String),
      }, now);
    }
    return 200;
  }
}

/** The Path header values (RFC 3327); a malformed Path counts as none. */
function pathOf(req: SipRequest): NameAddress[] {
  const p = req.typed('path');
  return p.ok ? p.value : [];
}

function sameContact(stored: string, uri: SipUri): boolean {
  const s = parseUri(stored);
  return s.ok && uriEquals(s.value, uri);
}
