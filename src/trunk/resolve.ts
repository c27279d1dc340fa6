// Operators' SIP servers (RFC 3263 4.2): a trunk's host is an IP literal, or a name. With a
// port given, the name is looked up as A/AAAA records. Without one, the operator publishes
// its servers as SRV records (_sip._udp.<name> or _sip._tcp.<name>: the trunk's transport is
// set, so there is no NAPTR step, RFC 3263 4.1), ordered by RFC 2782's priority and weight;
// a name with no SRV records is looked up as A/AAAA on port 5060. Answers are cached, so that
// recognising an INVITE never waits on DNS once the name has been seen.
import { lookup, Resolver } from 'node:dns/promises';
import { ipLiteral, type TrunkTransport } from './config.js';

export type Resolve = (host: string) => Promise<string[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), IPv4 first. */
export const systemResolve: Resolve = async (host) => {
  const found = await lookup(host, { all: true, order: 'ipv4first' });
  return found.map((a) => a.address);
};

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** The two lookups RFC 3263 needs. */
export interface Dns {
  /** A/AAAA. */
  addresses: Resolve;
  /** SRV records of a name; none (not an error) when it has none. */
  srv(name: string): Promise<SrvRecord[]>;
}

const NO_RECORDS = new Set(['ENODATA', 'ENOTFOUND', 'NOTFOUND', 'ENONAME']);

async function srvOf(resolver: Pick<Resolver, 'resolveSrv'>, name: string): Promise<SrvRecord[]> {
  try {
    return await resolver.resolveSrv(name);
  } catch (error) {
    if (NO_RECORDS.has((error as NodeJS.ErrnoException).code ?? '')) return [];
    throw error;
  }
}

/**
 * A Dns asking `resolver` (one c-ares channel, reused) for SRV records; A/AAAA through
 * `addresses` (the system's getaddrinfo by default, so /etc/hosts counts too).
 */
export function resolverDns(resolver: Pick<Resolver, 'resolveSrv'>, addresses: Resolve = systemResolve): Dns {
  return { addresses, srv: (name) => srvOf(resolver, name) };
}

/** The system's DNS. */
export const systemDns: Dns = resolverDns(new Resolver());

/**
 * RFC 2782's order: lowest priority first; within a priority, a weighted random draw, again
 * and again among those left (weight 0 ones have a small chance, and come last among equals).
 */
export function srvOrder(records: readonly SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  // "." as the only target: the service is decidedly not available at this domain (RFC 2782).
  if (records.length === 1 && (records[0]!.name === '' || records[0]!.name === '.')) return [];
  const out: SrvRecord[] = [];
  const priorities = [...new Set(records.map((r) => r.priority))].sort((a, b) => a - b);
  for (const priority of priorities) {
    // Zero weights first in the list, as RFC 2782 asks, so the running sum gives them a sliver.
    const left = records.filter((r) => r.priority === priority).sort((a, b) => (a.weight === 0 ? 0 : 1) - (b.weight === 0 ? 0 : 1));
    while (left.length > 0) {
      const total = left.reduce((sum, r) => sum + r.weight, 0);
      const draw = Math.floor(random() * (total + 1));
      let sum = 0;
      let i = left.findIndex((r) => (sum += r.weight) >= draw);
      if (i < 0) i = left.length - 1;
      out.push(left.splice(i, 1)[0]!);
    }
  }
  return out;
}

/** A server to send to: an address and its port. */
export interface SipServer {
  address: string;
  port: number;
}

interface Entry<T> {
  value: T;
  at: number;
  pending?: Promise<T>;
}

/**
 * Caches lookups for `ttlMs`. After that the old answer is still served while a new lookup
 * runs in the background (an operator's servers rarely change; a failed lookup keeps the old).
 */
class LookupCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  constructor(
    private readonly empty: T,
    private readonly ttlMs: number,
    private readonly clock: () => number,
  ) {}

  get(key: string, lookup: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && this.clock() - entry.at < this.ttlMs) return Promise.resolve(entry.value);
    if (entry) {
      void this.#refresh(entry, lookup);
      return Promise.resolve(entry.value);
    }
    const fresh: Entry<T> = { value: this.empty, at: -Infinity };
    this.#entries.set(key, fresh);
    return this.#refresh(fresh, lookup);
  }

  #refresh(entry: Entry<T>, lookup: () => Promise<T>): Promise<T> {
    entry.pending ??= lookup()
      .then((value) => {
        entry.value = value;
        entry.at = this.clock();
        return value;
      })
      .catch(() => entry.value)
      .finally(() => {
        entry.pending = undefined;
      });
    return entry.pending;
  }
}

/** Host names to addresses (A/AAAA), cached; IP literals as sockets report them. */
export class HostResolver {
  readonly #cache: LookupCache<string[]>;
  constructor(
    private readonly lookupHost: Resolve = systemResolve,
    ttlMs = 300_000,
    clock: () => number = () => performance.now(),
  ) {
    this.#cache = new LookupCache<string[]>([], ttlMs, clock);
  }

  resolve = async (host: string): Promise<string[]> => {
    const ip = ipLiteral(host);
    if (ip !== undefined) return [ip];
    const addresses = await this.#cache.get(host.toLowerCase(), () => this.lookupHost(host.toLowerCase()));
    return addresses.map((a) => ipLiteral(a) ?? a);
  };
}

/** A trunk's servers in the order to try them (RFC 3263 4.2, 4.3), cached. */
export class SipServerResolver {
  readonly #hosts: HostResolver;
  readonly #srv: LookupCache<SrvRecord[]>;

  constructor(
    private readonly dns: Dns = systemDns,
    ttlMs = 300_000,
    clock: () => number = () => performance.now(),
  ) {
    this.#hosts = new HostResolver(dns.addresses, ttlMs, clock);
    this.#srv = new LookupCache<SrvRecord[]>([], ttlMs, clock);
  }

  /** A/AAAA of a host (recognising where packets come from). */
  get addresses(): Resolve {
    return this.#hosts.resolve;
  }

  /**
   * `port` null: the SRV records of `_sip._<transport>.<host>`, each target's addresses in
   * turn; none: the host's own addresses on 5060. A port given, or an IP literal: those.
   */
  async servers(host: string, port: number | null, transport: TrunkTransport): Promise<SipServer[]> {
    if (port !== null || ipLiteral(host) !== undefined) return (await this.#hosts.resolve(host)).map((address) => ({ address, port: port ?? 5060 }));
    const name = `_sip._${transport.toLowerCase()}.${host.toLowerCase()}`;
    const records = await this.#srv.get(name, async () => srvOrder(await this.dns.srv(name)));
    if (records.length === 0) return (await this.#hosts.resolve(host)).map((address) => ({ address, port: 5060 }));
    const servers: SipServer[] = [];
    for (const r of records) for (const address of await this.#hosts.resolve(r.name)) servers.push({ address, port: r.port });
    return servers;
  }
}
