// Operators' host names to addresses. Our SIP stack does no RFC 3263 (NAPTR/SRV) resolution;
// a trunk's host is an IP literal or a name looked up as A/AAAA records here, cached so that
// recognising an INVITE never waits on DNS once the name has been seen.
import { lookup } from 'node:dns/promises';
import { ipLiteral } from './config.js';

export type Resolve = (host: string) => Promise<string[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), IPv4 first. */
export const systemResolve: Resolve = async (host) => {
  const found = await lookup(host, { all: true, order: 'ipv4first' });
  return found.map((a) => a.address);
};

interface Entry {
  addresses: string[];
  at: number;
  pending?: Promise<string[]>;
}

/**
 * Caches lookups for `ttlMs`. After that the old answer is still served while a new lookup
 * runs in the background (an operator's name rarely changes; a failed lookup keeps the old one).
 */
export class HostResolver {
  readonly #entries = new Map<string, Entry>();
  constructor(
    private readonly lookupHost: Resolve = systemResolve,
    private readonly ttlMs = 300_000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  resolve = async (host: string): Promise<string[]> => {
    const ip = ipLiteral(host);
    if (ip !== undefined) return [ip];
    const key = host.toLowerCase();
    const entry = this.#entries.get(key);
    if (entry && this.clock() - entry.at < this.ttlMs) return entry.addresses;
    if (entry) {
      void this.#refresh(key, entry);
      return entry.addresses;
    }
    const fresh: Entry = { addresses: [], at: -Infinity };
    this.#entries.set(key, fresh);
    return this.#refresh(key, fresh);
  };

  #refresh(key: string, entry: Entry): Promise<string[]> {
    entry.pending ??= this.lookupHost(key)
      .then((addresses) => {
        entry.addresses = addresses.map((a) => ipLiteral(a) ?? a);
        entry.at = this.clock();
        return entry.addresses;
      })
      .catch(() => entry.addresses)
      .finally(() => {
        entry.pending = undefined;
      });
    return entry.pending;
  }
}
