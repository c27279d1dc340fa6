// Benchmark of the operator's type-ahead (src/core/directory/search.ts) on a Göteborg-sized
// municipality: 60 000 people. Run: node --import tsx bench/search.ts [people] [queries]
//
// Prints the machine, the index build time and memory growth, and p50/p99/max latency of a
// few thousand realistic type-ahead queries. Target: p99 <= 5 ms on a 2-core machine.
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { SearchIndex } from '../src/core/directory/search.js';
import type { Person, ServiceFunction, Unit } from '../src/core/directory/types.js';

const PEOPLE = Number(process.argv[2] ?? 60_000);
const QUERIES = Number(process.argv[3] ?? 5_000);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

// ---- a seeded PRNG (mulberry32) ----------------------------------------------------------
let seed = 20260424;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
/** Zipf-like: early entries are much more common, as with Swedish names. */
const pickSkewed = <T>(xs: readonly T[]): T => xs[Math.floor(xs.length * random() ** 2.2)]!;

// ---- Swedish material ----------------------------------------------------------------------
const FIRST = `Anna Eva Maria Karin Sara Kristina Lena Emma Kerstin Marie Malin Ingrid Jenny Linda Hanna Sofia Annika
Elin Johanna Ida Birgitta Susanne Carina Elisabeth Monica Helena Åsa Ulla Camilla Louise Therese Frida Agneta Anette
Margareta Cecilia Lisa Julia Matilda Ebba Alva Elsa Astrid Wilma Saga Maja Ella Alice Signe Märta Gunilla Britt Majken
Lars Mikael Anders Johan Per Erik Karl Peter Thomas Jan Daniel Fredrik Hans Andreas Stefan Mohamed Mats Magnus
Bengt Jonas Niklas Oskar Marcus Martin Björn Göran Henrik Patrik Christer Simon Alexander David Emil Viktor Kent Ulf
Jörgen Anton Filip Gustav Hugo Axel Olof Sven Åke Leif Bo Nils Gunnar Rolf Tobias Robin Sebastian Rasmus Joel Ahmed
Ali Fatima Amira Yusuf Zeynep Aisha Omar Leila Mehmet Dragan Jelena Tiina Pekka Kalle Sixten Ture Östen Örjan`.split(/\s+/);

const PATRONYM_ROOTS = `Anders Johans Karls Nils Eriks Lars Olofs Pers Svens Gustafs Jons Pettersson Jakobs Mag Ols Håkans Matts Bengts
Danielsson Mikaels Göran Henriks Åkes Mårtens Isaks Jöns Pålsson Ivars Bertils Månsson Axels Einars Ottos Tors`.split(/\s+/);
const NATURE_HEADS = `Berg Lind Sjö Ström Holm Dahl Lund Ek Björk Gran Ask Al Rosen Lilje Sand Öst Väst Nord Sö Fors Hag
Ny Lövg Hed Strand Ång Vik Åker Back Kvarn Skog Blom Fager Gull Sten Malm Lönn Asp Hassel Ljung Mal Sjögr Bränn`.split(/\s+/);
const NATURE_TAILS = `berg gren ström holm qvist kvist lund dahl man blad ling sten mark vall ander ius ell stam by hage borg åker näs`.split(/\s+/);
const FOREIGN = `Hussein Mohammadi Karimi Popović Nieminen Korhonen Yilmaz Kaya Nowak Kowalski Ahmadi Hosseini Rahimi Novak Lee Nguyen`.split(/\s+/);

function lastName(): string {
  const r = random();
  if (r < 0.45) {
    const root = pickSkewed(PATRONYM_ROOTS);
    return root.endsWith('son') ? root : root.endsWith('s') ? `${root}son` : `${root}sson`;
  }
  if (r < 0.93) return pick(NATURE_HEADS) + pick(NATURE_TAILS);
  return pick(FOREIGN);
}

const DISTRICTS = `Angered Askim Backa Bergsjön Biskopsgården Frölunda Gunnared Hisingen Högsbo Johanneberg Kortedala Kviberg
Lundby Majorna Linné Torslanda Tynnered Västra Hisingen Örgryte Härlanda Centrum Nordost Sydväst Styrsö Hammarkullen Lövgärdet
Tuve Säve Kärra Gårdsten Eriksberg Hjällbo Rannebergen Bagaregården Guldheden Kungsladugård Olskroken Ängelholm Älvsborg`.split(/\s+/);
const FLOWERS = `Solrosen Blåklinten Vitsippan Tussilagon Liljekonvaljen Prästkragen Smörblomman Ekorren Igelkotten Myran Ugglan Räven Björnen Trollet Regnbågen`.split(/\s+/);

