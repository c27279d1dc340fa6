// Conversions between domain values and the portable column types (schema.ts).
//
// The same text and integers are stored by SQLite and PostgreSQL, so a row means the same
// thing in both, and a backup of one could be loaded into the other.
import { DomainError, problem } from '../core/errors.js';
import { Temporal, type Instant } from '../core/time.js';
import type { Flag, IsoInstant, JsonText } from './schema.js';

// Fixed width: always millisecond precision and a four-digit year, so that text order is
// time order in every collation (the punctuation sits at the same places in every value).
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * An instant as stored: '2026-03-27T14:00:00.000Z'. Sub-millisecond digits are dropped
 * (truncated, like Temporal's default rounding), which keeps text order equal to time order.
 */
export function toIso(instant: Instant): IsoInstant {
  const text = instant.toString({ fractionalSecondDigits: 3 });
  if (!ISO_INSTANT.test(text)) {
    // Years before 0000 or after 9999 would break the fixed width and with it the ordering.
    throw new DomainError(
      problem('store.instant.out-of-range', `Tidpunkten ${text} kan inte sparas.`, `Instant ${text} is outside the years 0000-9999 that the store can sort.`),
    );
  }
  return text;
}

/** A stored instant back as a Temporal.Instant; refuses text that toIso would not write. */
export function fromIso(text: IsoInstant): Instant {
  if (!ISO_INSTANT.test(text)) {
    throw new DomainError(
      problem('store.instant.malformed', 'En sparad tidpunkt har fel format.', `Stored instant '${text}' is not fixed-width ISO 8601 UTC (YYYY-MM-DDTHH:MM:SS.mmmZ).`),
    );
  }
  return Temporal.Instant.from(text);
}

export function toIsoOrNull(instant: Instant | null | undefined): IsoInstant | null {
  return instant == null ? null : toIso(instant);
}

export function fromIsoOrNull(text: IsoInstant | null): Instant | null {
  return text == null ? null : fromIso(text);
}

export function toFlag(value: boolean): Flag {
  return value ? 1 : 0;
}

export function fromFlag(value: number): boolean {
  if (value !== 0 && value !== 1) {
    throw new DomainError(
      problem('store.flag.malformed', 'Ett sparat ja/nej-värde har fel format.', `Stored boolean is ${String(value)}, expected 0 or 1.`),
    );
  }
  return value === 1;
}

export function toJson(value: unknown): JsonText {
  const text = JSON.stringify(value);
  if (text === undefined) {
    throw new DomainError(problem('store.json.unrepresentable', 'Värdet kan inte sparas.', 'Value has no JSON form (undefined, a function or a symbol).'));
  }
  return text;
}

/** Parses stored JSON. The type is the caller's promise: validate data from outside the app. */
export function fromJson<T>(text: JsonText): T {
  return JSON.parse(text) as T;
}

/**
 * E-mail addresses are unique per tenant regardless of case, so they are stored lower-cased
 * (a CHECK in the schema refuses upper-case ASCII that slipped past this).
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
