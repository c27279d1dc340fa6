// Presence as every list in the apps shows it, whatever it came from: a status request, a
// search hit or a presence.changed event. The return time is always shown with the reason
// (P-SWB-4); private notes never travel in these (P-SEC-2).
import type { AbsenceReason, DiversionTarget, PresenceEventStatus, PresenceStatus, PresenceView, SearchPresence } from '../api/types.js';
import { clockText, instantOf, whenText, type Instant } from './time.js';
import { stockholmDate } from '../../../src/core/time.js';
import type { Lang } from './lang.js';

export function fromStatus(s: PresenceStatus): PresenceView {
  const next = s.next ? { reason: s.next.absence.reason, start: s.next.start, end: s.next.end } : null;
  if (s.state === 'available') return { available: true, next };
  return { available: false, ...(s.reason ? { reason: s.reason } : {}), ...(s.returnsAt ? { returnsAt: s.returnsAt } : {}), ...(s.target ? { target: s.target } : {}), next };
}

export function fromSearch(s: SearchPresence): PresenceView {
  const next = s.next ? { reason: s.next.reason, start: s.next.start, end: s.next.end } : null;
  if (s.state === 'available') return { available: true, next };
  return { available: false, ...(s.reason ? { reason: s.reason } : {}), ...(s.returnsAt ? { returnsAt: s.returnsAt } : {}), ...(s.target ? { target: s.target } : {}), next };
}

export function fromEvent(s: PresenceEventStatus): PresenceView {
  const { available, reason, returnsAt, target, nextAbsence } = s;
  return { available, ...(reason ? { reason } : {}), ...(returnsAt ? { returnsAt } : {}), ...(target ? { target } : {}), next: nextAbsence ?? null };
}

export function reasonLabel(reasons: readonly AbsenceReason[], code: string | undefined, lang: Lang): string {
  const r = reasons.find((x) => x.code === code);
  if (!r) return code ?? '';
  return lang === 'sv' ? r.label : r.labelEn;
}

/** "Tillgänglig", or "Möte – åter i dag 14:30". */
export function presenceText(v: PresenceView, reasons: readonly AbsenceReason[], now: Instant, lang: Lang): string {
  if (v.available) return lang === 'sv' ? 'Tillgänglig' : 'Available';
  const label = reasonLabel(reasons, v.reason, lang);
  if (!v.returnsAt) return label;
  return `${label} – ${lang === 'sv' ? 'åter' : 'back'} ${whenText(v.returnsAt, now, lang)}`;
}

/** "Nästa: Lunch i dag 12:00–13:00", "Nästa: Semester i morgon 00:00 – måndag 30 november 08:00" */
export function nextText(v: PresenceView, reasons: readonly AbsenceReason[], now: Instant, lang: Lang): string | null {
  if (!v.next) return null;
  const label = reasonLabel(reasons, v.next.reason, lang);
  const start = instantOf(v.next.start);
  const end = instantOf(v.next.end);
  const until = stockholmDate(start).equals(stockholmDate(end)) ? `–${clockText(end)}` : ` – ${whenText(end, now, lang)}`;
  return `${lang === 'sv' ? 'Nästa' : 'Next'}: ${label} ${whenText(start, now, lang)}${until}`;
}

/** Where calls go during an absence, in words. */
export function targetText(t: DiversionTarget | undefined, lang: Lang, names: { person?: (id: string) => string | undefined; fn?: (id: string) => string | undefined } = {}): string {
  const sv = lang === 'sv';
  switch (t?.kind) {
    case undefined:
    case 'voicemail':
      return sv ? 'Röstbrevlådan' : 'Voicemail';
    case 'reception':
      return sv ? 'Expeditionen' : 'The reception';
    case 'switchboard':
      return sv ? 'Växeln' : 'The switchboard';
    case 'person':
      return names.person?.(t.personId) ?? (sv ? 'En kollega' : 'A colleague');
    case 'function':
      return names.fn?.(t.functionId) ?? (sv ? 'En funktion' : 'A function');
    case 'number':
      return t.number;
  }
}
