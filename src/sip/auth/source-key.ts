// The key under which a source address is counted by the brute-force guard. IPv4 counts
// per address. IPv6 counts per prefix (a /64 by default): one subscriber usually gets a
// whole /64, and counting single addresses would give an attacker 2^64 fresh starts.
import { isIPv4, isIPv6 } from 'node:net';

function expandIPv6(address: string): number[] | undefined {
  let text = address;
  const groups: number[] = [];
  // An embedded IPv4 tail (::ffff:192.0.2.1, 64:ff9b::192.0.2.1) is two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: number[] = [];
  if (v4) {
    const b = (v4[1] as string).split('.').map(Number) as [number, number, number, number];
    tail = [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
    text = text.slice(0, -(v4[1] as string).length) + '0';
  }
  const halves = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0] as string);
  const rest = halves.length === 2 ? parse(halves[1] as string) : [];
  if (v4) (rest.length > 0 ? rest : head).pop();
  const zeros = 8 - head.length - rest.length - tail.length;
  if (halves.length > 2 || zeros < 0 || (halves.length === 1 && zeros !== 0)) return undefined;
  groups.push(...head, ...new Array<number>(zeros).fill(0), ...rest, ...tail);
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/**
 * Normalizes a source address for counting: IPv4 as is (also when IPv4-mapped in IPv6),
 * IPv6 cut to `prefixBits` (a multiple of 16). Anything else (a hostname, a malformed
 * string) is used as given, lower-cased.
 */
export function sourceKey(address: string, prefixBits = 64): string {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0] as string;
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return bare.toLowerCase();
  const groups = expandIPv6(bare);
  if (!groups) return bare.toLowerCase();
  if (groups.slice(0, 6).join() === '0,0,0,0,0,65535') {
    const [a, b] = [groups[6] as number, groups[7] as number];
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  const keep = Math.max(1, Math.min(8, Math.floor(prefixBits / 16)));
  return `${groups.slice(0, keep).map((g) => g.toString(16)).join(':')}::/${keep * 16}`;
}
