// Opening hours typed as text, the way people write them: "08:00-12:00, 13:00-16:00"
// (a lunch closure is the gap), "8-16", "08.00–16.30"; empty means closed.
import type { Interval } from '../../../src/core/hours/index.js';

const pad = (s: string) => s.padStart(2, '0');

function clock(s: string): string | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return null;
  return `${pad(String(h))}:${pad(String(min))}`;
}

export type ParsedIntervals = { ok: true; intervals: Interval[] } | { ok: false; part: string };

export function parseIntervals(text: string): ParsedIntervals {
  const parts = text.split(/[,;]/).map((p) => p.trim()).filter(Boolean);
  const intervals: Interval[] = [];
  for (const part of parts) {
    const m = /^(.+?)\s*[-–—]\s*(.+)$/.exec(part);
    const from = m ? clock(m[1]!) : null;
    const to = m ? clock(m[2]!) : null;
    if (!from || !to || from === '24:00' || to <= from) return { ok: false, part };
    intervals.push({ from, to });
  }
  return { ok: true, intervals };
}

export function formatIntervals(intervals: readonly Interval[]): string {
  return intervals.map((i) => `${i.from}–${i.to}`).join(', ');
}
