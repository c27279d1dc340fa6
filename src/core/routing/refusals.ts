// The spoken refusals: what the caller hears instead of silence (P-FC-1), in Swedish, with
// the English developer message and the rule behind each.
import { problem, type Problem } from '../errors.js';
import type { RefuseStep, RefusalReason } from './plan.js';

const REFUSALS: Record<RefusalReason, { rule: string; sv: string; en: string }> = {
  'number-unknown': {
    rule: 'P-FC-1',
    sv: 'Numret du har slagit finns inte.',
    en: 'The dialled number does not exist.',
  },
  'premium-rate': {
    rule: 'P-COST-2',
    sv: 'Samtal till betalnummer är spärrade. Din närmaste chef kan godkänna ett undantag.',
    en: 'Premium-rate numbers are blocked unless the nearest manager has approved them.',
  },
  'directory-enquiry': {
    rule: 'P-COST-2',
    sv: 'Nummerupplysningen är spärrad. Sök i kommunens katalog eller på webben.',
    en: 'Directory enquiries (118xxx) are blocked unless approved; use the directory or web search (P-SWB-12).',
  },
  international: {
    rule: 'P-COST-3',
    sv: 'Samtal till utlandet kräver godkännande av din närmaste chef.',
    en: 'International calls need the nearest manager\'s approval.',
  },
  'forward-external': {
    rule: 'P-COST-1',
    sv: 'Vidarekoppling får bara göras till interna nummer.',
    en: 'Forwarding is allowed to internal numbers only.',
  },
  'phone-code-invalid': {
    rule: 'P-DIV-6',
    sv: 'Koden kunde inte tolkas. Försök igen.',
    en: 'The phone code could not be read.',
  },
  'phone-code-not-allowed': {
    rule: 'P-SEC-1',
    sv: 'Koder kan bara användas från din egen telefon.',
    en: 'Phone codes are accepted only from a known internal caller.',
  },
};

/** The refuse step for `reason`; `detail` replaces the standard Swedish and English text. */
export function refusal(reason: RefusalReason, detail?: { sv: string; en: string }): RefuseStep {
  const r = REFUSALS[reason];
  const p: Problem = problem(`routing.refused.${reason}`, detail?.sv ?? r.sv, detail?.en ?? r.en, { rule: r.rule });
  return { kind: 'refuse', reason, problem: p, rule: r.rule };
}
