// Phone numbers for the demo. None of them may reach a real subscriber.
//
// PTS (the Swedish regulator) reserves these series for fiction, films and books:
//   mobile 070-174 06 05 – 070-174 06 99, fixed 08-465 004 00–99, 031-390 06 00–99,
//   040-628 04 00–99 and 0980-319 200–299.
// Direct numbers and callers' numbers come only from those series. Mobiles need more numbers
// than the 95 reserved ones: after them the demo continues in the same block,
// 070-174 07 00 upwards. Those continuation numbers are FICTIONAL BUT NOT RESERVED: they may
// belong to real subscribers, so a demo installation must never dial a demo mobile number
// on a real trunk. `isPtsFictionNumber` tells the two kinds apart.

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

const [MOBILE, STOCKHOLM_FIXED, GOTEBORG_FIXED, MALMO_FIXED, KIRUNA_FIXED] = PTS_FICTION_SERIES as [
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

const seriesRange = (s: NumberSeries): { from: string; to: string } => {
  const all = seriesNumbers(s);
  return { from: all[0] as string, to: all[all.length - 1] as string };
};

/** The number series the demo's own direct numbers come from (the main number included). */
export const DIRECT_NUMBER_RANGES = [seriesRange(STOCKHOLM_FIXED), seriesRange(GOTEBORG_FIXED)];

/** The switchboard's public number (fiction: Stockholm's reserved series stands in for 0123). */
export const MAIN_NUMBER = seriesNumbers(STOCKHOLM_FIXED)[0] as string;

/** Functions: 08-465 004 01–19. */
export function functionNumberPool(): NumberPool {
  return new NumberPool('function direct numbers', seriesNumbers(STOCKHOLM_FIXED).slice(1, 20));
}

/** People: 08-465 004 20–99, then Göteborg's reserved series. */
export function personDirectNumberPool(): NumberPool {
  return new NumberPool('personal direct numbers', [...seriesNumbers(STOCKHOLM_FIXED).slice(20), ...seriesNumbers(GOTEBORG_FIXED)]);
}

/** Callers who leave messages: Malmö's and Kiruna's reserved series. */
export function callerNumberPool(): NumberPool {
  return new NumberPool('caller numbers', [...seriesNumbers(MALMO_FIXED), ...seriesNumbers(KIRUNA_FIXED)]);
}

/**
 * Work mobiles: the 95 reserved numbers, then the fictional (not reserved) continuation
 * 070-174 07 00 – 070-174 99 99 (see the warning at the top of this file). Numbers given
 * out elsewhere (the demo logins' fixed mobiles) are skipped.
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
