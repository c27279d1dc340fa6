// A working day in the demo: planned absences and open call-back messages, placed relative
// to a reference date (the day the demo is loaded), so that the operator console has
// something to show "today".
//
// Weekdays here are Monday–Friday; public holidays are not consulted (the demo does not
// depend on the calendar module), so on a holiday the demo still shows a normal day.
// On a Saturday or Sunday, absences are placed on the coming Monday (the next day anyone
// calls) and messages arrived up to the Friday before, so that nothing lies in the future
// that should lie in the past.
import type { IsoWeekday, PlainDate } from '../core/time.js';
import { drawName, emailLocalPart } from './names.js';
import { callerNumberPool } from './numbers.js';
import type { Random } from './random.js';
import type {
  AbsenceReasonCode,
  DemoAbsence,
  DemoCallback,
  DemoCallbackSource,
  DemoDiversionTarget,
  DemoFunction,
  DemoLocalTime,
  DemoPerson,
  DemoUnit,
} from './types.js';

function nextWeekday(d: PlainDate): PlainDate {
  let n = d.add({ days: 1 });
  while (n.dayOfWeek > 5) n = n.add({ days: 1 });
  return n;
}

function previousWeekday(d: PlainDate, count = 1): PlainDate {
  let n = d;
  for (let i = 0; i < count; i++) {
    n = n.subtract({ days: 1 });
    while (n.dayOfWeek > 5) n = n.subtract({ days: 1 });
  }
  return n;
}

function mondayOf(d: PlainDate): PlainDate {
  return d.subtract({ days: d.dayOfWeek - 1 });
}

const at = (date: PlainDate, time: string): DemoLocalTime => ({ date: date.toString(), time });

export interface ActivityInput {
  rng: Random;
  referenceDate: PlainDate;
  people: DemoPerson[];
  units: DemoUnit[];
  functions: DemoFunction[];
  /** People who stay available (the demo logins), except where stated. */
  keepFree: Set<string>;
  /** The demo employee, who gets a recurring lunch to show recurrence on login. */
  demoEmployeeKey: string;
}

/** Picks distinct people at random among those a filter accepts. */
class PersonPicker {
  private readonly used: Set<string>;
  constructor(
    private readonly rng: Random,
    private readonly people: DemoPerson[],
    excluded: Set<string>,
  ) {
    this.used = new Set(excluded);
  }

  pick(what: string, accept: (p: DemoPerson) => boolean): DemoPerson {
    const candidates = this.people.filter((p) => !this.used.has(p.key) && accept(p));
    if (candidates.length === 0) throw new Error(`demo activity: nobody left for ${what}`);
    const p = this.rng.pick(candidates);
    this.used.add(p.key);
    return p;
  }
}

