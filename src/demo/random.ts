// A small seeded pseudo-random generator for the demo data.
//
// The demo must be the same on every machine and every run for a given seed (the README,
// screenshots and tests rely on it), so nothing here reads Math.random or the clock.
// Generator: sfc32 (Chris Doty-Humphrey's "small fast counting" generator, public domain),
// seeded through FNV-1a and splitmix32 so that string seeds and labels spread well.

/** FNV-1a over the UTF-16 code units of a string: a stable 32-bit hash. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One step of splitmix32: turns consecutive seeds into well-mixed words. */
function splitmix32(state: number): [word: number, next: number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [(z ^ (z >>> 16)) >>> 0, next];
}

export interface Weighted<T> {
  value: T;
  weight: number;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The seed as text, so that forks are a pure function of (seed, label path). */
  readonly seedText: string;

  constructor(seed: number | string) {
    this.seedText = String(seed);
    let s = hashString(this.seedText);
    let w: number;
    [w, s] = splitmix32(s);
    this.a = w;
    [w, s] = splitmix32(s);
    this.b = w;
    [w, s] = splitmix32(s);
    this.c = w;
    [w] = splitmix32(s);
    this.d = w;
    // Warm up: the first outputs of sfc32 are correlated with the seed words.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * An independent stream for one part of the data ("people", "absences", ...). Forking by
   * label keeps the parts apart: adding a call-back does not change anyone's name.
   */
  fork(label: string): Random {
    return new Random(`${this.seedText}/${label}`);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(items: readonly Weighted<T>[]): T {
    let total = 0;
    for (const it of items) total += it.weight;
    if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
    let r = this.next() * total;
    for (const it of items) {
      r -= it.weight;
      if (r < 0) return it.value;
    }
    // Rounding can leave r at 0 after the last item.
    return (items[items.length - 1] as Weighted<T>).value;
  }

  /** A new array with the items in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
