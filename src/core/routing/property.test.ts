// Property test: over many generated worlds (seeded with the demo generator, so a failure can be
// replayed), every plan ends audibly (P-FC-1), forwards only to internal numbers (P-COST-1),
// rings no one twice and only people who exist, and is the same when asked twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mondayToFriday, type HoursSettings } from '../hours/index.js';
import { Random } from '../../demo/random.js';
import { PROFILES, type MunicipalityProfile } from '../policy/index.js';
import type { DiversionTarget, PresenceStatus } from '../presence/index.js';
import { Temporal, instant, type Instant } from '../time.js';
import { audibleEndProblems, externalForwards } from './invariants.js';
import type { CallPlan } from './plan.js';
import { planCall } from './route.js';
import type { CallRequest, FunctionFacts, NumberTarget, PersonFacts, RoutingWorld, UnitFacts } from './world.js';

const WORLDS = 400;
const CALLS_PER_WORLD = 12;

// Instants that stress the hours: DST nights, Easter, midsummer, Christmas, a lunch break.
const SPECIAL_INSTANTS = [
  '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z',
  '2026-04-02T10:30:00Z', '2026-04-03T09:00:00Z', '2026-04-06T09:00:00Z', '2026-06-19T09:00:00Z',
  '2026-12-24T10:00:00Z', '2026-12-31T15:00:00Z', '2026-04-22T10:30:00Z', '2027-03-28T01:30:00Z',
].map(instant);
const FROM = instant('2026-01-01T00:00:00Z').epochMilliseconds;
const SPAN = instant('2028-01-01T00:00:00Z').epochMilliseconds - FROM;

/** The demo's seeded generator, with the shapes of data routing reads. */
class Gen extends Random {
  instant(): Instant {
    return this.chance(0.3) ? this.pick(SPECIAL_INSTANTS) : Temporal.Instant.fromEpochMilliseconds(FROM + Math.floor(this.next() * SPAN));
  }
  hours(): HoursSettings {
    const from = 6 + this.int(6);
    const to = from + 1 + this.int(10);
    const clock = (h: number) => `${String(h).padStart(2, '0')}:${this.pick(['00', '30'])}`;
    return { weekly: mondayToFriday([{ from: clock(from), to: clock(Math.min(to, 23)) }]), halfDays: { kinds: [], intervals: [] }, closedOnSundayLikeEves: this.chance(0.5), exceptions: [] };
  }
}

interface RandomWorld {
  world: RoutingWorld;
  profile: MunicipalityProfile;
  dialable: string[];
  people: Map<string, PersonFacts>;
}

