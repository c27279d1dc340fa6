// The shape of a municipality profile as JSON Schema (TypeBox), so that an admin's PUT is
// checked for structure before the profile's own rules (validateProfile) look at values.
// Kept beside the routes; the type it mirrors is MunicipalityProfile in src/core/policy.
import { Type, type TSchema } from '@sinclair/typebox';
import { HALF_DAY_KINDS } from '../../core/calendar/index.js';

const S = (max = 200) => Type.String({ maxLength: max });
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const Interval = Type.Object({ from: Clock, to: Clock }, { additionalProperties: false });
const Intervals = Type.Array(Interval, { maxItems: 12 });

export const HoursSchema = Type.Object(
  {
    weekly: Type.Object(
      Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), Type.Optional(Intervals)])) as Record<string, TSchema>,
      { additionalProperties: false },
    ),
    halfDays: Type.Object(
      { kinds: Type.Array(Type.Union(HALF_DAY_KINDS.map((k) => Type.Literal(k))), { maxItems: 20 }), intervals: Intervals },
      { additionalProperties: false },
    ),
    closedOnSundayLikeEves: Type.Boolean(),
    exceptions: Type.Array(
      Type.Object({ date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), intervals: Intervals, note: Type.Optional(S()) }, { additionalProperties: false }),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

const Range = Type.Object({ from: S(20), to: S(20) }, { additionalProperties: false });

export const ProfileSchema = Type.Object(
  {
    id: S(100),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    policy: Type.Object({ title: S(), adopted: Type.Union([Type.Null(), S()]) }, { additionalProperties: false }),
    switchboardKind: Type.Union([Type.Literal('switchboard'), Type.Literal('contact-centre')]),
    greeting: S(),
    answerPhrase: S(),
    switchboardHours: HoursSchema,
    workingHours: HoursSchema,
    callBack: Type.Object({ deadlineWorkingDays: Type.Integer({ minimum: 1, maximum: 30 }), byEmail: Type.Boolean() }, { additionalProperties: false }),
    ringTimeSeconds: Type.Integer({ minimum: 1, maximum: 300 }),
    queue: Type.Object(
      {
        externalBeforeInternal: Type.Boolean(),
        internalPromotionSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
        maxWaitSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
        overflowTo: Type.Union([
          Type.Object({ kind: Type.Literal('voicemail') }, { additionalProperties: false }),
          Type.Object({ kind: Type.Literal('number'), number: S(40) }, { additionalProperties: false }),
        ]),
        recallSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600, description: 'P-FC-1: an unanswered transfer comes back to the operator after this long (10–300); not set: 30 s.' })),
      },
      { additionalProperties: false },
    ),
    forwarding: Type.Object({ internalOnly: Type.Boolean() }, { additionalProperties: false }),
    numberPlan: Type.Object(
      {
        extensionRanges: Type.Array(Range, { maxItems: 100 }),
        directRanges: Type.Optional(Type.Array(Range, { maxItems: 100 })),
        mainNumber: S(40),
        operatorExtension: S(20),
        voicemailNumber: S(20),
        automaticOperatorNumber: Type.Union([Type.Null(), S(20)]),
      },
      { additionalProperties: false },
    ),
    onCall: Type.Array(
      Type.Object(
        { label: S(), number: S(40), when: Type.Union([Type.Literal('always'), Type.Literal('switchboard-closed'), HoursSchema]) },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    absenceReasons: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 40 }),
          label: S(100),
          labelEn: S(100),
          phoneDigit: S(2),
          defaultLength: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 60 * 24 * 366 }), Type.Literal('rest-of-day'), Type.Literal('next-working-day-start')])),
          defaultTarget: Type.Optional(Type.Union([Type.Literal('voicemail'), Type.Literal('reception'), Type.Literal('switchboard')])),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    absenceAnnouncement: Type.Union([Type.Literal('immediately'), Type.Literal('after-ringing')]),
    voicemail: Type.Object(
      {
        enabledForAll: Type.Boolean(),
        maxMessageSeconds: Type.Integer({ minimum: 10, maximum: 3600 }),
        pinLength: Type.Integer({ minimum: 4, maximum: 12 }),
        greetingMaxAgeDays: Type.Integer({ minimum: 1, maximum: 3650 }),
      },
      { additionalProperties: false },
    ),
    phoneCodes: Type.Object({ absence: S(10), backNow: S(10), forward: S(10), cancelForward: S(10) }, { additionalProperties: false }),
    premiumRate: Type.Union([Type.Literal('blocked-unless-approved'), Type.Literal('allowed')]),
    internationalCalls: Type.Union([Type.Literal('by-permission'), Type.Literal('allowed')]),
    rules: Type.Array(S(20), { maxItems: 200 }),
    examples: Type.Array(S(100), { maxItems: 200 }),
  },
  { additionalProperties: false },
);
