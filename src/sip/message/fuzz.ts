// A seeded mutator for fuzzing the parser and framer (fuzz.test.ts, bench/sip-fuzz.ts).
// Deterministic: the same seed gives the same inputs, so a failure can be replayed.

/** mulberry32: small, fast, good enough to drive mutations. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }
}

// Octets that matter to the grammar, tried more often than chance would.
const INTERESTING = Buffer.from(' \t\r\n:;,=<>"\\%@[]?&/*0129\x00\x7f\x80\xc3\xff');
const NUMBERS = ['0', '-1', '4294967296', '99999999999999999999', '65536', '256', '00000000001', '1e3', ''];

function lineStarts(b: Buffer): number[] {
  const starts = [0];
  for (let p = b.indexOf(0x0a); p >= 0 && p + 1 < b.length; p = b.indexOf(0x0a, p + 1)) starts.push(p + 1);
  return starts;
}

export type MutationName = 'bitflip' | 'insert' | 'delete' | 'duplicate-header' | 'truncate' | 'splice' | 'number' | 'fold';

export const MUTATIONS: readonly MutationName[] = ['bitflip', 'insert', 'delete', 'duplicate-header', 'truncate', 'splice', 'number', 'fold'];

/** Applies one named mutation to `input` (never modifies it). */
export function mutateOnce(rng: SeededRandom, input: Buffer, kind: MutationName, corpus: readonly Buffer[]): Buffer {
  const n = input.length;
  const at = rng.below(n + 1);
  switch (kind) {
    case 'bitflip': {
      const out = Buffer.from(input);
      for (let k = 1 + rng.below(8); k > 0 && n > 0; k--) {
        const i = rng.below(n);
        out[i] = (out[i] as number) ^ (1 << rng.below(8));
      }
      return out;
    }
    case 'insert': {
      const len = 1 + rng.below(4);
      const add = Buffer.alloc(len);
      for (let i = 0; i < len; i++) add[i] = rng.below(2) === 0 ? (INTERESTING[rng.below(INTERESTING.length)] as number) : rng.below(256);
      return Buffer.concat([input.subarray(0, at), add, input.subarray(at)]);
    }
    case 'delete':
      return Buffer.concat([input.subarray(0, at), input.subarray(Math.min(n, at + 1 + rng.below(16)))]);
    case 'duplicate-header': {
      const starts = lineStarts(input);
      const k = 1 + rng.below(Math.max(1, starts.length - 1));
      const from = starts[k] ?? 0;
      const to = starts[k + 1] ?? n;
      const where = rng.pick(starts.slice(1).length > 0 ? starts.slice(1) : [0]);
      return Buffer.concat([input.subarray(0, where), input.subarray(from, to), input.subarray(where)]);
    }
    case 'truncate':
      return input.subarray(0, at);
    case 'splice': {
      const other = rng.pick(corpus);
      const cut = rng.below(other.length + 1);
      return Buffer.concat([input.subarray(0, at), other.subarray(cut)]);
    }
    case 'number': {
      // replace a run of digits with an edge value (Content-Length, CSeq, ports, status)
      const text = input.toString('latin1');
      const digits = [...text.matchAll(/\d+/g)];
      if (digits.length === 0) return input;
      const m = rng.pick(digits);
      const start = m.index ?? 0;
      return Buffer.concat([input.subarray(0, start), Buffer.from(rng.pick(NUMBERS), 'latin1'), input.subarray(start + m[0].length)]);
    }
    case 'fold':
      return Buffer.concat([input.subarray(0, at), Buffer.from(rng.below(2) === 0 ? '\r\n ' : '\r\n\t'), input.subarray(at)]);
  }
}

/** A message from the corpus with one to four random mutations. */
export function mutate(rng: SeededRandom, corpus: readonly Buffer[]): Buffer {
  let b = rng.pick(corpus);
  for (let k = 1 + rng.below(4); k > 0; k--) b = mutateOnce(rng, b, rng.pick(MUTATIONS), corpus);
  return b;
}
