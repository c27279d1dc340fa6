import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import { Temporal } from '../core/time.js';
import { checkDemoMunicipality } from './check.js';
import { DEFAULT_DEMO_SEED, demoInstant, generateDemoMunicipality } from './generate.js';
import { valdemarsvik } from '../core/policy/profiles/index.js';
import { OTHER_ORIGINS } from './names.js';
import { isPtsFictionNumber } from './numbers.js';
import type { DemoMunicipality, DemoPerson } from './types.js';

const REF = '2026-03-25'; // a Wednesday
const SEEDS = [DEFAULT_DEMO_SEED, 1, 2, 'gryt', 'x'];
const demo = (seed: number | string = DEFAULT_DEMO_SEED, referenceDate = REF): DemoMunicipality =>
  generateDemoMunicipality({ seed, referenceDate });
const base = demo();
const byKey = new Map(base.people.map((p) => [p.key, p]));
const person = (key: string | null): DemoPerson => {
  const p = byKey.get(key ?? '');
  assert.ok(p !== undefined, `no person ${key}`);
  return p;
};

test('deterministic: the same seed and date give the same municipality', () => {
  assert.deepEqual(demo(), demo());
  assert.deepEqual(demo(7), demo(7));
  assert.deepEqual(generateDemoMunicipality({ seed: 'a', referenceDate: Temporal.PlainDate.from(REF) }), demo('a'));
});

test('another seed gives other people in the same organisation', () => {
  const other = demo('another');
  assert.notDeepEqual(other.people.map((p) => p.email), base.people.map((p) => p.email));
  assert.deepEqual(other.units, base.units);
  assert.deepEqual(other.people.map((p) => p.key), base.people.map((p) => p.key));
});

test('the reference date moves absences and messages, not people', () => {
  const later = demo(DEFAULT_DEMO_SEED, '2026-11-04');
  assert.deepEqual(later.people, base.people);
  assert.deepEqual(later.functions, base.functions);
  assert.notDeepEqual(later.absences, base.absences);
  assert.equal(later.referenceDate, '2026-11-04');
});

test('plain data: survives a JSON round trip unchanged', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(base)), base);
});

test('about 300 people for every seed', () => {
  for (const seed of SEEDS) {
    const n = demo(seed).people.length;
    assert.ok(n >= 250 && n <= 350, `seed ${seed}: ${n} people`);
  }
});

test('the consistency check finds nothing for any seed (keys resolve, numbers and e-mails unique)', () => {
  for (const seed of SEEDS) assert.deepEqual(checkDemoMunicipality(demo(seed)), [], `seed ${seed}`);
  for (const date of ['2026-03-28', '2026-03-29', '2026-10-25', '2027-01-01']) {
    assert.deepEqual(checkDemoMunicipality(demo(DEFAULT_DEMO_SEED, date)), [], `date ${date}`);
  }
});

test('the consistency check does find broken data', () => {
  const codes = (m: DemoMunicipality): string[] => checkDemoMunicipality(m).map((p) => p.code).sort();
  const copy = (): DemoMunicipality => structuredClone(base);

  const dupExt = copy();
  (dupExt.people[1] as DemoPerson).extension = (dupExt.people[0] as DemoPerson).extension;
  assert.deepEqual(codes(dupExt), ['demo.extension.duplicate']);

  const dupMail = copy();
  (dupMail.people[1] as DemoPerson).email = (dupMail.people[0] as DemoPerson).email;
  assert.deepEqual(codes(dupMail), ['demo.person.email.duplicate']);

  const cycle = copy();
  const director = cycle.people.find((p) => p.managerKey === null && !p.electedMember) as DemoPerson;
  director.managerKey = cycle.people.find((p) => p.managerKey === director.key)?.key ?? null;
  assert.ok(codes(cycle).includes('demo.person.manager.cycle'));

  const dangling = copy();
  (dangling.people[5] as DemoPerson).unitKey = 'no-such-unit';
  (dangling.functions[0] as { memberKeys: string[] }).memberKeys = [];
  assert.deepEqual([...new Set(codes(dangling))], ['demo.function.empty', 'demo.person.function.mismatch', 'demo.unit.unknown']);

  const stranger = copy();
  const viaFunction = stranger.callbacks.find((c) => c.viaFunctionKey !== null);
  if (viaFunction !== undefined) viaFunction.forPersonKey = (stranger.people[0] as DemoPerson).key;
  assert.deepEqual(codes(stranger), ['demo.callback.owner.not-member']);

  const foreign = copy();
  (foreign.functions[1] as { directNumber: string | null }).directNumber = '+46406280499';
  assert.deepEqual(codes(foreign), ['demo.number.outside']);

  const voicemail = copy();
  (voicemail.people[2] as DemoPerson).extension = voicemail.numberPlan.voicemailNumber;
  assert.deepEqual(codes(voicemail), ['demo.extension.reserved']);

  const comma = copy();
  (comma.people[3] as DemoPerson).matters = ['vårdnad, boende'];
  assert.deepEqual(codes(comma), ['demo.person.matter.separator']);

  const outside = copy();
  (outside.people[0] as DemoPerson).extension = '4000';
  assert.deepEqual(codes(outside), ['demo.extension.outside']);
  const [first] = checkDemoMunicipality(outside);
  assert.match(first?.sv ?? '', /utanför nummerplanen/);
  assert.equal(first?.field, `people.${outside.people[0]?.key}.extension`);
});

