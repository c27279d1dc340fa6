// How long presenceAt takes for one person, as the operator console asks it for every search
// hit. Prints figures; asserts nothing. Run: node --import tsx bench/presence-resolve.ts
import { performance } from 'node:perf_hooks';
import { PresenceSchedule, presenceAt } from '../src/core/presence/index.js';
import { local, oneOff, series } from '../src/core/presence/testing.js';
import { plainDate } from '../src/core/time.js';

function person(n: number) {
  const list = [
    series(`l${n}`, 'lunch', { weekdays: [1, 2, 3, 4, 5], startTime: '12:00', endTime: '13:00', from: '2026-01-05' }, { exceptions: [plainDate('2026-03-11')] }),
    series(`w${n}`, 'meeting', { weekdays: [2], startTime: '09:00', endTime: '10:00', from: '2026-01-06', until: '2026-12-15' }),
    oneOff(`v${n}`, 'vacation', '2026-07-06 00:00', '2026-08-03 00:00'),
  ];
  for (let d = 9; d <= 13; d++) {
    list.push(oneOff(`m${n}-${d}`, 'meeting', `2026-03-${String(d).padStart(2, '0')} 13:00`, `2026-03-${String(d).padStart(2, '0')} 14:00`));
  }
  list.push(oneOff(`t${n}`, 'training', '2026-03-10 14:00', '2026-03-10 16:00'));
  return list;
}

const people = Array.from({ length: 200 }, (_, i) => person(i));
const moments = ['2026-03-10 08:30', '2026-03-10 12:30', '2026-03-10 13:30', '2026-03-11 12:30', '2026-07-08 10:00'].map(local);

function measure(label: string, rounds: number, fn: () => void): void {
  fn(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  const ms = performance.now() - t0;
  const calls = rounds * people.length * moments.length;
  console.log(`${label}: ${calls} calls in ${ms.toFixed(0)} ms = ${((ms * 1000) / calls).toFixed(1)} µs per call (${people[0]!.length} absences per person)`);
}

measure('presenceAt', 20, () => {
  for (const p of people) for (const t of moments) presenceAt(p, t);
});
const prepared = people.map((p) => new PresenceSchedule(p));
measure('PresenceSchedule.at (prepared once)', 20, () => {
  for (const s of prepared) for (const t of moments) s.at(t);
});