function randomWorld(g: Gen, at: Instant): RandomWorld {
  const base = g.pick(PROFILES);
  const plan = base.numberPlan;
  const [range] = plan.extensionRanges;
  const width = range!.from.length;
  const first = Number(range!.from);
  const ext = (i: number) => String(first + 1 + i).padStart(width, '0');
  const nPeople = 5 + g.int(25);
  const nFunctions = 1 + g.int(5);
  const nUnits = 1 + g.int(5);
  const personIds = Array.from({ length: nPeople }, (_, i) => `p${i}`);
  const functionIds = Array.from({ length: nFunctions }, (_, i) => `f${i}`);
  const unitIds = Array.from({ length: nUnits }, (_, i) => `u${i}`);
  const someNumber = () =>
    g.pick([ext(g.int(nPeople + nFunctions + 20)), '070-123 45 67', '+44 20 7946 0958', 'hej', plan.mainNumber, plan.voicemailNumber, ext(900), '0900-123 45 67']);
  const someTarget = (): DiversionTarget =>
    g.pick<() => DiversionTarget>([
      () => ({ kind: 'voicemail' }),
      () => ({ kind: 'person', personId: g.chance(0.9) ? g.pick(personIds) : 'ghost' }),
      () => ({ kind: 'function', functionId: g.chance(0.9) ? g.pick(functionIds) : 'ghost' }),
      () => ({ kind: 'reception' }),
      () => ({ kind: 'switchboard' }),
      () => ({ kind: 'number', number: someNumber() }),
    ])();

  const profile: MunicipalityProfile = {
    ...base,
    absenceAnnouncement: g.pick(['immediately', 'after-ringing']),
    premiumRate: g.pick(['blocked-unless-approved', 'allowed']),
    internationalCalls: g.pick(['by-permission', 'allowed']),
    queue: { ...base.queue, overflowTo: g.chance(0.5) ? { kind: 'voicemail' } : { kind: 'number', number: someNumber() } },
    onCall: g.chance(0.5) ? [{ label: 'Jouren', number: g.pick(['+46701740605', plan.mainNumber]), when: g.pick(['always', 'switchboard-closed', g.hours()]) }] : [],
  };

  const units = new Map<string, UnitFacts>(
    unitIds.map((id) => [id, { id, parentId: g.chance(0.7) ? g.pick(unitIds) : undefined, phoneHours: g.chance(0.3) ? g.hours() : null, receptionFunctionId: g.chance(0.4) ? g.pick([...functionIds, 'ghost']) : null }]),
  );
  const people = new Map<string, PersonFacts>(
    personIds.map((id) => [
      id,
      {
        id,
        unitId: g.chance(0.9) ? g.pick([...unitIds, 'ghost']) : undefined,
        functionIds: Array.from({ length: g.int(3) }, () => (g.chance(0.9) ? g.pick(functionIds) : 'ghost')),
        registeredContacts: g.int(3),
        mobileExtension: g.chance(0.2),
        voicemailEnabled: g.chance(0.85),
        hasGreeting: g.chance(0.6),
        hasNameClip: g.chance(0.5),
      },
    ]),
  );
  const functions = new Map<string, FunctionFacts>(
    functionIds.map((id) => [
      id,
      {
        id,
        unitId: g.chance(0.8) ? g.pick(unitIds) : undefined,
        memberIds: Array.from({ length: g.int(8) }, () => (g.chance(0.95) ? g.pick(personIds) : 'ghost')),
        ringStrategy: g.pick(['together', 'in-turn']),
        overflow: g.chance(0.6) ? someTarget() : null,
        phoneHours: g.chance(0.2) ? g.hours() : null,
      },
    ]),
  );
  const presence = new Map<string, PresenceStatus>();
  for (const id of personIds) {
    if (g.chance(0.5)) continue;
    const target = someTarget();
    const returnsAt = at.add({ hours: 1 + g.int(200) });
    const absence = { id: `a-${id}`, personId: id, reason: g.pick(['meeting', 'lunch', 'vacation', 'made-up']), start: at, end: returnsAt, target, exceptions: [], createdBy: id, cancelled: false };
    presence.set(id, { state: 'absent', reason: absence.reason, target, returnsAt, current: { absence, start: at, end: returnsAt }, next: null });
  }
  const numbers = new Map<string, NumberTarget>();
  personIds.forEach((id, i) => numbers.set(ext(i), { kind: 'person', personId: g.chance(0.97) ? id : 'ghost' }));
  functionIds.forEach((id, i) => numbers.set(ext(nPeople + i), { kind: 'function', functionId: g.chance(0.97) ? id : 'ghost' }));
  const approvals = new Set(personIds.filter(() => g.chance(0.2)).map((id) => `${id}|${g.pick(['premium-rate', 'international'])}`));

  const world: RoutingWorld = {
    profile,
    lookupNumber: (key) => numbers.get(key),
    person: (id) => people.get(id),
    presenceOf: (id) => presence.get(id) ?? { state: 'available', next: null },
    serviceFunction: (id) => functions.get(id),
    unit: (id) => units.get(id),
    hasApproval: (id, kind) => approvals.has(`${id}|${kind}`),
  };
  const codes = profile.phoneCodes;
  const dialable = [
    ...numbers.keys(),
    ...[...numbers.keys()].slice(0, 3),
    plan.mainNumber,
    plan.operatorExtension,
    plan.voicemailNumber,
    plan.automaticOperatorNumber ?? '',
    ext(nPeople + nFunctions + 5),
    plan.directRanges?.[0]?.to ?? '',
    '112', '1177', '113 13', '114 14', '118 118', '0900-123 45 67', '099-123 456', '+44 20 7946 0958', '070-123 45 67', '08-123 456 78',
    codes.backNow, codes.cancelForward, `${codes.absence}${g.int(10)}#`, `${codes.absence}1${String(g.int(2400)).padStart(4, '0')}#`,
    `${codes.forward}${ext(0)}#`, `${codes.forward}0701234567#`, '*#*', '#', 'hej', '', '  ',
  ];
  return { world, profile, dialable, people };
}

function checkPlan(plan: CallPlan, rw: RandomWorld, label: string): void {
  assert.deepEqual(audibleEndProblems(plan).map((p) => p.en), [], `${label}: P-FC-1`);
  assert.deepEqual(externalForwards(plan, rw.profile), [], `${label}: P-COST-1`);
  const rung = new Set<string>();
  for (const step of plan.steps) {
    if (step.kind !== 'ring') continue;
    for (const t of step.targets) {
      assert.ok(rw.people.has(t.personId), `${label}: rings ${t.personId}, who does not exist`);
      assert.ok(!rung.has(t.personId), `${label}: rings ${t.personId} twice`);
      rung.add(t.personId);
    }
  }
  assert.ok(plan.steps.length <= 40, `${label}: ${plan.steps.length} steps`);
}

describe('property: plans over random worlds', () => {
  it(`P-FC-1, P-COST-1: ${WORLDS * CALLS_PER_WORLD} plans over ${WORLDS} random worlds end audibly and forward only inside`, () => {
    const g = new Gen('routing/property');
    const kinds = new Map<string, number>();
    for (let w = 0; w < WORLDS; w++) {
      const at = g.instant();
      const rw = randomWorld(g, at);
      for (let c = 0; c < CALLS_PER_WORLD; c++) {
        const internal = g.chance(0.4);
        const call: CallRequest = {
          caller: internal ? { number: '2001', ...(g.chance(0.9) ? { personId: g.pick([...rw.people.keys()]) } : {}) } : { number: '+46701234567' },
          dialled: g.pick(rw.dialable),
          internal,
          at: g.chance(0.8) ? at : g.instant(),
          origin: internal ? { kind: 'internal' } : { kind: 'trunk', trunkId: 't' },
        };
        const label = `world ${w} call ${c} (${call.dialled} at ${call.at.toString()}, ${internal ? 'internal' : 'external'})`;
        const plan = planCall(call, rw.world);
        checkPlan(plan, rw, label);
        assert.deepEqual(planCall(call, rw.world), plan, `${label}: not deterministic`);
        const last = plan.steps.at(-1)!;
        kinds.set(last.kind, (kinds.get(last.kind) ?? 0) + 1);
      }
    }
    // The generator reaches every kind of ending, so the property was tested on each.
    assert.deepEqual([...kinds.keys()].sort(), ['automatic-operator', 'connect-external', 'phone-code', 'refuse', 'voicemail', 'voicemail-access']);
  });
});
