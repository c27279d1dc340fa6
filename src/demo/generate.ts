// The demo municipality: a pure, deterministic function of a seed and a reference date.
//
// Same seed, same organisation, names and numbers; the reference date only moves the
// absences and messages in time. Nothing here reads the clock or Math.random.
import { valdemarsvik } from '../core/policy/profiles/index.js';
import { Temporal, atStockholm, type Instant, type PlainDate } from '../core/time.js';
import { generateAbsences, generateCallbacks } from './activity.js';
import {
  DEMO_ADMIN,
  DEMO_EMPLOYEE,
  DEMO_MANAGER,
  DEMO_OPERATOR,
  EMAIL_DOMAIN,
  PLAN,
  type FixedPerson,
} from './organisation.js';
import { Random } from './random.js';
import { generateStaffing } from './staff.js';
import type { DemoLocalTime, DemoLogin, DemoMunicipality, DemoPerson, Role } from './types.js';

/** The seed `npm start` uses, so that every fresh demo has the same people. */
export const DEFAULT_DEMO_SEED = 'valdemarsvik-1';

export interface DemoOptions {
  seed?: number | string;
  /** The day the demo is set up ("today" for absences and messages). */
  referenceDate: PlainDate | string;
}

interface LoginPlan {
  role: Role;
  person: FixedPerson;
  password: string;
  description: string;
}

// Demo-only passwords: the loader hashes them; a real installation creates its own users.
const LOGINS: LoginPlan[] = [
  {
    role: 'admin',
    person: DEMO_ADMIN,
    password: 'demo-admin',
    description: 'Administratör (IT): användare, roller, nummerplan och inställningar.',
  },
  {
    role: 'operator',
    person: DEMO_OPERATOR,
    password: 'demo-vaxel',
    description: 'Telefonist: växelkonsolen, sök kollegor, ta meddelanden och hänvisa åt andra.',
  },
  {
    role: 'manager',
    person: DEMO_MANAGER,
    password: 'demo-chef',
    description: 'Chef för Bygglov: hänvisa åt egen personal, uppföljning av enheten.',
  },
  {
    role: 'employee',
    person: DEMO_EMPLOYEE,
    password: 'demo-medarbetare',
    description: 'Bygglovshandläggare: egen hänvisning, röstbrevlåda och meddelanden att ringa upp.',
  },
];

export function generateDemoMunicipality(options: DemoOptions): DemoMunicipality {
  const seed = String(options.seed ?? DEFAULT_DEMO_SEED);
  const referenceDate =
    typeof options.referenceDate === 'string' ? Temporal.PlainDate.from(options.referenceDate) : options.referenceDate;
  const rng = new Random(seed);
  const { units, functions, people, fixedKeys } = generateStaffing(rng.fork('people'));

  const byKey = new Map(people.map((p) => [p.key, p]));
  const personOf = (f: FixedPerson): DemoPerson => {
    const p = byKey.get(fixedKeys.get(f) ?? '');
    if (p === undefined) throw new Error(`demo login ${f.firstName} ${f.lastName} is not in the staffing plan`);
    return p;
  };
  const demoLogins: DemoLogin[] = LOGINS.map((l) => {
    const p = personOf(l.person);
    return {
      role: l.role,
      personKey: p.key,
      email: p.email,
      extension: p.extension,
      directNumber: p.directNumber,
      mobileNumber: p.mobileNumber,
      password: l.password,
      description: l.description,
    };
  });

  const activity = {
    referenceDate,
    people,
    units,
    functions,
    keepFree: new Set(demoLogins.map((l) => l.personKey)),
    demoEmployeeKey: personOf(DEMO_EMPLOYEE).key,
  };
  const absences = generateAbsences({ ...activity, rng: rng.fork('absences') });
  const callbacks = generateCallbacks({ ...activity, rng: rng.fork('callbacks') });

  return {
    profileId: 'valdemarsvik',
    name: valdemarsvik.name,
    slug: 'valdemarsvik',
    emailDomain: EMAIL_DOMAIN,
    seed,
    referenceDate: referenceDate.toString(),
    numberPlan: {
      extensionRanges: PLAN.extensionRanges.map((r) => ({ ...r })),
      directRanges: (PLAN.directRanges ?? []).map((r) => ({ ...r })),
      mainNumber: PLAN.mainNumber,
      switchboardExtension: PLAN.operatorExtension,
      voicemailNumber: PLAN.voicemailNumber,
    },
    units,
    functions,
    people,
    demoLogins,
    absences,
    callbacks,
  };
}

/**
 * A demo local time as an instant, for the loader: Europe/Stockholm wall-clock time, with
 * the DST decision of core/time.ts (a time in the spring gap moves forward).
 */
export function demoInstant(t: DemoLocalTime): Instant {
  return atStockholm(Temporal.PlainDate.from(t.date), t.time);
}
