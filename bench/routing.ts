// Benchmark of call routing (src/core/routing): plans calls over a Göteborg-sized municipality
// (60 000 people) and prints how long planning takes, the post-dial delay routing adds.
// Run: node --import tsx bench/routing.ts [people] [calls]
//
// The world is built once (directory, absences as presence schedules, registrations); each
// call views it at its own instant, as `calls/` would. Calls are a mix of what a switchboard
// sees: people by extension and direct number, functions, the main number, outbound calls,
// phone codes and unknown numbers, from outside and inside, at instants over two years
// (working hours weighted, DST nights and holidays included). Target: p99 <= 10 ms.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Person, ServiceFunction, Unit } from '../src/core/directory/types.js';
import { Random } from '../src/demo/random.js';
import { mondayToFriday, type HoursSettings } from '../src/core/hours/index.js';
import { valdemarsvik, type MunicipalityProfile } from '../src/core/policy/index.js';
import type { Absence, DiversionTarget } from '../src/core/presence/index.js';
import { SnapshotWorld, audibleEndProblems, planCall, type CallRequest, type FunctionFacts, type UnitFacts } from '../src/core/routing/index.js';
import { Temporal, atStockholm, type Instant } from '../src/core/time.js';

const PEOPLE = Number(process.argv[2] ?? 60_000);
const CALLS = Number(process.argv[3] ?? 100_000);

// ---- seeded randomness (the demo generator's), so every run plans the same calls -----------
const rng = new Random('bench/routing');
const random = () => rng.next();
const int = (n: number) => rng.int(n);
const pick = <T>(xs: readonly T[]): T => rng.pick(xs);
const chance = (p: number) => rng.chance(p);

// ---- the municipality ---------------------------------------------------------------------
// Six-digit extensions 200000-299999 (clear of the 118xxx short numbers), direct numbers in a
// fictional 031-365 block, the main number at its start.
const profile: MunicipalityProfile = {
  ...valdemarsvik,
  id: 'goteborg-bench',
  name: 'Benchmarks kommun',
  numberPlan: {
    mainNumber: '+46313650000',
    directRanges: [{ from: '+46313650000', to: '+46313699999' }],
    extensionRanges: [{ from: '200000', to: '299999' }],
    operatorExtension: '200000',
    voicemailNumber: '299999',
    automaticOperatorNumber: '299998',
  },
};
const phoneHours: HoursSettings = { ...valdemarsvik.switchboardHours, weekly: mondayToFriday([{ from: '09:00', to: '11:30' }]), exceptions: [] };

const ADMINISTRATIONS = 10;
const UNITS_PER_ADMINISTRATION = 30;
const units: Unit[] = [];
const unitSettings = new Map<string, Partial<Pick<UnitFacts, 'phoneHours' | 'receptionFunctionId'>>>();
const functions: ServiceFunction[] = [];
const functionSettings = new Map<string, Partial<Pick<FunctionFacts, 'ringStrategy' | 'overflow' | 'phoneHours'>>>();
let nextExtension = 200001;
for (let a = 0; a < ADMINISTRATIONS; a++) {
  const adminId = `a${a}`;
  units.push({ id: adminId, name: `Förvaltning ${a}`, kind: 'administration' });
  // Each administration has a contact function ("kundtjänst") that its units overflow to.
  const desk = `f-${adminId}`;
  functions.push({ id: desk, name: `Kundtjänst ${a}`, extension: String(nextExtension++), unitId: adminId, memberIds: [] });
  functionSettings.set(desk, { ringStrategy: 'together', overflow: { kind: 'switchboard' } });
  unitSettings.set(adminId, { receptionFunctionId: desk });
  for (let u = 0; u < UNITS_PER_ADMINISTRATION; u++) {
    const unitId = `${adminId}u${u}`;
    units.push({ id: unitId, name: `Enhet ${a}.${u}`, kind: 'unit', parentId: adminId });
    const fnId = `f-${unitId}`;
    functions.push({ id: fnId, name: `Funktion ${a}.${u}`, extension: String(nextExtension++), unitId, memberIds: [] });
    functionSettings.set(fnId, { ringStrategy: chance(0.5) ? 'together' : 'in-turn', overflow: { kind: 'function', functionId: desk } });
    // P-HRS-3: special phone hours are the exception; one unit in ten has them.
    unitSettings.set(unitId, { phoneHours: chance(0.1) ? phoneHours : null, receptionFunctionId: chance(0.3) ? fnId : null });
  }
}
const unitIds = units.filter((u) => u.kind === 'unit').map((u) => u.id);
const functionsById = new Map(functions.map((f) => [f.id, f]));

