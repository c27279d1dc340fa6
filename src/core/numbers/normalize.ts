// Turning what people type into one canonical form: E.164 for real numbers, plain digits for
// extensions and short numbers. Whether digits are an extension or a short number is the
// plan's decision (classify.ts); this step is syntax only.
import { fail, ok, problem, type Result } from '../errors.js';

export type NormalizedNumber =
  /** '+46701234567' */
  | { form: 'e164'; value: string }
  /** Explicitly marked as an extension: "ankn 1234" -> '1234'. */
  | { form: 'extension'; value: string }
  /** Bare digits without trunk or country prefix: '112', '1177', '2345'. */
  | { form: 'short'; value: string };

/** "ankn 1234", "anknytning: 1234", "ank. 1234", "ext 1234", "tel. ankn 1234". */
const EXTENSION_PREFIX = /^(?:tel\.?\s*)?(?:anknytning|anknr|ankn|ank|ext(?:ension)?)\.?\s*:?\s*/i;

/** Separators people write inside numbers: spaces (also non-breaking), hyphens, dots, slashes. */
const SEPARATORS = /[\s\u00a0\u2009\u202f\-\u2010-\u2015./]/g;

/** E.164 allows at most 15 digits after the plus (ITU-T E.164 section 6). */
const E164_MAX_DIGITS = 15;

export function normalizeNumber(input: string): Result<NormalizedNumber> {
  const trimmed = input.trim();
  if (trimmed === '') {
    return fail(problem('number.empty', 'Numret saknas.', 'The number is empty.'));
  }

  const marked = EXTENSION_PREFIX.exec(trimmed);
  if (marked && marked[0] !== '') {
    const digits = trimmed.slice(marked[0].length).replace(SEPARATORS, '');
    if (!/^\d{1,8}$/.test(digits)) {
      return fail(problem('number.extension.syntax', `"${input}" är ingen giltig anknytning.`, `"${input}" is not a valid extension.`));
    }
    return ok({ form: 'extension', value: digits });
  }

  // "+46 (0)13-12 34 56": the bracketed trunk prefix is not dialled after the country code.
  let s = trimmed.replace(/^(\+|00)\s*46\s*\(0\)/, '+46');
  s = s.replace(/[()]/g, '').replace(SEPARATORS, '');
  if (!/^(\+|\d)\d*$/.test(s)) {
    return fail(problem('number.syntax', `"${input}" innehåller tecken som inte hör till ett telefonnummer.`, `"${input}" contains characters that do not belong in a phone number.`));
  }

  let international: string | undefined;
  if (s.startsWith('+')) international = s.slice(1);
  else if (s.startsWith('00')) international = s.slice(2);
  else if (s.startsWith('0')) international = '46' + s.slice(1);

  if (international === undefined) return ok({ form: 'short', value: s });

  // "+46 070-..." is a common mistake: the trunk prefix 0 is never dialled after +46.
  if (international.startsWith('460')) international = '46' + international.slice(3);
  if (international.length < 4 || international.length > E164_MAX_DIGITS || international.startsWith('0')) {
    return fail(problem('number.length', `"${input}" har fel antal siffror för ett telefonnummer.`, `"${input}" has the wrong number of digits for a phone number.`));
  }
  return ok({ form: 'e164', value: '+' + international });
}