export function generateAbsences(input: ActivityInput): DemoAbsence[] {
  const { rng, people, units } = input;
  const today = input.referenceDate.dayOfWeek > 5 ? nextWeekday(input.referenceDate) : input.referenceDate;
  const picker = new PersonPicker(rng, people, new Set([...input.keepFree, ...people.filter((p) => p.electedMember).map((p) => p.key)]));
  const unitOf = new Map(units.map((u) => [u.key, u]));
  const operators = people.filter((p) => p.role === 'operator' && !input.keepFree.has(p.key));
  const tomorrow = nextWeekday(today);
  const monday = mondayOf(today);
  const nextMonday = monday.add({ weeks: 1 });
  const absences: DemoAbsence[] = [];

  const add = (
    p: DemoPerson,
    reason: AbsenceReasonCode,
    start: DemoLocalTime,
    end: DemoLocalTime,
    target: DemoDiversionTarget,
    createdByKey = p.key,
    recurrence: DemoAbsence['recurrence'] = null,
  ): void => {
    absences.push({ key: `a-${String(absences.length + 1).padStart(2, '0')}`, personKey: p.key, reason, start, end, target, recurrence, createdByKey });
  };
  // P-DIV-10: during vacation or leave, callers are referred to the unit's reception.
  const awayTarget = (p: DemoPerson): DemoDiversionTarget =>
    unitOf.get(p.unitKey)?.receptionFunctionKey != null ? { kind: 'reception' } : { kind: 'voicemail' };
  const isManager = (p: DemoPerson): boolean => p.role === 'manager';
  const inFunction = (p: DemoPerson): boolean => p.functionKeys.length > 0 && p.role === 'employee';
  const hasManager = (p: DemoPerson): p is DemoPerson & { managerKey: string } => p.managerKey !== null;

  // Meetings today.
  const m1 = picker.pick('a manager in a meeting', isManager);
  add(m1, 'meeting', at(today, '09:00'), at(today, '10:30'), { kind: 'voicemail' });
  // P-SWB-3: a function member's calls go to the rest of the function meanwhile.
  const m2 = picker.pick('a function member in a meeting', inFunction);
  add(m2, 'meeting', at(today, '10:00'), at(today, '11:30'), { kind: 'function', functionKey: m2.functionKeys[0] as string });
  // P-DIV-7: the switchboard entered this one on the person's behalf.
  const m3 = picker.pick('a sector head in a meeting', (p) => isManager(p) && unitOf.get(p.unitKey)?.kind === 'sector');
  add(m3, 'meeting', at(today, '13:00'), at(today, '15:00'), { kind: 'switchboard' }, operators[0]?.key ?? m3.key);
  // P-DIV-3: a meeting followed by lunch gives one return time, 13:00.
  const chain = picker.pick('a meeting followed by lunch', (p) => p.title.endsWith('handläggare'));
  add(chain, 'meeting', at(today, '11:00'), at(today, '12:00'), { kind: 'voicemail' });
  add(chain, 'lunch', at(today, '12:00'), at(today, '13:00'), { kind: 'voicemail' });
  const m5 = picker.pick('a social worker in a meeting', (p) => p.title === 'socialsekreterare');
  add(m5, 'meeting', at(today, '14:00'), at(today, '16:00'), { kind: 'voicemail' });

  // Vacation this week, Monday morning to next Monday morning.
  for (let i = 0; i < 3; i++) {
    const v = picker.pick('someone on vacation', (p) => p.role === 'employee');
    add(v, 'vacation', at(monday, '00:00'), at(nextMonday, '08:00'), awayTarget(v));
  }
  // P-DIV-8: the manager diverts the phone of a sick employee.
  const sick = picker.pick('someone sick', (p) => p.role === 'employee' && hasManager(p));
  add(sick, 'sick', at(today, '07:00'), at(tomorrow, '08:00'), { kind: 'voicemail' }, sick.managerKey ?? sick.key);
  const leave = picker.pick('someone on leave', (p) => p.role === 'employee');
  add(leave, 'leave', at(today, '00:00'), at(tomorrow, '08:00'), awayTarget(leave));
  const out = picker.pick('someone briefly out', (p) => p.role === 'employee');
  add(out, 'out', at(today, '14:00'), at(today, '14:30'), { kind: 'switchboard' });
  const gone = picker.pick('someone gone for the day', (p) => p.role === 'employee');
  add(gone, 'gone-for-day', at(today, '15:00'), at(tomorrow, '08:00'), { kind: 'voicemail' });
  // A colleague in the same unit takes the calls during a business trip.
  const trip = picker.pick('someone on a business trip', (p) => isManager(p) && people.some((c) => c.unitKey === p.unitKey && c.key !== p.key));
  const colleague = people.find((c) => c.unitKey === trip.unitKey && c.key !== trip.key) as DemoPerson;
  add(trip, 'business-trip', at(tomorrow, '07:00'), at(nextWeekday(tomorrow), '18:00'), { kind: 'person', personKey: colleague.key });
  const course = picker.pick('someone in training', (p) => p.role === 'employee');
  add(course, 'training', at(nextMonday, '08:00'), at(nextMonday.add({ days: 1 }), '17:00'), { kind: 'voicemail' });
  // P-DIV-5: absences can be entered far in advance.
  const planned = picker.pick('a planned vacation', (p) => p.role === 'employee');
  const later = nextMonday.add({ weeks: 3 });
  add(planned, 'vacation', at(later, '00:00'), at(later.add({ weeks: 2 }), '08:00'), awayTarget(planned));

  // Tuesday lunches, weekly from this week, local time (12:00 stays 12:00 across DST).
  const tuesday = monday.add({ days: 1 });
  const lunchers = [people.find((p) => p.key === input.demoEmployeeKey) as DemoPerson];
  for (let i = 0; i < 4; i++) lunchers.push(picker.pick('a Tuesday luncher', (p) => p.role !== 'operator'));
  for (const p of lunchers) {
    add(p, 'lunch', at(tuesday, '12:00'), at(tuesday, '13:00'), { kind: 'voicemail' }, p.key, {
      weekdays: [2 as IsoWeekday],
      startTime: '12:00',
      endTime: '13:00',
      from: monday.toString(),
      until: null,
    });
  }
  return absences;
}