const people: Person[] = [];
const registered = new Map<string, number>();
const greetings = new Set<string>();
const voicemailDisabled = new Set<string>();
let nextDirect = 3650001;
for (let i = 0; i < PEOPLE; i++) {
  const id = `p${i}`;
  const unitId = pick(unitIds);
  const functionIds: string[] = [];
  if (chance(0.3)) {
    const fn = functionsById.get(`f-${unitId}`)!;
    fn.memberIds.push(id);
    functionIds.push(fn.id);
  }
  if (chance(0.02)) {
    const desk = functionsById.get(`f-${unitId.split('u')[0]}`)!;
    desk.memberIds.push(id);
    functionIds.push(desk.id);
  }
  const mobileExtension = chance(0.08);
  people.push({
    id,
    firstName: `Förnamn${i}`,
    lastName: `Efternamn${i}`,
    unitId,
    functionIds,
    extension: String(nextExtension++),
    ...(chance(0.2) ? { directNumber: `+4631${nextDirect++}` } : {}),
    mobileExtension,
    matters: [],
    role: 'employee',
    electedMember: false,
  });
  // Most have a phone registered; a few have none (P-DIV-1 deviations when not diverted).
  registered.set(id, chance(0.95) ? 1 + int(2) : 0);
  if (chance(0.7)) greetings.add(id);
  if (chance(0.01)) voicemailDisabled.add(id);
}

// ---- absences -------------------------------------------------------------------------------
const date = (s: string) => Temporal.PlainDate.from(s);
function target(p: Person): DiversionTarget {
  const r = random();
  if (r < 0.6) return { kind: 'voicemail' };
  if (r < 0.75) return { kind: 'person', personId: pick(people).id };
  if (r < 0.85 && p.functionIds[0] !== undefined) return { kind: 'function', functionId: p.functionIds[0] };
  if (r < 0.95) return { kind: 'reception' };
  return { kind: 'switchboard' };
}
const absences = new Map<string, Absence[]>();
let absenceCount = 0;
for (const p of people) {
  const list: Absence[] = [];
  const base = { personId: p.id, exceptions: [], createdBy: p.id, cancelled: false };
  if (chance(0.4)) {
    // Lunch every weekday.
    const first = atStockholm(date('2026-01-05'), '12:00');
    list.push({ ...base, id: `${p.id}-lunch`, reason: 'lunch', start: first, end: first.add({ hours: 1 }), target: target(p), recurrence: { weekdays: [1, 2, 3, 4, 5], startTime: '12:00', endTime: '13:00', from: date('2026-01-05') } });
  }
  for (let k = int(4); k > 0; k--) {
    // Meetings and longer absences spread over two years.
    const day = date('2026-01-01').add({ days: int(730) });
    const start = atStockholm(day, `${String(8 + int(8)).padStart(2, '0')}:00`);
    const long = chance(0.15);
    list.push({ ...base, id: `${p.id}-a${k}`, reason: long ? pick(['vacation', 'sick', 'leave']) : pick(['meeting', 'training', 'out']), start, end: start.add({ hours: long ? 24 * (1 + int(20)) : 1 + int(3) }), target: target(p) });
  }
  if (list.length > 0) absences.set(p.id, list);
  absenceCount += list.length;
}

// ---- calls ----------------------------------------------------------------------------------
const FROM = Temporal.Instant.from('2026-01-01T00:00:00Z').epochMilliseconds;
const SPECIAL = ['2026-03-29T01:30:00Z', '2026-10-25T01:30:00Z', '2026-04-03T09:00:00Z', '2026-12-24T10:00:00Z', '2026-06-19T08:00:00Z'].map((s) => Temporal.Instant.from(s));
function when(): Instant {
  if (chance(0.02)) return pick(SPECIAL);
  const day = date('2026-01-01').add({ days: int(730) });
  // Most calls come in office hours.
  if (chance(0.85)) return atStockholm(day, `${String(8 + int(9)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}`);
  return Temporal.Instant.fromEpochMilliseconds(FROM + int(730 * 86_400_000));
}
const withDirect = people.filter((p) => p.directNumber !== undefined);
const OUTBOUND = ['112', '1177', '113 13', '118 118', '0900-123 45 67', '070-123 45 67', '08-123 456 78', '+44 20 7946 0958', '031-123 45 67'];
function dialled(internal: boolean): { kind: string; number: string } {
  const r = random();
  if (r < 0.35) return { kind: 'person (extension)', number: pick(people).extension! };
  if (r < 0.45) return { kind: 'person (direct)', number: pick(withDirect).directNumber! };
  if (r < 0.6) return { kind: 'function', number: pick(functions).extension! };
  if (r < 0.75) return { kind: 'main number', number: internal ? '200000' : '031-365 00 00' };
  if (r < 0.95) {
    // From inside: outbound calls and phone codes; from outside: more people by direct number.
    if (!internal) return { kind: 'person (direct)', number: pick(withDirect).directNumber! };
    if (r < 0.9) return { kind: 'outbound', number: pick(OUTBOUND) };
    return { kind: 'phone code', number: pick(['*23 1 1630 #', '#23#', '*23 2 #', '*21 200123 #', '*21 0701234567 #']) };
  }
  return { kind: 'unknown', number: chance(0.5) ? '031-369 99 98' : '299000' };
}
const calls: { kind: string; call: CallRequest }[] = [];
for (let i = 0; i < CALLS; i++) {
  const internal = chance(0.3);
  const d = dialled(internal);
  const caller = internal ? pick(people) : null;
  calls.push({
    kind: d.kind,
    call: {
      caller: caller ? { number: caller.extension!, personId: caller.id } : { number: '+46701234567' },
      dialled: d.number,
      internal,
      at: when(),
      origin: internal ? { kind: 'internal' } : { kind: 'trunk', trunkId: 'trunk-1' },
    },
  });
}

