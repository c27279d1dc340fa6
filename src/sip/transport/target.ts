// Static, DNS-free targets for trunks and peers: "192.0.2.10:5060:udp". A URI whose host is
// an IP literal needs no DNS (RFC 3263 4.2 skips the lookups for a numeric host); a host
// name must be listed in a static table, since this stack does no RFC 3263 resolution.
import { fail, ok, type Result } from '../../core/errors.js';
import { isIpv4, isIpv6, type Uri } from '../message/index.js';
import { transportProblem } from './problems.js';
import { defaultPort, type Target, type TransportProtocol, transportFromName } from './types.js';

/** Host names we may send to without DNS, e.g. an operator's trunk: name -> target. */
export type StaticHosts = ReadonlyMap<string, Target>;

/** An address as a socket reports it, for comparison and Via received (no brackets, no ::ffff:). */
export function normalizeAddress(address: string): string {
  let a = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (a.length > 7 && a.slice(0, 7).toLowerCase() === '::ffff:' && isIpv4(a.slice(7))) a = a.slice(7);
  return a.toLowerCase();
}

/** True for an IPv4 or IPv6 literal (IPv6 with or without brackets). */
export function isIpLiteral(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return isIpv4(bare) || isIpv6(bare);
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/**
 * Parses "host[:port[:transport]]": "192.0.2.10:5060:udp", "[2001:db8::1]:5061:tls",
 * "10.0.0.1" (port 5060, UDP). The host must be an IP literal.
 */
export function parseTarget(text: string): Result<Target> {
  const bad = () => fail<Target>(transportProblem('sip.target.invalid', JSON.stringify(text)));
  let host: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return bad();
    host = text.slice(1, close);
    rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return bad();
    rest = rest.slice(1);
  } else {
    const i = text.indexOf(':');
    host = i < 0 ? text : text.slice(0, i);
    rest = i < 0 ? '' : text.slice(i + 1);
  }
  if (!isIpLiteral(host)) {
    return fail(transportProblem(host === '' ? 'sip.target.invalid' : 'sip.target.needs-dns', JSON.stringify(text)));
  }
  const [portText, transportText, extra] = rest === '' ? [] : rest.split(':');
  if (extra !== undefined) return bad();
  const transport = transportText === undefined ? 'UDP' : transportFromName(transportText);
  if (!transport) return fail(transportProblem('sip.target.transport', JSON.stringify(transportText)));
  const port = portText === undefined || portText === '' ? defaultPort(transport) : parsePort(portText);
  if (port === undefined) return bad();
  return ok({ transport, address: normalizeAddress(host), port });
}

/** "192.0.2.10:5060:udp" / "[::1]:5060:tcp". */
export function formatTarget(t: Target): string {
  const host = t.address.includes(':') ? `[${t.address}]` : t.address;
  return `${host}:${t.port}:${t.transport.toLowerCase()}`;
}

/**
 * Where a request to `uri` goes (RFC 3261 8.1.2 with RFC 3263 4 for numeric hosts): maddr
 * before host, the URI's transport parameter (TLS for sips:), its port or the transport's
 * default. `defaultTransport` applies when the URI names none (RFC 3263 4.1 picks UDP).
 */
export function targetFromUri(uri: Uri, hosts: StaticHosts = new Map(), defaultTransport: TransportProtocol = 'UDP'): Result<Target> {
  if (uri.kind !== 'sip') return fail(transportProblem('sip.target.scheme', uri.scheme));
  const param = uri.transport;
  let transport: TransportProtocol | undefined;
  if (param === undefined) transport = uri.scheme === 'sips' ? 'TLS' : defaultTransport;
  else {
    transport = transportFromName(param);
    if (transport === 'TCP' && uri.scheme === 'sips') transport = 'TLS';
  }
  if (!transport) return fail(transportProblem('sip.target.transport', param));
  const host = uri.maddr ?? uri.host;
  if (isIpLiteral(host)) return ok({ transport, address: normalizeAddress(host), port: uri.port ?? defaultPort(transport) });
  const fixed = hosts.get(host.toLowerCase());
  if (!fixed) return fail(transportProblem('sip.target.needs-dns', host));
  // A static entry names the peer's address; an explicit port or transport in the URI wins.
  return ok({ transport: param === undefined ? fixed.transport : transport, address: fixed.address, port: uri.port ?? fixed.port });
}