interface CallbackPlan {
  /** Swedish; some depend on the day the message came (the season, the month). */
  subject: string | ((received: PlainDate) => string);
  source: DemoCallbackSource;
  /** Weekdays before the last weekday up to the reference date (0 = that day). */
  daysAgo: number;
  time: string;
  forPerson?: (p: DemoPerson) => boolean;
  forFunction?: string;
}

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const monthName = (d: PlainDate): string => MONTHS[d.month - 1] as string;
const isWinter = (d: PlainDate): boolean => d.month >= 11 || d.month <= 3;

// Open messages that show the P-CB-1 deadline at several stages (new, due, overdue).
const CALLBACKS: CallbackPlan[] = [
  { subject: 'Fråga om bygglov för garage', source: 'operator', daysAgo: 0, time: '08:12', forPerson: (p) => p.title === 'bygglovshandläggare' },
  { subject: 'Slamtömningen uteblev i tisdags', source: 'voicemail', daysAgo: 0, time: '09:47', forFunction: 'kundtjanst-va-avfall' },
  {
    subject: (d) => (isWinter(d) ? 'Snöröjning – plogvallen blockerar infarten' : 'Gatubelysningen är trasig vid busshållplatsen'),
    source: 'operator',
    daysAgo: 1,
    time: '07:58',
    forPerson: (p) => p.title === 'arbetsledare gata och park',
  },
  { subject: 'Försörjningsstöd – fråga om utbetalningsdag', source: 'voicemail', daysAgo: 1, time: '11:20', forFunction: 'forsorjningsstod-radgivning' },
  // Förskola is offered within four months of the application (skollagen 8 kap. 14 §).
  { subject: (d) => `Förskoleplacering – önskar plats från ${monthName(d.add({ months: 4 }))}`, source: 'web', daysAgo: 1, time: '14:05', forFunction: 'forskoleplacering' },
  { subject: 'Färdtjänstresa till lasarettet på fredag', source: 'operator', daysAgo: 2, time: '10:31', forPerson: (p) => p.title === 'färdtjänsthandläggare' },
  { subject: (d) => `Lönespecifikationen för ${monthName(d)} har inte kommit`, source: 'voicemail', daysAgo: 2, time: '15:40', forFunction: 'loneservice' },
  { subject: 'Bostadsanpassning – ramp vid entrén', source: 'operator', daysAgo: 3, time: '13:15', forPerson: (p) => p.title === 'bostadsanpassningshandläggare' },
];

export function generateCallbacks(input: ActivityInput): DemoCallback[] {
  const { rng, people, functions } = input;
  const lastWorkday = input.referenceDate.dayOfWeek > 5 ? previousWeekday(input.referenceDate) : input.referenceDate;
  const numbers = callerNumberPool();
  const byKey = new Map(people.map((p) => [p.key, p]));
  const operators = people.filter((p) => p.role === 'operator');
  return CALLBACKS.map((plan, i) => {
    const caller = drawName(rng, { womenShare: 0.5, otherOriginShare: 0.15 });
    const receivedDate = previousWeekday(lastWorkday, plan.daysAgo);
    // A message to a function is owned by one of its members, who calls back.
    const via = plan.forFunction === undefined ? undefined : functions.find((f) => f.key === plan.forFunction);
    if (plan.forFunction !== undefined && via === undefined) throw new Error(`demo call-back for unknown function ${plan.forFunction}`);
    const candidates =
      via === undefined ? people.filter((p) => plan.forPerson?.(p) === true) : via.memberKeys.map((k) => byKey.get(k) as DemoPerson);
    // The demo employee gets the first message addressed to their title, to find on login.
    const owner = candidates.find((p) => p.key === input.demoEmployeeKey) ?? rng.pick(candidates);
    return {
      key: `cb-${String(i + 1).padStart(2, '0')}`,
      callerName: `${caller.firstName} ${caller.lastName}`,
      callerNumber: numbers.take(),
      // RFC 2606: example.com never reaches anyone.
      callerEmail: plan.source === 'web' ? `${emailLocalPart(caller.firstName, caller.lastName)}@example.com` : null,
      subject: typeof plan.subject === 'string' ? plan.subject : plan.subject(receivedDate),
      forPersonKey: owner.key,
      viaFunctionKey: via?.key ?? null,
      unitKey: owner.unitKey,
      source: plan.source,
      takenByKey: plan.source === 'operator' ? rng.pick(operators).key : null,
      received: at(receivedDate, plan.time),
    };
  });
}
