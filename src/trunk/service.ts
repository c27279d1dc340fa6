// The SIP trunk to the operator: which INVITEs come from it, where outbound calls go, the
// admins' settings (stored in `trunks`, audited), and the registration client for trunks in
// mode 'register'. Call control uses the TrunkPort half (src/calls/ports.ts); it sends the
// INVITEs itself.
import { BlockList, isIP } from 'node:net';
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import { isOwnDirectNumber } from '../core/numbers/index.js';
import type { MunicipalityProfile } from '../core/policy/index.js';
import type { TrunkInbound, TrunkPort, TrunkRoute } from '../calls/ports.js';
import type { Actor, AppContext } from '../http/context.js';
import { conflict, notFound } from '../http/errors.js';
import { audit } from '../services/audit/audit.js';
import { parseUri, SipUri, type Uri } from '../sip/message/index.js';
import type { SipEndpoint } from '../sip/transaction/index.js';
import { fromFlag, newId, toFlag, toIso, type Database, type TrunkRow } from '../store/index.js';
import { ipLiteral, REGISTER_EXPIRES, validateTrunk, type TrunkSettings } from './config.js';
import { callerNumber, dialledNumber, trunkNumber, userOf, type InboundRequest } from './inbound.js';
import { TrunkRegistration, uriHost, type RegistrationDeps, type RegistrationSettings, type RetryPolicy, type TrunkState } from './registration.js';
import { SipServerResolver, type Dns, type SipServer } from './resolve.js';

export type TrunkContext = Pick<AppContext, 'store' | 'bus' | 'clock' | 'tenants'>;

/** A stored trunk as the service uses it. */
export interface Trunk extends TrunkSettings {
  id: string;
  tenantId: string;
  createdAt: string;
  updatedAt: string;
}

/** A trunk as the admin API shows it: the secret is write-only (only whether one is set). */
export interface TrunkView extends Omit<Trunk, 'secret' | 'tenantId'> {
  hasSecret: boolean;
  state: TrunkState;
}

/** A new trunk: what an admin must give, the rest defaulted. */
export type TrunkCreate = Pick<TrunkSettings, 'name' | 'mode' | 'host'> & Partial<Omit<TrunkSettings, 'name' | 'mode' | 'host'>>;
/** Changes to a trunk; `secret` absent keeps it, null removes it. */
export type TrunkPatch = Partial<TrunkSettings>;

export interface TrunkServiceOptions {
  /** The DNS asked for operators' servers (default: the system's), cached. */
  dns?: Dns;
  /** How long the list of trunks is trusted before it is read again (other app servers may change it). Default 30 s. */
  cacheMs?: number;
  /** Never given a secret. */
  log?: (event: string, data: Record<string, unknown>) => void;
}

export interface RegistrationOptions {
  retry?: Partial<RetryPolicy>;
  /** How long stopping waits for each un-REGISTER's answer (default 3 s). */
  stopWaitMs?: number;
  /** How often the running registrations are compared with the store (changes made on other app servers). Default 60 s. */
  syncEveryMs?: number;
  /** Registration events (trunk id, status, reason); never given a secret. */
  log?: (event: string, data: Record<string, unknown>) => void;
}

const DEFAULTS: Omit<TrunkSettings, 'name' | 'mode' | 'host'> = {
  port: 5060, transport: 'UDP', username: null, secret: null, callerId: null, addresses: [], registerExpires: REGISTER_EXPIRES.default, enabled: true,
};

/** The main number or one of the direct numbers: the numbers a municipality may present and receive. */
function ownNumber(profile: MunicipalityProfile): (e164: string) => boolean {
  return (n) => n === profile.numberPlan.mainNumber || isOwnDirectNumber(n, profile.numberPlan);
}

