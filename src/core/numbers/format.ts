// Display of numbers the Swedish way: "013-12 34 56", "070-123 45 67", "0771-670 670".
//
// libphonenumber-js formats geographic and mobile numbers as Swedes write them, but it cuts
// some non-geographic prefixes wrongly (0771-670 670 comes out as 077-167 06 70, 0200-... as
// 020-0..., and 099 not at all), so those prefixes use our own table (swedish-calendar.md).
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Non-geographic Swedish prefixes (national significant number, without the 0). */
const SERVICE_PREFIXES: readonly { prefix: RegExp; serviceStyle: boolean }[] = [
  // Shared cost 077x: companies and agencies publish these as "0771-670 670".
  { prefix: /^77\d/, serviceStyle: true },
  // Toll free: 0200 before 020 (longest prefix first).
  { prefix: /^200/, serviceStyle: false },
  { prefix: /^20/, serviceStyle: false },
  // Premium rate (P-COST-2).
  { prefix: /^(?:900|939|944)/, serviceStyle: true },
  { prefix: /^99/, serviceStyle: true },
];

/**
 * Groups subscriber digits the way Swedish numbers are written: pairs from the end, with
 * a group of three in front for odd lengths ("12 34 56", "123 45 67", "123 456 78").
 */
export function groupSubscriberDigits(digits: string): string {
  switch (digits.length) {
    case 0:
    case 1:
    case 2:
    case 3:
      return digits;
    case 8:
      return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
    default: {
      const groups: string[] = [];
      let rest = digits;
      while (rest.length > 3) {
        groups.unshift(rest.slice(-2));
        rest = rest.slice(0, -2);
      }
      groups.unshift(rest);
      return groups.join(' ');
    }
  }
}

/** Formats the digits after +46 with our own table, or undefined when libphonenumber-js does it right. */
function formatServiceNumber(national: string): string | undefined {
  for (const { prefix, serviceStyle } of SERVICE_PREFIXES) {
    const m = prefix.exec(national);
    if (!m) continue;
    const subscriber = national.slice(m[0].length);
    const grouped = serviceStyle && subscriber.length === 6 ? `${subscriber.slice(0, 3)} ${subscriber.slice(3)}` : groupSubscriberDigits(subscriber);
    return `0${m[0]}-${grouped}`;
  }
  return undefined;
}

/**
 * An E.164 number for display: Swedish numbers in national form ("08-123 456 78"), other
 * countries in international form ("+44 20 7946 0958"). Input that is not E.164 is
 * returned unchanged, so this is safe to call on anything stored as a number.
 */
export function formatSwedish(e164: string): string {
  if (!/^\+\d{4,15}$/.test(e164)) return e164;
  if (e164.startsWith('+46')) {
    const own = formatServiceNumber(e164.slice(3));
    if (own !== undefined) return own;
  }
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  if (parsed.countryCallingCode === '46') {
    // libphonenumber-js leaves numbers it cannot place unformatted; add the trunk prefix at least.
    const national = parsed.formatNational();
    return national.startsWith('0') ? national : '0' + national;
  }
  return parsed.formatInternational();
}

/** Short numbers for display: "113 13", "118 118"; 112 and 1177 as they are. */
export function formatShortNumber(digits: string): string {
  return digits.length >= 5 ? `${digits.slice(0, 3)} ${digits.slice(3)}` : digits;
}