test('extensions: four digits, unique, inside the profile’s 2000–2999, in blocks per sector', () => {
  const exts = [...base.people.map((p) => p.extension), ...base.functions.map((f) => f.extension)];
  assert.equal(new Set(exts).size, exts.length);
  for (const e of exts) assert.ok(/^\d{4}$/.test(e) && Number(e) >= 2000 && Number(e) <= 2999, e);
  assert.deepEqual(base.numberPlan.extensionRanges, valdemarsvik.numberPlan.extensionRanges);
  assert.ok(!exts.includes(base.numberPlan.voicemailNumber));
  const sectorOf = (p: DemoPerson): string => {
    let u = base.units.find((x) => x.key === p.unitKey);
    while (u?.parentKey != null) u = base.units.find((x) => x.key === u?.parentKey);
    return u?.key ?? '';
  };
  const within = (sector: string, from: number, to: number): boolean =>
    base.people.filter((p) => sectorOf(p) === sector).every((p) => Number(p.extension) >= from && Number(p.extension) <= to);
  assert.ok(within('utb', 2300, 2499));
  assert.ok(within('vo', 2500, 2699));
  assert.equal(base.functions.find((f) => f.key === 'vaxeln')?.extension, base.numberPlan.switchboardExtension);
});

test('e-mails: firstname.lastname@valdemarsvik.example, lower case, unique', () => {
  const emails = base.people.map((p) => p.email);
  assert.equal(new Set(emails).size, emails.length);
  for (const e of emails) assert.match(e, /^[a-z0-9-]+\.[a-z0-9-]+\d*@valdemarsvik\.example$/);
  const asa = base.people.find((p) => /[åäöé]/i.test(p.firstName + p.lastName));
  assert.ok(asa !== undefined, 'some names have å, ä, ö or é');
  assert.ok(!/[åäöé]/.test(asa.email), asa.email);
});

test('no manager cycles; the chain from anyone ends at the kommundirektör or a politician', () => {
  const director = base.people.filter((p) => p.title === 'kommundirektör');
  assert.equal(director.length, 1);
  for (const p of base.people) {
    const seen = new Set<string>();
    let q = p;
    while (q.managerKey !== null) {
      assert.ok(!seen.has(q.key), `cycle from ${p.key}`);
      seen.add(q.key);
      q = person(q.managerKey);
    }
    assert.ok(q.key === director[0]?.key || q.electedMember, `${p.key} ends at ${q.key}`);
  }
});

test('unit heads report to sector heads, sector heads to the kommundirektör', () => {
  const director = base.people.find((p) => p.title === 'kommundirektör') as DemoPerson;
  const unitHead = base.people.find((p) => p.title === 'enhetschef försörjningsstöd') as DemoPerson;
  assert.equal(person(unitHead.managerKey).title, 'sektorschef individ- och familjeomsorg');
  for (const p of base.people.filter((x) => x.title.startsWith('sektorschef'))) assert.equal(p.managerKey, director.key, p.title);
  assert.equal(director.managerKey, null);
  // Staff report to their own unit's head.
  const worker = base.people.find((p) => p.title === 'socialsekreterare' && p.unitKey === 'ifo-forsorjningsstod') as DemoPerson;
  assert.equal(worker.managerKey, unitHead.key);
  // A unit without a head of its own is led from the sector.
  const traffic = base.people.find((p) => p.title === 'färdtjänsthandläggare') as DemoPerson;
  assert.equal(person(traffic.managerKey).title, 'sektorschef samhällsbyggnad');
});