interface Administration {
  name: string;
  titles: string[];
  matters: string[];
  units: () => string;
}
const ADMINISTRATIONS: Administration[] = [
  {
    name: 'Förskoleförvaltningen',
    titles: ['Förskollärare', 'Barnskötare', 'Förskolechef', 'Pedagogista', 'Kock', 'Specialpedagog'],
    matters: ['förskoleplats', 'barnomsorg', 'köhantering', 'avgifter förskola', 'inskolning', 'särskilt stöd', 'omsorg på obekväm tid'],
    units: () => `Förskolan ${pick(FLOWERS)} ${pick(DISTRICTS)}`,
  },
  {
    name: 'Grundskoleförvaltningen',
    titles: ['Lärare', 'Rektor', 'Biträdande rektor', 'Fritidspedagog', 'Elevassistent', 'Skolsköterska', 'Kurator', 'Studie- och yrkesvägledare'],
    matters: ['skolskjuts', 'skolval', 'modersmål', 'elevhälsa', 'frånvaro', 'skolskjutsar', 'läxhjälp', 'fritidshem'],
    units: () => `${pick(DISTRICTS)}skolan`,
  },
  {
    name: 'Äldre samt vård- och omsorgsförvaltningen',
    titles: ['Undersköterska', 'Vårdbiträde', 'Sjuksköterska', 'Enhetschef', 'Arbetsterapeut', 'Fysioterapeut', 'Biståndshandläggare'],
    matters: ['hemtjänst', 'trygghetslarm', 'särskilt boende', 'biståndsbeslut', 'färdtjänst', 'matdistribution', 'anhörigstöd', 'demens'],
    units: () => (random() < 0.5 ? `Hemtjänst ${pick(DISTRICTS)}` : `Vård- och omsorgsboende ${pick(DISTRICTS)}`),
  },
  {
    name: 'Socialförvaltningen',
    titles: ['Socialsekreterare', 'Familjebehandlare', 'Handläggare', 'Boendestödjare', 'Enhetschef', 'Samordnare'],
    matters: ['ekonomiskt bistånd', 'försörjningsstöd', 'orosanmälan', 'barn och unga', 'missbruk', 'skuldrådgivning', 'familjerätt', 'våld i nära relationer'],
    units: () => `Socialtjänst ${pick(DISTRICTS)}`,
  },
  {
    name: 'Stadsbyggnadskontoret',
    titles: ['Bygglovshandläggare', 'Byggnadsinspektör', 'Planarkitekt', 'Lantmätare', 'GIS-ingenjör', 'Planhandläggare'],
    matters: ['bygglov', 'marklov', 'rivningslov', 'detaljplan', 'strandskydd', 'förhandsbesked', 'nybyggnadskarta', 'ovårdade tomter', 'bygglovsfrågor'],
    units: () => pick(['Bygglovsenheten', 'Planenheten', 'Geodata', 'Tillsynsenheten', 'Kundcenter bygg']) + ` ${pick(['Nord', 'Syd', 'Väst', 'Öst', 'Centrum'])}`,
  },
  {
    name: 'Miljöförvaltningen',
    titles: ['Miljöinspektör', 'Livsmedelsinspektör', 'Miljöutredare', 'Hälsoskyddsinspektör'],
    matters: ['livsmedelskontroll', 'buller', 'avlopp', 'radon', 'miljötillsyn', 'förorenad mark', 'luftkvalitet', 'serveringstillstånd'],
    units: () => pick(['Livsmedelsenheten', 'Miljötillsynsenheten', 'Hälsoskyddsenheten', 'Miljöanalys']),
  },
  {
    name: 'Stadsmiljöförvaltningen',
    titles: ['Trafikplanerare', 'Parkingenjör', 'Projektledare', 'Gatuingenjör', 'Trädvårdare'],
    matters: ['parkering', 'gatubelysning', 'snöröjning', 'parkeringstillstånd', 'trafiksäkerhet', 'lekplatser', 'grävtillstånd', 'felanmälan'],
    units: () => pick(['Trafik', 'Park och natur', 'Gata och anläggning', 'Kollektivtrafik']) + ` ${pick(DISTRICTS)}`,
  },
  {
    name: 'Stadsledningskontoret',
    titles: ['Ekonom', 'Controller', 'HR-konsult', 'Kommunikatör', 'Jurist', 'Nämndsekreterare', 'Registrator', 'Arkivarie', 'IT-tekniker', 'Utredare'],
    matters: ['löner', 'upphandling', 'diarium', 'allmänna handlingar', 'arkiv', 'fakturor', 'GDPR', 'webbplatsen', 'lönefrågor', 'kommunfullmäktige'],
    units: () => pick(['Ekonomienheten', 'HR-avdelningen', 'Kommunikationsavdelningen', 'Juridik', 'Kansliet', 'Digitalisering', 'Växeln', 'Kontaktcenter']),
  },
  {
    name: 'Kulturförvaltningen',
    titles: ['Bibliotekarie', 'Kulturarbetare', 'Museipedagog', 'Bibliotekschef'],
    matters: ['bibliotek', 'kulturstöd', 'föreningsbidrag', 'utställningar', 'kulturskolan', 'evenemang'],
    units: () => `${pick(DISTRICTS)} bibliotek`,
  },
  {
    name: 'Fastighetskontoret',
    titles: ['Fastighetsförvaltare', 'Vaktmästare', 'Drifttekniker', 'Förvaltare', 'Lokalvårdare'],
    matters: ['lokaler', 'arrende', 'markupplåtelse', 'tomtkö', 'felanmälan fastighet', 'hyresavtal'],
    units: () => pick(['Förvaltning', 'Markenheten', 'Drift och underhåll', 'Lokalvård']) + ` ${pick(DISTRICTS)}`,
  },
];