// ---- measure --------------------------------------------------------------------------------
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const cpus = os.cpus();
console.log(`machine: ${cpus[0]?.model ?? 'unknown cpu'} x ${cpus.length}, ${mb(os.totalmem())} RAM, node ${process.version}, ${os.platform()} ${os.arch()}`);
console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`world: ${people.length} people, ${units.length} units, ${functions.length} functions, ${absenceCount} absences`);

const t0 = performance.now();
const snapshot = new SnapshotWorld({
  profile,
  directory: { units, functions, people },
  functionSettings,
  unitSettings,
  registeredContacts: registered,
  absences,
  voicemailDisabled,
  greetings,
});
console.log(`world prepared in ${(performance.now() - t0).toFixed(0)} ms`);

// Warm up the JIT and the time-zone caches on calls that are not measured.
for (let i = 0; i < 2_000; i++) {
  const { call } = calls[i % calls.length]!;
  planCall({ ...call, at: when() }, snapshot.at(call.at));
}

// Each plan on its own clocks, first, so that no cache has seen these calls yet. Wall time is
// the post-dial delay a caller feels; CPU time (getrusage) shows the work itself when other
// processes compete for the cores.
const times: number[] = [];
const cpuTimes: number[] = [];
const byKind = new Map<string, { wall: number[]; cpu: number[] }>();
const endings = new Map<string, number>();
let steps = 0;
let silent = 0;
for (const { kind, call } of calls) {
  const c = process.cpuUsage();
  const t = performance.now();
  const plan = planCall(call, snapshot.at(call.at));
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(c);
  times.push(ms);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  const list = byKind.get(kind) ?? { wall: [], cpu: [] };
  list.wall.push(ms);
  list.cpu.push((cpu.user + cpu.system) / 1000);
  byKind.set(kind, list);
  steps += plan.steps.length;
  const last = plan.steps.at(-1)?.kind ?? 'none';
  endings.set(last, (endings.get(last) ?? 0) + 1);
  if (audibleEndProblems(plan).length > 0) silent++;
}

// Then throughput: the same calls again, with nothing else in the loop (the answering
// machine's cache has now seen some of them).
const wall0 = performance.now();
const cpu0 = process.cpuUsage();
for (const { call } of calls) planCall(call, snapshot.at(call.at));
const wallMs = performance.now() - wall0;
const cpuAll = process.cpuUsage(cpu0);

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
const fmt = (xs: number[]) => {
  const s = sorted(xs);
  return `p50 ${pct(s, 50).toFixed(3)} ms, p99 ${pct(s, 99).toFixed(3)} ms, max ${s.at(-1)!.toFixed(3)} ms`;
};
console.log(`plans: ${calls.length}, ${(steps / calls.length).toFixed(2)} steps on average`);
console.log(`  all, wall time: ${fmt(times)}`);
console.log(`  all, CPU time:  ${fmt(cpuTimes)}`);
for (const [kind, { wall, cpu }] of [...byKind].sort((a, b) => b[1].wall.length - a[1].wall.length)) {
  console.log(`  ${kind} (${wall.length}): wall ${fmt(wall)}; CPU p99 ${pct(sorted(cpu), 99).toFixed(3)} ms`);
}
console.log(`throughput: ${((calls.length / wallMs) * 1000).toFixed(0)} plans/s on one core (${calls.length} plans: ${wallMs.toFixed(0)} ms wall, ${((cpuAll.user + cpuAll.system) / 1000).toFixed(0)} ms CPU)`);
console.log(`endings: ${[...endings].map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`P-FC-1: ${silent} plans could end in silence`);
console.log(`target p99 <= 10 ms: ${pct(sorted(times), 99) <= 10 ? 'met' : 'NOT met'}`);