test('roles: managers are heads, operators answer the switchboard, two IT admins', () => {
  const count = (role: string): number => base.people.filter((p) => p.role === role).length;
  assert.equal(count('admin'), 2);
  assert.ok(base.people.filter((p) => p.role === 'admin').every((p) => p.unitKey === 'klf-it'));
  assert.ok(count('operator') >= 3);
  assert.ok(base.people.filter((p) => p.role === 'operator').every((p) => p.functionKeys.includes('vaxeln')));
  assert.ok(count('employee') > 0.75 * base.people.length, 'mostly employees');
  for (const p of base.people.filter((x) => x.role === 'manager')) {
    assert.ok(base.people.some((q) => q.managerKey === p.key), `${p.title} ${p.key} manages someone`);
  }
});

test('P-FUP-3: elected members are employees in the directory, outside the manager chain', () => {
  const elected = base.people.filter((p) => p.electedMember);
  assert.ok(elected.length >= 2);
  assert.ok(elected.some((p) => p.title === 'kommunstyrelsens ordförande'));
  for (const p of elected) {
    assert.equal(p.role, 'employee');
    assert.equal(p.managerKey, null);
  }
});

test('every function has members, an extension, a direct number and a ring strategy', () => {
  const names = base.functions.map((f) => f.name);
  for (const n of ['Växeln', 'Bygglov', 'Kundtjänst VA/avfall', 'Färdtjänst', 'Försörjningsstöd rådgivning', 'Förskoleplacering', 'IT-support', 'Löneservice']) {
    assert.ok(names.includes(n), n);
  }
  assert.ok(base.functions.filter((f) => f.name.startsWith('Expeditionen')).length >= 3);
  for (const f of base.functions) {
    assert.ok(f.memberKeys.length >= 1, f.key);
    assert.ok(f.directNumber !== null, f.key);
    assert.ok(f.ringStrategy === 'together' || f.ringStrategy === 'in-turn');
    for (const k of f.memberKeys) assert.ok(person(k).functionKeys.includes(f.key));
  }
  assert.equal(base.functions.find((f) => f.key === 'vaxeln')?.directNumber, base.numberPlan.mainNumber);
});

test('P-DIV-10: units have a reception to refer to during vacation', () => {
  const receptions = new Set(base.functions.map((f) => f.key));
  const withReception = base.units.filter((u) => u.receptionFunctionKey !== null);
  assert.ok(withReception.length > base.units.length / 2);
  for (const u of withReception) assert.ok(receptions.has(u.receptionFunctionKey as string));
});

test('the organisation has the three levels and the units the brief names', () => {
  const kinds = new Set(base.units.map((u) => u.kind));
  assert.deepEqual([...kinds].sort(), ['administration', 'sector', 'unit']);
  const names = base.units.map((u) => u.name);
  for (const n of ['Kommunledningsförvaltningen', 'Växel och kontaktcenter', 'Bygglov', 'Gata och park', 'VA och avfall', 'Elevhälsa', 'Biståndsenheten', 'Försörjningsstöd', 'Barn och familj', 'Biblioteket', 'Fritidsgården']) {
    assert.ok(names.includes(n), n);
  }
  assert.ok(names.filter((n) => n.startsWith('Hemtjänst')).length >= 2);
  assert.ok(names.filter((n) => /förskola|Förskolan/.test(n)).length >= 3);
});

test('P-HRS-1: Försörjningsstöd answers 09–11 on weekdays', () => {
  const u = base.units.find((x) => x.name === 'Försörjningsstöd');
  assert.deepEqual(u?.phoneHours?.weekly, Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ from: '09:00', to: '11:00' }]])));
  assert.equal(u?.phoneHours?.note, 'Telefontid måndag–fredag 09.00–11.00');
  // Schools answer during working hours: no special phone hours.
  assert.equal(base.units.find((x) => x.key === 'utb-sorby')?.phoneHours, null);
});