// ---- generate the municipality -----------------------------------------------------------
const units: Unit[] = [];
const functions: ServiceFunction[] = [];
const unitIdsByAdmin = new Map<Administration, string[]>();
for (const [i, admin] of ADMINISTRATIONS.entries()) {
  const adminId = `a${i}`;
  units.push({ id: adminId, name: admin.name, kind: 'administration' });
  // Up to 30 distinct units; administrations with few unit names get fewer.
  const names = new Set<string>();
  for (let tries = 0; tries < 300 && names.size < 30; tries++) names.add(admin.units());
  const ids: string[] = [];
  [...names].forEach((name, j) => {
    const id = `a${i}u${j}`;
    units.push({ id, name, kind: 'unit', parentId: adminId });
    ids.push(id);
  });
  unitIdsByAdmin.set(admin, ids);
  for (const m of admin.matters.slice(0, 3)) {
    const name = m[0]!.toUpperCase() + m.slice(1);
    functions.push({ id: `f${functions.length}`, name, unitId: adminId, memberIds: [] });
  }
}

const people: Person[] = [];
for (let i = 0; i < PEOPLE; i++) {
  const admin = pickSkewed(ADMINISTRATIONS);
  const matters = new Set<string>();
  const nMatters = Math.floor(random() * 4);
  while (matters.size < nMatters) matters.add(pick(admin.matters));
  const adminFunctions = functions.filter((f) => f.unitId === `a${ADMINISTRATIONS.indexOf(admin)}`);
  const functionIds = random() < 0.15 ? [pick(adminFunctions).id] : [];
  people.push({
    id: `p${i}`,
    firstName: random() < 0.1 ? `${pick(FIRST)}-${pick(FIRST)}` : pickSkewed(FIRST),
    lastName: lastName(),
    title: pick(admin.titles),
    unitId: pick(unitIdsByAdmin.get(admin)!),
    functionIds,
    extension: String(100000 + i),
    mobileExtension: false,
    matters: [...matters],
    role: 'employee',
    electedMember: false,
  });
}

// ---- realistic type-ahead queries ----------------------------------------------------------
const prefix = (s: string, min = 1) => s.slice(0, min + Math.floor(random() * Math.max(1, s.length - min)));
const fold = (s: string) => s.replace(/[åä]/g, 'a').replace(/[ÅÄ]/g, 'A').replace(/ö/g, 'o').replace(/Ö/g, 'O');
function typo(s: string): string {
  const i = 1 + Math.floor(random() * (s.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0:
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2); // swap
    case 1:
      return s.slice(0, i) + s.slice(i + 1); // missing
    case 2:
      return s.slice(0, i) + s[i] + s.slice(i); // doubled
    default:
      return s.slice(0, i) + 'e' + s.slice(i + 1); // wrong letter
  }
}
const allMatters = ADMINISTRATIONS.flatMap((a) => a.matters);
const allTitles = ADMINISTRATIONS.flatMap((a) => a.titles);
const inflect = (w: string) => w + pick(['en', 'et', 's', 'erna', 'arna', 'na', 'n']);

