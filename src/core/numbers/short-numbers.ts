// Swedish short numbers: our own table, because libphonenumber-js does not know them
// (swedish-calendar.md, "Phone numbers").

export type ShortNumberKind = 'emergency' | 'service' | 'directory-enquiry';

export interface ShortNumber {
  kind: ShortNumberKind;
  /** What the number is, in Swedish, for display to operators and users. */
  sv: string;
  /** The policy rule that applies when calling it, if any. */
  rule?: string;
}

/** 112 is always an emergency number, whatever the extension plan says. */
export const EMERGENCY_NUMBER = '112';

/** The table, as inclusive ranges of equal-length digits. */
export const SHORT_NUMBERS: readonly (ShortNumber & { from: string; to: string })[] = [
  { from: '112', to: '112', kind: 'emergency', sv: 'SOS Alarm (nödnummer)' },
  { from: '1177', to: '1177', kind: 'service', sv: '1177 Vårdguiden' },
  { from: '11313', to: '11313', kind: 'service', sv: '113 13 Information vid olyckor och kriser' },
  { from: '11414', to: '11414', kind: 'service', sv: '114 14 Polisen' },
  // Directory enquiries are premium-rate and blocked unless a manager approved them
  // (P-COST-2); the switchboard uses the internal directory and web search (P-SWB-12).
  { from: '118000', to: '118999', kind: 'directory-enquiry', sv: 'Nummerupplysning', rule: 'P-COST-2' },
];

export function lookupShortNumber(digits: string): ShortNumber | undefined {
  const hit = SHORT_NUMBERS.find((s) => digits.length === s.from.length && digits >= s.from && digits <= s.to);
  if (!hit) return undefined;
  const { kind, sv, rule } = hit;
  return rule ? { kind, sv, rule } : { kind, sv };
}