test('every matter word of the brief appears in people’s matters', () => {
  const matters = new Set(base.people.flatMap((p) => p.matters));
  for (const m of ['bygglov', 'strandskydd', 'detaljplan', 'försörjningsstöd', 'ekonomiskt bistånd', 'förskoleplacering', 'skolskjuts', 'färdtjänst', 'bostadsanpassning', 'avfall', 'slamtömning', 'snöröjning', 'vatten och avlopp', 'hemtjänst', 'LSS', 'bistånd', 'lön', 'IT-support']) {
    assert.ok(matters.has(m), m);
  }
  assert.ok([...matters].some((m) => m.startsWith('felanmälan')));
  assert.ok(base.people.every((p) => p.matters.length > 0));
});

test('demo logins: one of each role, fixed across seeds, matching their people', () => {
  // As documented in src/demo/README.md.
  const expected = [
    { role: 'admin', email: 'maria.lindqvist@valdemarsvik.example', extension: '2151', directNumber: null, mobileNumber: '+46701740697' },
    { role: 'operator', email: 'sara.nilsson@valdemarsvik.example', extension: '2171', directNumber: null, mobileNumber: null },
    { role: 'manager', email: 'johan.ek@valdemarsvik.example', extension: '2210', directNumber: null, mobileNumber: '+46701740698' },
    { role: 'employee', email: 'anna.berg@valdemarsvik.example', extension: '2211', directNumber: '+46846500419', mobileNumber: '+46701740699' },
  ];
  for (const seed of SEEDS) {
    const m = demo(seed);
    const logins = m.demoLogins.map(({ role, email, extension, directNumber, mobileNumber }) => ({ role, email, extension, directNumber, mobileNumber }));
    assert.deepEqual(logins, expected, `seed ${seed}`);
    for (const l of m.demoLogins) {
      const p = m.people.find((x) => x.key === l.personKey) as DemoPerson;
      assert.equal(p.role, l.role);
      assert.equal(p.email, l.email);
      assert.equal(p.mobileNumber, l.mobileNumber);
      assert.ok(l.password.startsWith('demo') && l.password.length >= 8);
    }
    // The documented names are unique in the directory.
    for (const l of m.demoLogins) {
      const p = m.people.find((x) => x.key === l.personKey) as DemoPerson;
      assert.equal(m.people.filter((x) => x.firstName === p.firstName && x.lastName === p.lastName).length, 1);
    }
  }
  const [, , manager, employee] = base.demoLogins;
  // The demo manager leads the demo employee, so that P-DIV-8 can be tried.
  assert.equal(person(employee?.personKey ?? '').managerKey, manager?.personKey);
});

test('names look Swedish: the most common names appear, and some of other origins', () => {
  const firsts = new Set<string>();
  const lasts = new Set<string>();
  let otherOrigin = 0;
  let total = 0;
  const otherFirst = new Set(OTHER_ORIGINS.flatMap((o) => [...o.women, ...o.men]));
  for (const seed of SEEDS) {
    for (const p of demo(seed).people) {
      firsts.add(p.firstName);
      lasts.add(p.lastName);
      total++;
      if (otherFirst.has(p.firstName)) otherOrigin++;
    }
  }
  for (const n of ['Anna', 'Eva', 'Maria', 'Karin', 'Lars', 'Anders', 'Mikael', 'Johan']) assert.ok(firsts.has(n), n);
  for (const n of ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson']) assert.ok(lasts.has(n), n);
  // Staff of other origins: about one in eight, more in care.
  assert.ok(otherOrigin / total > 0.06 && otherOrigin / total < 0.25, `other origins ${otherOrigin / total}`);
  // In one demo, the top surnames appear more than once; no rare one dominates.
  const counts = new Map<string, number>();
  for (const p of base.people) counts.set(p.lastName, (counts.get(p.lastName) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n]) => n);
  assert.ok(ranked.every((n) => n.endsWith('son')), ranked.join());
});

