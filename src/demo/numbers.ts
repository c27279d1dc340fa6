// Phone numbers for the demo. None of them should reach a real subscriber.
//
// PTS (the Swedish regulator) reserves these series for fiction, films and books:
//   mobile 070-174 06 05 – 070-174 06 99, fixed 08-465 004 00–99, 031-390 06 00–99,
//   040-628 04 00–99 and 0980-319 200–299.
// Direct numbers come from the profile's own direct-number ranges (08-465 004 xx in the
// Valdemarsvik profile); callers' numbers from Malmö's and Kiruna's series, so that a caller
// is never mistaken for the municipality.
// Mobiles need more numbers than the 95 reserved ones: after them the demo continues in the
// same block, 070-174 07 00 upwards. Those continuation numbers are FICTIONAL BUT NOT
// RESERVED: they may belong to real subscribers, so a demo installation must never dial a
// demo mobile number on a real trunk. `isPtsFictionNumber` tells the two kinds apart.

export interface NumberSeries {
  /** E.164 prefix shared by the series. */
  prefix: string;
  /** First and last subscriber suffix, inclusive. */
  first: number;
  last: number;
  /** Digits of the suffix (zero-padded). */
  width: number;
}

export const PTS_FICTION_SERIES: readonly NumberSeries[] = [
  { prefix: '+46701740', first: 605, last: 699, width: 3 },
  { prefix: '+468465004', first: 0, last: 99, width: 2 },
  { prefix: '+46313900', first: 600, last: 699, width: 3 },
  { prefix: '+46406280', first: 400, last: 499, width: 3 },
  { prefix: '+46980319', first: 200, last: 299, width: 3 },
];

function inSeries(e164: string, s: NumberSeries): boolean {
  if (!e164.startsWith(s.prefix)) return false;
  const rest = e164.slice(s.prefix.length);
  if (rest.length !== s.width || !/^\d+$/.test(rest)) return false;
  const n = Number(rest);
  return n >= s.first && n <= s.last;
}

/** True when a number lies in one of the series PTS reserves for fiction. */
export function isPtsFictionNumber(e164: string): boolean {
  return PTS_FICTION_SERIES.some((s) => inSeries(e164, s));
}

function seriesNumbers(s: NumberSeries): string[] {
  const out: string[] = [];
  for (let n = s.first; n <= s.last; n++) out.push(s.prefix + String(n).padStart(s.width, '0'));
  return out;
}

const [MOBILE, , , MALMO_FIXED, KIRUNA_FIXED] = PTS_FICTION_SERIES as [
  NumberSeries,
  NumberSeries,
  NumberSeries,
  NumberSeries,
  NumberSeries,
];

/** Hands out numbers from a list in order; running out is a bug in the staffing plan. */
export class NumberPool {
  private index = 0;
  constructor(
    private readonly label: string,
    private readonly numbers: readonly string[],
  ) {}

  take(): string {
    const n = this.numbers[this.index];
    if (n === undefined) throw new Error(`demo number pool '${this.label}' is exhausted after ${this.index} numbers`);
    this.index++;
    return n;
  }
}

/** Every number of an inclusive range of E.164 numbers of equal length. */
export function numbersInRange(range: { from: string; to: string }): string[] {
  const digits = (n: string): number => Number(n.replace(/^\+/, ''));
  if (range.from.length !== range.to.length) throw new Error(`range ${range.from}–${range.to} mixes lengths`);
  const out: string[] = [];
  for (let n = digits(range.from); n <= digits(range.to); n++) out.push(`+${n}`);
  return out;
}

/**
 * Direct numbers from the profile's own direct-number ranges, in order, leaving out the
 * main number. Functions take theirs first, then people.
 */
export function directNumberPool(ranges: readonly { from: string; to: string }[], mainNumber: string): NumberPool {
  return new NumberPool('direct numbers', ranges.flatMap(numbersInRange).filter((n) => n !== mainNumber));
}

/** Callers who leave messages: Malmö's and Kiruna's reserved series. */
export function callerNumberPool(): NumberPool {
  return new NumberPool('caller numbers', [...seriesNumbers(MALMO_FIXED), ...seriesNumbers(KIRUNA_FIXED)]);
}

/**
 * Work mobiles: the 95 reserved numbers, then the fictional (not reserved) continuation
 * 070-174 07 00 – 070-174 99 99 (see the warning at the top of this file). Numbers used
 * elsewhere (the demo logins' fixed mobiles, the profile's on-call numbers) are skipped.
 */
export function mobileNumberPool(alreadyTaken: readonly string[] = []): NumberPool {
  const numbers = seriesNumbers(MOBILE);
  for (let n = 700; n <= 9999; n++) numbers.push(`+4670174${String(n).padStart(4, '0')}`);
  const taken = new Set(alreadyTaken);
  return new NumberPool('mobile numbers', numbers.filter((n) => !taken.has(n)));
}

/** Hands out four-digit extensions inside a block, each unit from a fresh ten. */
export class ExtensionAllocator {
  private next: number;
  constructor(
    private readonly label: string,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.next = from;
  }

  /** Moves to the next multiple of ten, so that a unit's numbers start at x0. */
  startUnit(): void {
    this.next = Math.ceil(this.next / 10) * 10;
  }

  take(): string {
    if (this.next > this.to) throw new Error(`extension block ${this.label} (${this.from}–${this.to}) is full`);
    return String(this.next++);
  }
}
