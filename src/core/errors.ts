// Errors and validation problems of the domain core.
//
// End users read Swedish; developers and logs read English. Every problem carries both,
// a stable machine code, and the policy rule that caused it where one did.

export interface Problem {
  /** Stable machine-readable code, e.g. 'absence.reason.unknown'. */
  code: string;
  /** Swedish message for the end user. */
  sv: string;
  /** English message for developers and logs. */
  en: string;
  /** The input field the problem concerns, when there is one (dotted path). */
  field?: string;
  /** The 1-based input line (CSV import), when there is one. */
  line?: number;
  /** The policy rule behind the problem, e.g. 'P-COST-1'. */
  rule?: string;
}

export class DomainError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem | Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map((p) => p.en).join('; '));
    this.name = 'DomainError';
    this.problems = list;
  }
}

export function problem(code: string, sv: string, en: string, extra: Omit<Problem, 'code' | 'sv' | 'en'> = {}): Problem {
  return { code, sv, en, ...extra };
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(problems: Problem | Problem[]): Result<T> {
  return { ok: false, problems: Array.isArray(problems) ? problems : [problems] };
}

/** Swedish and English text per stable code. */
export type ProblemTexts = Record<string, readonly [sv: string, en: string]>;

/**
 * A layer's catalogue of problems: each code with its Swedish and English text, so call sites
 * name a code and an optional detail (appended to the English text) rather than repeat texts.
 */
export function problemCatalogue<T extends ProblemTexts>(texts: T) {
  const make = (code: keyof T & string, detail?: string, extra: Omit<Problem, 'code' | 'sv' | 'en'> = {}): Problem => {
    const [sv, en] = texts[code]!;
    return problem(code, sv, detail ? `${en}: ${detail}` : en, extra);
  };
  return {
    problem: make,
    /** Throws a DomainError: for misuse by the caller, not for bad input from outside. */
    error: (code: keyof T & string, detail?: string, extra: Omit<Problem, 'code' | 'sv' | 'en'> = {}): never => {
      throw new DomainError(make(code, detail, extra));
    },
  };
}
