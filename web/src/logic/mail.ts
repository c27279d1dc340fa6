// E-mail texts from the directory and the diversion, so that they never drift from it:
// the signature (P-MAIL-1: title, phone number and e-mail address) and the out-of-office
// reply (P-MAIL-2: when you are back, and a referral to the reception).
import { dateText, clockText, instantOf, type Instant } from './time.js';
import { stockholmDate } from '../../../src/core/time.js';
import type { Lang } from './lang.js';

export interface SignaturePerson {
  name: string;
  title: string | null;
  unitPath: { name: string }[];
  numbers: { kind: 'extension' | 'direct' | 'mobile'; display: string }[];
  email: string | null;
}

/**
 * P-MAIL-1. The phone number is the direct number, else the switchboard's with the
 * extension; a mobile number only when it is shown in the directory (P-MOB-8 keeps it out
 * when the fixed number is the official one).
 */
export function signature(p: SignaturePerson, municipality: string, switchboard: string | null, lang: Lang): string {
  const sv = lang === 'sv';
  const lines = [p.name];
  if (p.title) lines.push(p.title);
  const unit = p.unitPath.at(-1)?.name;
  const top = p.unitPath[0]?.name;
  if (unit) lines.push(top && top !== unit ? `${unit}, ${top}` : unit);
  lines.push(municipality, '');
  const direct = p.numbers.find((n) => n.kind === 'direct');
  const ext = p.numbers.find((n) => n.kind === 'extension');
  const mobile = p.numbers.find((n) => n.kind === 'mobile');
  if (direct) lines.push(`${sv ? 'Telefon' : 'Phone'}: ${direct.display}`);
  else if (switchboard && ext) lines.push(`${sv ? 'Telefon' : 'Phone'}: ${switchboard} (${sv ? 'växel' : 'switchboard'}), ${sv ? 'ankn.' : 'ext.'} ${ext.display}`);
  if (mobile) lines.push(`${sv ? 'Mobil' : 'Mobile'}: ${mobile.display}`);
  if (switchboard && direct) lines.push(`${sv ? 'Växel' : 'Switchboard'}: ${switchboard}`);
  if (p.email) lines.push(`${sv ? 'E-post' : 'E-mail'}: ${p.email}`);
  return lines.join('\n');
}

const PHRASES: Record<string, [sv: string, en: string]> = {
  vacation: ['på semester', 'on vacation'],
  leave: ['ledig', 'on leave'],
  sick: ['sjukfrånvarande', 'on sick leave'],
  'business-trip': ['på tjänsteresa', 'on a business trip'],
  training: ['på utbildning', 'at a training course'],
  'parental-leave': ['föräldraledig', 'on parental leave'],
};

export interface OutOfOfficeInput {
  name: string;
  reason: { code: string; label: string; labelEn: string };
  /** When the person is back (the whole chain's return time, P-DIV-3). */
  returnsAt: Instant | string;
  /** The unit's reception ("expeditionen", P-DIV-10), when the unit has one. */
  reception: { name: string; number: string | null } | null;
  /** The switchboard's number, the referral when there is no reception. */
  switchboard: string | null;
  now: Instant;
}

/** P-MAIL-2: when you are back, and whom to contact meanwhile (the reception first). */
export function outOfOffice(i: OutOfOfficeInput, lang: Lang): string {
  const sv = lang === 'sv';
  const back = typeof i.returnsAt === 'string' ? instantOf(i.returnsAt) : i.returnsAt;
  const day = dateText(stockholmDate(back), lang, stockholmDate(i.now));
  const when = `${day} ${sv ? 'kl.' : 'at'} ${clockText(back)}`;
  const phrase = PHRASES[i.reason.code]?.[sv ? 0 : 1] ?? (sv ? `frånvarande (${i.reason.label.toLowerCase()})` : `away (${i.reason.labelEn.toLowerCase()})`);
  const lines: string[] = [];
  lines.push(sv ? `Tack för ditt mejl. Jag är ${phrase} och åter ${when}.` : `Thank you for your e-mail. I am ${phrase} and back on ${when}.`);
  if (i.reception) {
    const number = i.reception.number ? (sv ? ` på telefon ${i.reception.number}` : ` on ${i.reception.number}`) : '';
    lines.push(sv ? `Under tiden kan du vända dig till ${i.reception.name}${number}.` : `Meanwhile, please contact ${i.reception.name}${number}.`);
  }
  if (i.switchboard) {
    lines.push(i.reception
      ? (sv ? `Du når också kommunens växel på ${i.switchboard}.` : `You can also reach the switchboard on ${i.switchboard}.`)
      : (sv ? `Under tiden når du kommunens växel på ${i.switchboard}.` : `Meanwhile, you can reach the switchboard on ${i.switchboard}.`));
  }
  lines.push('', sv ? 'Med vänlig hälsning' : 'Kind regards', i.name);
  return lines.join('\n');
}