function fromRow(r: TrunkRow): Trunk {
  return {
    // Port 0 is stored for "from SRV" (null): the column is NOT NULL, and 0 is no SIP port.
    id: r.id, tenantId: r.tenant_id, name: r.name, mode: r.mode, host: r.host, port: r.port === 0 ? null : r.port, transport: r.transport,
    username: r.username, secret: r.secret, callerId: r.caller_id, addresses: JSON.parse(r.addresses_json) as string[],
    registerExpires: r.register_expires, enabled: fromFlag(r.enabled), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** A trunk with its source-address list compiled. */
interface Loaded {
  trunk: Trunk;
  sources: BlockList;
}

function compileSources(addresses: readonly string[]): BlockList {
  const list = new BlockList();
  for (const a of addresses) {
    const [address, bits] = a.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

function registrationKey(s: RegistrationSettings): string {
  return JSON.stringify([s.host, s.port, s.transport, s.username, s.secret, s.expires]);
}

export class TrunkService implements TrunkPort {
  readonly #ctx: TrunkContext;
  readonly #db: Kysely<Database>;
  readonly #resolver: SipServerResolver;
  readonly #cacheMs: number;
  #log: TrunkServiceOptions['log'];
  #cache: { at: number; loaded: Loaded[] } | undefined;
  #loading: Promise<Loaded[]> | undefined;
  #client: { endpoint: SipEndpoint; opts: RegistrationOptions; running: Map<string, TrunkRegistration>; timer: ReturnType<typeof setInterval> | undefined } | undefined;
  #sync: Promise<void> = Promise.resolve();

  constructor(ctx: TrunkContext, opts: TrunkServiceOptions = {}) {
    this.#ctx = ctx;
    this.#db = ctx.store.db;
    this.#resolver = new SipServerResolver(opts.dns);
    this.#cacheMs = opts.cacheMs ?? 30_000;
    this.#log = opts.log;
  }

  // ---- the list of trunks ---------------------------------------------------------------

  async #load(fresh = false): Promise<Loaded[]> {
    if (!fresh && this.#cache && performance.now() - this.#cache.at < this.#cacheMs) return this.#cache.loaded;
    if (!fresh && this.#loading) return this.#loading;
    const loading = this.#db.selectFrom('trunks').selectAll().orderBy('created_at').orderBy('id').execute().then((rows) => {
      const loaded = rows.map((r) => {
        const trunk = fromRow(r);
        return { trunk, sources: compileSources(trunk.addresses) };
      });
      this.#cache = { at: performance.now(), loaded };
      return loaded;
    });
    this.#loading = loading;
    try {
      return await loading;
    } finally {
      if (this.#loading === loading) this.#loading = undefined;
    }
  }

  async #trunk(tenantId: string, id: string): Promise<Trunk> {
    const row = await this.#db.selectFrom('trunks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('trunk');
    return fromRow(row);
  }

  // ---- TrunkPort: inbound ---------------------------------------------------------------

  /** Did this packet come from the trunk's operator (one of its servers, or listed sources)? */
  async #fromTrunk(l: Loaded, source: string, port: number): Promise<boolean> {
    const family = isIP(source);
    if (family !== 0 && l.sources.check(source, family === 6 ? 'ipv6' : 'ipv4')) return true;
    const servers = await this.#servers(l.trunk);
    // A registering trunk is recognised by a registrar's address and port; over TCP the
    // operator may open a connection from any port.
    const byAddress = l.trunk.mode === 'ip' || l.trunk.transport === 'TCP';
    return servers.some((s) => s.address === source && (byAddress || s.port === port));
  }

  #servers(t: Trunk): Promise<SipServer[]> {
    return this.#resolver.servers(t.host, t.port, t.transport);
  }

  /**
   * Is this new INVITE from one of our trunks? Mode 'ip': sent from the trunk's host or one
   * of its listed addresses. Mode 'register': sent from the registrar's host and port (or a
   * listed address), or addressed to the Contact we hold a live registration for (its user
   * part, RFC 3261 10.2.1). Several candidates (one operator serving two municipalities):
   * the Contact match first, then the trunk whose municipality owns the dialled number.
   */
  async identifyInbound(request: InboundRequest): Promise<TrunkInbound | undefined> {
    const loaded = (await this.#load()).filter((l) => l.trunk.enabled);
    if (loaded.length === 0) return undefined;
    const source = ipLiteral(request.sourceAddress) ?? request.sourceAddress;
    const parsed = parseUri(request.requestUri);
    const ruri: Uri | undefined = parsed.ok ? parsed.value : undefined;
    const ruriUser = ruri ? userOf(ruri) : undefined;
    const now = this.#ctx.clock.now();
    const matches: Array<{ trunk: Trunk; toContact: boolean }> = [];
    for (const l of loaded) {
      const t = l.trunk;
      const toContact = t.mode === 'register' && ruriUser !== undefined && ruriUser === t.username && (this.#client?.running.get(t.id)?.isLive(now) ?? false);
      if (toContact || (await this.#fromTrunk(l, source, request.sourcePort))) matches.push({ trunk: t, toContact });
    }
    if (matches.length === 0) return undefined;
    const contactUsers = matches.flatMap((m) => (m.trunk.mode === 'register' && m.trunk.username !== null ? [m.trunk.username] : []));
    const dialled = dialledNumber(ruri, request.to, contactUsers);
    let chosen = matches.find((m) => m.toContact) ?? (matches.length === 1 ? matches[0] : undefined);
    if (!chosen) {
      for (const m of matches) {
        const tenant = await this.#ctx.tenants.get(m.trunk.tenantId);
        if (ownNumber(tenant.profile)(dialled)) {
          chosen = m;
          break;
        }
      }
    }
    const trunk = (chosen ?? matches[0]!).trunk;
    return { tenantId: trunk.tenantId, trunkId: trunk.id, dialled, callerNumber: callerNumber(request.from, request.pAssertedIdentity, request.privacy) };
  }

  // ---- TrunkPort: outbound --------------------------------------------------------------

  /**
   * Where an outbound call of a municipality goes: its enabled trunk (a registered or
   * address-trusted one before one that is failing). Request-URI sip:<number>@<host>, From
   * the trunk's caller ID, else the main number. P-COST-1..3 were decided before this is
   * asked (routing's outbound plan); the trunk is the only way out.
   */
  async outboundRoute(tenantId: string, number: string): Promise<TrunkRoute | undefined> {
    const trunks = (await this.#load()).map((l) => l.trunk).filter((t) => t.tenantId === tenantId && t.enabled);
    const usable = (t: Trunk) => {
      const s = this.#stateOf(t).status;
      return s === 'registered' || s === 'by-address';
    };
    const ordered = [...trunks.filter(usable), ...trunks.filter((t) => !usable(t))];
    for (const t of ordered) {
      // The server holding our registration answered minutes ago: it goes first.
      const live = this.#client?.running.get(t.id)?.liveServer(this.#ctx.clock.now());
      const servers = await this.#servers(t);
      const [first, ...others] = live ? [live, ...servers.filter((s) => s.address !== live.address || s.port !== live.port)] : servers;
      if (first === undefined) continue;
      const tenant = await this.#ctx.tenants.get(tenantId);
      const host = uriHost(t.host);
      // RFC 3263: a Request-URI without a port is what sends the operator's own proxies to SRV too.
      const port = t.port === 5060 || t.port === null ? undefined : t.port;
      const params: Array<[string, string]> = t.transport === 'TCP' ? [['transport', 'tcp']] : [];
      const requestUri = new SipUri({ user: trunkNumber(number) ?? number, host, port, params });
      const fromUri = new SipUri({ user: t.callerId ?? tenant.profile.numberPlan.mainNumber, host });
      const target = (s: SipServer) => ({ transport: t.transport, address: s.address, port: s.port });
      return {
        trunkId: t.id,
        target: target(first),
        alternates: others.map(target),
        requestUri: requestUri.toString(),
        fromUri: fromUri.toString(),
        credentials: t.username !== null && t.secret !== null ? { username: t.username, password: t.secret } : null,
      };
    }
    return undefined;
  }

  // ---- state ----------------------------------------------------------------------------

  #stateOf(t: Trunk): TrunkState {
    const base: TrunkState = {
      trunkId: t.id, name: t.name, mode: t.mode, status: 'idle',
      lastStatus: null, lastReason: null, registeredAt: null, expiresAt: null, nextAttemptAt: null, failures: 0,
    };
    if (!t.enabled) return { ...base, status: 'disabled' };
    if (t.mode === 'ip') return { ...base, status: 'by-address' };
    const running = this.#client?.running.get(t.id);
    return running ? { ...running.state, name: t.name } : base;
  }

  #nameOf(trunkId: string): string | undefined {
    return this.#cache?.loaded.find((l) => l.trunk.id === trunkId)?.trunk.name;
  }

  #publish(tenantId: string, state: TrunkState): void {
    this.#ctx.bus.publish({ type: 'trunk.state', ...state }, { tenantId, roles: ['admin'] });
  }

  /** Every trunk's state in a municipality, in creation order. */
  async states(tenantId: string): Promise<TrunkState[]> {
    return (await this.#load()).filter((l) => l.trunk.tenantId === tenantId).map((l) => this.#stateOf(l.trunk));
  }

  #view(t: Trunk): TrunkView {
    const { secret, tenantId: _tenantId, ...rest } = t;
    return { ...rest, hasSecret: secret !== null, state: this.#stateOf(t) };
  }

  // ---- admin ----------------------------------------------------------------------------

  async list(tenantId: string): Promise<TrunkView[]> {
    const rows = await this.#db.selectFrom('trunks').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => this.#view(fromRow(r)));
  }

  async #validate(tenantId: string, settings: TrunkSettings, exceptId?: string): Promise<TrunkSettings> {
    const tenant = await this.#ctx.tenants.get(tenantId);
    const checked = validateTrunk(settings, ownNumber(tenant.profile));
    if (!checked.ok) throw new DomainError(checked.problems);
    const names = await this.#db.selectFrom('trunks').select(['id', 'name']).where('tenant_id', '=', tenantId).execute();
    if (names.some((n) => n.id !== exceptId && n.name.toLowerCase() === checked.value.name.toLowerCase())) {
      throw conflict('Det finns redan en trunk med det namnet.', `A trunk named ${JSON.stringify(checked.value.name)} exists.`);
    }
    return checked.value;
  }

  /** What the audit log keeps of settings: everything but the secret. */
  #auditable(s: Partial<TrunkSettings>): Record<string, unknown> {
    const { secret, ...rest } = s;
    return secret === undefined ? rest : { ...rest, secret: secret === null ? 'removed' : 'set' };
  }

  async create(actor: Actor, input: TrunkCreate): Promise<TrunkView> {
    const s = await this.#validate(actor.tenantId, { ...DEFAULTS, ...input });
    const id = newId();
    const now = toIso(this.#ctx.clock.now());
    await this.#db.insertInto('trunks').values({
      id, tenant_id: actor.tenantId, name: s.name, mode: s.mode, host: s.host, port: s.port ?? 0, transport: s.transport,
      username: s.username, secret: s.secret, caller_id: s.callerId, addresses_json: JSON.stringify(s.addresses),
      register_expires: s.registerExpires, enabled: toFlag(s.enabled), created_at: now, updated_at: now,
    }).execute();
    await audit(this.#db, actor, actor.tenantId, this.#ctx.clock.now(), { action: 'trunk.create', entity: 'trunk', entityId: id, detail: this.#auditable(s) });
    return this.#changed(actor.tenantId, id);
  }

  async update(actor: Actor, id: string, patch: TrunkPatch): Promise<TrunkView> {
    const current = await this.#trunk(actor.tenantId, id);
    const { id: _id, tenantId: _t, createdAt: _c, updatedAt: _u, ...settings } = current;
    const next = await this.#validate(actor.tenantId, { ...settings, ...patch, secret: patch.secret === undefined ? current.secret : patch.secret }, id);
    const changed: Partial<TrunkSettings> = {};
    for (const key of Object.keys(next) as Array<keyof TrunkSettings>) {
      if (JSON.stringify(next[key]) !== JSON.stringify(settings[key])) (changed as Record<string, unknown>)[key] = next[key];
    }
    await this.#db.updateTable('trunks').set({
      name: next.name, mode: next.mode, host: next.host, port: next.port ?? 0, transport: next.transport, username: next.username,
      secret: next.secret, caller_id: next.callerId, addresses_json: JSON.stringify(next.addresses), register_expires: next.registerExpires,
      enabled: toFlag(next.enabled), updated_at: toIso(this.#ctx.clock.now()),
    }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
    await audit(this.#db, actor, actor.tenantId, this.#ctx.clock.now(), { action: 'trunk.update', entity: 'trunk', entityId: id, detail: this.#auditable(changed) });
    return this.#changed(actor.tenantId, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const current = await this.#trunk(actor.tenantId, id);
    await this.#db.deleteFrom('trunks').where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
    await audit(this.#db, actor, actor.tenantId, this.#ctx.clock.now(), { action: 'trunk.delete', entity: 'trunk', entityId: id, detail: { name: current.name } });
    this.#cache = undefined;
    this.#requestSync();
  }

  async #changed(tenantId: string, id: string): Promise<TrunkView> {
    this.#cache = undefined;
    this.#requestSync();
    const view = this.#view(await this.#trunk(tenantId, id));
    // A running registration client reports a registering trunk's states itself.
    if (!(this.#client && view.enabled && view.mode === 'register')) this.#publish(tenantId, view.state);
    return view;
  }

  // ---- registration client --------------------------------------------------------------

  /**
   * Starts registering every enabled 'register' trunk from `endpoint` (SipService.endpoint)
   * and keeps the set in step with the store. Call once, after SIP has started.
   */
  async startRegistrations(endpoint: SipEndpoint, opts: RegistrationOptions = {}): Promise<void> {
    if (this.#client) return;
    if (opts.log) this.#log = opts.log;
    const syncEveryMs = opts.syncEveryMs ?? 60_000;
    this.#client = { endpoint, opts, running: new Map(), timer: undefined };
    if (syncEveryMs > 0) {
      this.#client.timer = setInterval(() => {
        this.#cache = undefined;
        this.#requestSync();
      }, syncEveryMs);
      this.#client.timer.unref();
    }
    this.#requestSync();
    await this.#sync;
  }

  /** Stops every registration, removing our bindings at the operators (Expires: 0). */
  async stopRegistrations(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    if (client.timer) clearInterval(client.timer);
    await this.#sync;
    this.#client = undefined;
    const stopped = [...client.running.values()];
    client.running.clear();
    await Promise.all(stopped.map((r) => r.stop()));
    for (const r of stopped) this.#publish(r.settings.tenantId, { ...r.state, name: this.#nameOf(r.settings.trunkId) ?? r.settings.name });
  }

  /** Resolves when the registrations have caught up with the last change. */
  whenSynced(): Promise<void> {
    return this.#sync;
  }

  #requestSync(): void {
    this.#sync = this.#sync.then(() => this.#syncNow()).catch((error: unknown) => {
      this.#log?.('trunk.sync.failed', { error: error instanceof Error ? error.message : String(error) });
    });
  }

  async #syncNow(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const loaded = await this.#load(true);
    const wanted = new Map<string, { settings: RegistrationSettings; tenantId: string }>();
    for (const { trunk: t } of loaded) {
      if (!t.enabled || t.mode !== 'register' || t.username === null || t.secret === null) continue;
      wanted.set(t.id, {
        tenantId: t.tenantId,
        settings: { trunkId: t.id, tenantId: t.tenantId, name: t.name, host: t.host, port: t.port, transport: t.transport, username: t.username, secret: t.secret, expires: t.registerExpires },
      });
    }
    for (const [id, running] of client.running) {
      const w = wanted.get(id);
      if (w && registrationKey(w.settings) === registrationKey(running.settings)) continue;
      client.running.delete(id);
      await running.stop();
      // Not registering any more (disabled, now mode ip): say what it is now. Removed: nothing to say.
      const trunk = loaded.find((l) => l.trunk.id === id)?.trunk;
      if (trunk && !w) this.#publish(trunk.tenantId, this.#stateOf(trunk));
    }
    for (const [id, w] of wanted) {
      if (client.running.has(id)) continue;
      const deps: RegistrationDeps = {
        endpoint: client.endpoint,
        servers: (host, port, transport) => this.#resolver.servers(host, port, transport),
        now: () => this.#ctx.clock.now(),
        onState: (state) => {
          // Only the running registration speaks for its trunk (not one stopped because the trunk changed).
          if (this.#client?.running.get(id) !== registration) return;
          this.#publish(w.tenantId, { ...state, name: this.#nameOf(id) ?? state.name });
        },
        ...(client.opts.retry ? { retry: client.opts.retry } : {}),
        ...(client.opts.stopWaitMs !== undefined ? { stopWaitMs: client.opts.stopWaitMs } : {}),
        ...(this.#log ? { log: this.#log } : {}),
      };
      const registration: TrunkRegistration = new TrunkRegistration(w.settings, deps);
      client.running.set(id, registration);
      registration.start();
    }
  }
}