test('numbers: direct numbers from PTS fiction series, mobiles in 070-174, all valid', () => {
  const directs = [...base.people.flatMap((p) => (p.directNumber ? [p.directNumber] : [])), ...base.functions.map((f) => f.directNumber as string)];
  assert.ok(directs.every(isPtsFictionNumber));
  const mobiles = base.people.flatMap((p) => (p.mobileNumber ? [p.mobileNumber] : []));
  assert.ok(mobiles.length > base.people.length / 3, `many have a mobile: ${mobiles.length}`);
  assert.ok(mobiles.length < base.people.length, 'not everyone');
  assert.equal(new Set(mobiles).size, mobiles.length);
  for (const n of mobiles) {
    assert.ok(n.startsWith('+4670174'), n);
    assert.equal(parsePhoneNumber(n).getType(), 'MOBILE', n);
  }
  // All reserved mobile numbers are used first, except the profile's on-call examples.
  const onCall = new Set(valdemarsvik.onCall.map((o) => o.number));
  assert.ok(mobiles.every((n) => !onCall.has(n)));
  const reservedFree = Array.from({ length: 95 }, (_, i) => `+46701740${605 + i}`).filter((n) => !onCall.has(n));
  assert.deepEqual(mobiles.filter(isPtsFictionNumber).sort(), reservedFree);
  // P-MOB-8: some people's extension also rings their mobile.
  const mex = base.people.filter((p) => p.mobileExtension);
  assert.ok(mex.length > 5 && mex.every((p) => p.mobileNumber !== null));
  // The profile's direct-number series is small: the top and the case officers get one.
  const withDirect = base.people.filter((p) => p.directNumber !== null);
  assert.ok(withDirect.length >= 25, `${withDirect.length} direct numbers`);
  assert.ok(withDirect.some((p) => p.title === 'kommundirektör') && withDirect.some((p) => p.title === 'bygglovshandläggare'));
});

test('absences today: meetings, one sick, lunches; all with a reason and an end (P-DIV-2, P-DIV-3)', () => {
  const today = base.absences.filter((a) => a.start.date === REF && a.recurrence === null);
  assert.ok(today.filter((a) => a.reason === 'meeting').length >= 3);
  assert.equal(base.absences.filter((a) => a.reason === 'sick').length, 1);
  for (const a of base.absences) {
    assert.ok(`${a.end.date}T${a.end.time}` > `${a.start.date}T${a.start.time}`, a.key);
  }
  const reasons = new Set(base.absences.map((a) => a.reason));
  for (const r of ['meeting', 'lunch', 'sick', 'leave', 'vacation', 'business-trip', 'training', 'out', 'gone-for-day']) assert.ok(reasons.has(r as never), r);
});

test('P-DIV-3: a meeting followed by lunch for the same person, touching at 12:00', () => {
  const lunch = base.absences.find((a) => a.reason === 'lunch' && a.recurrence === null);
  const meeting = base.absences.find((a) => a.reason === 'meeting' && a.personKey === lunch?.personKey);
  assert.deepEqual(meeting?.end, lunch?.start);
  assert.deepEqual(lunch?.end, { date: REF, time: '13:00' });
});

test('P-DIV-10: vacation this week refers callers to the reception', () => {
  const vacations = base.absences.filter((a) => a.reason === 'vacation' && a.start.date === '2026-03-23');
  assert.equal(vacations.length, 3);
  for (const v of vacations) {
    assert.deepEqual(v.end, { date: '2026-03-30', time: '08:00' });
    const unit = base.units.find((u) => u.key === person(v.personKey).unitKey);
    assert.deepEqual(v.target, unit?.receptionFunctionKey ? { kind: 'reception' } : { kind: 'voicemail' });
  }
  // P-DIV-5: one vacation is planned weeks ahead.
  assert.ok(base.absences.some((a) => a.reason === 'vacation' && a.start.date > '2026-04-06'));
});

test('P-DIV-8: the sick employee was diverted by their manager; P-DIV-7: the switchboard entered one', () => {
  const sick = base.absences.find((a) => a.reason === 'sick');
  assert.equal(sick?.createdByKey, person(sick?.personKey ?? '').managerKey);
  assert.ok(base.absences.some((a) => a.createdByKey !== a.personKey && person(a.createdByKey).role === 'operator'));
});

test('recurring Tuesday lunches, 12:00–13:00 local, including the demo employee', () => {
  const lunches = base.absences.filter((a) => a.recurrence !== null);
  assert.ok(lunches.length >= 3);
  for (const l of lunches) {
    assert.equal(l.reason, 'lunch');
    assert.deepEqual(l.recurrence?.weekdays, [2]);
    assert.deepEqual([l.recurrence?.startTime, l.recurrence?.endTime, l.recurrence?.until], ['12:00', '13:00', null]);
    assert.deepEqual([l.start.time, l.end.time], ['12:00', '13:00']);
    assert.equal(Temporal.PlainDate.from(l.start.date).dayOfWeek, 2);
  }
  assert.ok(lunches.some((l) => l.personKey === base.demoLogins[3]?.personKey));
});