const queries: { kind: string; q: string }[] = [];
for (let i = 0; i < QUERIES; i++) {
  const p = pick(people);
  const r = random();
  let kind: string;
  let q: string;
  if (r < 0.2) [kind, q] = ['first name prefix', prefix(p.firstName)];
  else if (r < 0.35) [kind, q] = ['last name prefix', prefix(p.lastName)];
  else if (r < 0.5) [kind, q] = ['first + last prefix', `${p.firstName} ${prefix(p.lastName)}`];
  else if (r < 0.6) [kind, q] = ['matter prefix', prefix(pick(allMatters), 2)];
  else if (r < 0.68) [kind, q] = ['inflected matter', inflect(pick(allMatters).split(' ')[0]!)];
  else if (r < 0.78) [kind, q] = ['typo in last name', typo(p.lastName.length >= 5 ? p.lastName : `${p.lastName}sson`)];
  else if (r < 0.86) [kind, q] = ['without å ä ö', fold(random() < 0.5 ? p.lastName : pick(DISTRICTS))];
  else if (r < 0.94) [kind, q] = ['title prefix', prefix(pick(allTitles), 2)];
  else [kind, q] = ['name + matter', `${prefix(p.firstName, 2)} ${prefix(pick(allMatters), 3)}`];
  queries.push({ kind, q });
}

// ---- measure --------------------------------------------------------------------------------
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const cpus = os.cpus();
console.log(`machine: ${cpus[0]?.model ?? 'unknown cpu'} x ${cpus.length}, ${mb(os.totalmem())} RAM, node ${process.version}, ${os.platform()} ${os.arch()}`);
// Other work on the machine shows up in the latencies; the load average says how much there was.
console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`directory: ${people.length} people, ${units.length} units, ${functions.length} functions`);

gc();
const before = process.memoryUsage();
const t0 = performance.now();
const index = new SearchIndex().build(people, units, functions);
const buildMs = performance.now() - t0;
gc();
const after = process.memoryUsage();
const stats = index.stats();
console.log(`index: ${stats.words} distinct words, ${stats.postings} postings, ${stats.typoKeys} typo keys`);
console.log(`build: ${buildMs.toFixed(0)} ms; heap +${mb(after.heapUsed - before.heapUsed)}, array buffers +${mb(after.arrayBuffers - before.arrayBuffers)}, RSS +${mb(after.rss - before.rss)}`);

// Warm up the JIT on other queries, then measure.
for (let i = 0; i < 500; i++) index.search(queries[i % queries.length]!.q, 10);

// Wall time is what the operator feels; CPU time (getrusage, microsecond resolution) shows
// the work itself when other processes compete for the cores.
const times: number[] = [];
const cpuTimes: number[] = [];
const byKind = new Map<string, number[]>();
const slowest: { q: string; ms: number; hits: number }[] = [];
let found = 0;
for (const { kind, q } of queries) {
  const c = process.cpuUsage();
  const t = performance.now();
  const hits = index.search(q, 10);
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(c);
  times.push(ms);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  if (hits.length > 0) found++;
  byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
  slowest.push({ q, ms, hits: hits.length });
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(3)} ms, p99 ${pct(xs, 99).toFixed(3)} ms, max ${Math.max(...xs).toFixed(3)} ms`;
console.log(`search: ${queries.length} queries, limit 10, ${((found / queries.length) * 100).toFixed(1)} % with hits`);
console.log(`  all, wall time: ${fmt(times)}`);
console.log(`  all, CPU time:  ${fmt(cpuTimes)}`);
for (const [kind, xs] of byKind) console.log(`  ${kind} (${xs.length}): ${fmt(xs)}`);
slowest.sort((a, b) => b.ms - a.ms);
console.log(`  slowest: ${slowest
  .slice(0, 5)
  .map((s) => `"${s.q}" ${s.ms.toFixed(2)} ms`)
  .join(', ')}`);

// Incremental updates: an operator or HR changing one person at a time.
const updates: number[] = [];
for (let i = 0; i < 200; i++) {
  const p = pick(people);
  const t = performance.now();
  index.upsert({ ...p, title: pick(allTitles), matters: [pick(allMatters)] });
  updates.push(performance.now() - t);
}
console.log(`upsert: 200 updates, ${fmt(updates)}`);
console.log(`target p99 <= 5 ms: ${pct(times, 99) <= 5 ? 'met' : 'NOT met'}`);