test('demo logins other than the employee’s lunch stay available', () => {
  const loginKeys = new Set(base.demoLogins.map((l) => l.personKey));
  const theirs = base.absences.filter((a) => loginKeys.has(a.personKey));
  assert.deepEqual(theirs.map((a) => a.reason), ['lunch']);
});

test('on a weekend, absences go to Monday and messages stay in the past', () => {
  const saturday = demo(DEFAULT_DEMO_SEED, '2026-03-28');
  const meetings = saturday.absences.filter((a) => a.reason === 'meeting');
  assert.ok(meetings.every((a) => a.start.date === '2026-03-30'), meetings.map((a) => a.start.date).join());
  for (const c of saturday.callbacks) {
    assert.ok(c.received.date <= '2026-03-27', c.received.date);
    assert.ok(Temporal.PlainDate.from(c.received.date).dayOfWeek <= 5);
  }
});

test('P-CB-1: open messages with fictional callers, some new and some days old', () => {
  assert.ok(base.callbacks.length >= 5);
  for (const c of base.callbacks) {
    assert.ok(isPtsFictionNumber(c.callerNumber), c.callerNumber);
    assert.match(c.callerName, /^\S+ \S+/);
    assert.ok(c.subject.length > 5);
    assert.ok(c.received.date <= REF);
    if (c.source === 'operator') assert.equal(person(c.takenByKey).role, 'operator');
  }
  const dates = new Set(base.callbacks.map((c) => c.received.date));
  assert.ok(dates.has(REF) && dates.size >= 3);
  // Messages to a function are owned by one of its members.
  const via = base.callbacks.filter((c) => c.viaFunctionKey !== null);
  assert.ok(via.length >= 2 && via.length < base.callbacks.length);
  for (const c of via) assert.ok(person(c.forPersonKey).functionKeys.includes(c.viaFunctionKey as string), c.key);
  for (const c of base.callbacks) {
    assert.equal(c.unitKey, person(c.forPersonKey).unitKey);
    assert.equal(c.callerEmail === null, c.source !== 'web', c.key);
  }
  assert.match(base.callbacks.find((c) => c.source === 'web')?.callerEmail ?? '', /^[a-z-]+\.[a-z-]+@example\.com$/);
  // The demo employee has a message to return.
  assert.ok(base.callbacks.some((c) => c.forPersonKey === base.demoLogins[3]?.personKey));
});

test('message subjects follow the season and the month', () => {
  const subjects = (date: string): string[] => demo(DEFAULT_DEMO_SEED, date).callbacks.map((c) => c.subject);
  const march = subjects('2026-03-25');
  assert.ok(march.includes('Snöröjning – plogvallen blockerar infarten'));
  assert.ok(march.includes('Förskoleplacering – önskar plats från juli'), march.join(' | '));
  assert.ok(march.includes('Lönespecifikationen för mars har inte kommit'));
  const june = subjects('2026-06-10');
  assert.ok(!june.some((x) => x.startsWith('Snöröjning')));
  assert.ok(june.includes('Förskoleplacering – önskar plats från oktober'), june.join(' | '));
});

test('pure: the generator never reads the clock or Math.random', () => {
  const dir = new URL('.', import.meta.url);
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  assert.ok(sources.length >= 5);
  for (const f of sources) {
    // Code only: comments may name what the code avoids.
    const text = readFileSync(new URL(f, dir), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const banned of ['Math.random', 'Date.now', 'new Date(', 'Temporal.Now', 'process.']) {
      assert.ok(!text.includes(banned), `${f} uses ${banned}`);
    }
  }
});

test('demoInstant: local Stockholm time, winter and summer', () => {
  assert.equal(demoInstant({ date: '2026-03-25', time: '09:00' }).toString(), '2026-03-25T08:00:00Z');
  assert.equal(demoInstant({ date: '2026-06-02', time: '12:00' }).toString(), '2026-06-02T10:00:00Z');
  // The spring gap: 02:30 does not exist on 29 March 2026 and moves forward to 03:30.
  assert.equal(demoInstant({ date: '2026-03-29', time: '02:30' }).toString(), '2026-03-29T01:30:00Z');
});
