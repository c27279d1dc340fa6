// Call records and the follow-up report over HTTP (P-FUP-1, P-FUP-2, P-SWB-1, P-DIV-1, P-GRP-1).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../http/context.js';
import { requireActor, requireRole } from '../../http/context.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import { badRequest } from '../../http/errors.js';
import { problem } from '../../core/errors.js';
import { Temporal, atStockholm, type Instant } from '../../core/time.js';
import { toIso } from '../../store/index.js';
import { MAX_PAGE } from './queries.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);
const NStr = Nullable(Type.String());
const NNum = Type.Union([Type.Null(), Type.Number()]);
const Reached = Type.Object({ kind: Type.String(), personId: Type.Optional(Type.String()), functionId: Type.Optional(Type.String()), number: Type.Optional(Type.String()), category: Type.Optional(Type.String()) });
const Deviation = Type.Object({ code: Type.String(), rule: Type.Optional(Type.String()), personId: Type.Optional(Type.String()), functionId: Type.Optional(Type.String()) });

const CallOut = Type.Object({
  id: Type.String(),
  origin: Type.String({ description: "'trunk' (external) or 'internal'." }),
  trunkId: NStr,
  callerNumber: Type.String(),
  callerPersonId: NStr,
  dialled: Type.String(),
  reached: Reached,
  offeredAt: Type.String(),
  firstRingAt: Type.Union([Type.Null(), Type.String()], { description: 'P-SWB-1: answer times count from here.' }),
  answeredAt: NStr,
  endedAt: NStr,
  outcome: Type.Union([Type.Null(), Type.String()], { description: 'null while the call runs.' }),
  answeredBy: NStr,
  endedBy: NStr,
  answerSeconds: Type.Union([Type.Null(), Type.Number()], { description: 'From the first ring to the first answer by a person.' }),
  switchboardOpen: Type.Union([Type.Null(), Type.Boolean()]),
  outsidePhoneHours: Type.Boolean(),
  presence: Type.Unknown({ description: "The sought person's presence when the call came (reason and return time; never a private note)." }),
  rules: Type.Array(Type.String()),
  deviations: Type.Array(Deviation),
});

const LegOut = Type.Object({
  id: Type.String(), stepIndex: Type.Integer(), kind: Type.String(), role: NStr, personId: NStr, functionId: NStr, number: NStr, rule: NStr,
  offeredAt: Type.String(), ringingAt: NStr, answeredAt: NStr, endedAt: NStr, outcome: NStr,
});

const CallDetailOut = Type.Intersect([CallOut, Type.Object({ plan: Type.Unknown({ description: "Routing's plan: the steps, each with its rule." }), legs: Type.Array(LegOut) })]);

const Instantish = Type.String({ maxLength: 40, description: 'An ISO 8601 instant with offset, or a date (YYYY-MM-DD, a Stockholm day).' });

const ListQuery = Type.Object({
  from: Type.Optional(Instantish),
  to: Type.Optional(Instantish),
  person: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  outcome: Type.Optional(Type.Union(['answered', 'voicemail', 'message', 'diverted', 'abandoned', 'refused', 'failed', 'phone-code', 'answering-machine', 'in-progress'].map((o) => Type.Literal(o)))),
  origin: Type.Optional(Type.Union([Type.Literal('trunk'), Type.Literal('internal')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

const ReportQueryS = Type.Object({
  from: Type.Optional(Instantish),
  to: Type.Optional(Instantish),
  unitId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

const AnswerTimes = Type.Object({
  targetSeconds: Type.Number(), rang: Type.Integer(), answered: Type.Integer(), answeredWithinTarget: Type.Integer(),
  shareWithinTarget: NNum, shareOfAnsweredWithinTarget: NNum, p50Seconds: NNum, p90Seconds: NNum,
});
const HourStats = Type.Object({
  hour: Type.Integer(), total: Type.Integer(), answered: Type.Integer(), answeredWithinTarget: Type.Integer(), abandoned: Type.Integer(), p50Seconds: NNum, p90Seconds: NNum,
});
const CallStats = Type.Object({
  total: Type.Integer(), external: Type.Integer(), internal: Type.Integer(), inProgress: Type.Integer(),
  outcomes: Type.Record(Type.String(), Type.Integer()), abandoned: Type.Integer(), answerTimes: AnswerTimes, byHour: Type.Array(HourStats),
});
const Counts = {
  calls: Type.Integer(), answered: Type.Integer(), answeredWithinTarget: Type.Integer(), abandoned: Type.Integer(), voicemail: Type.Integer(),
  unreachableUndiverted: Type.Integer({ description: 'P-DIV-1: present by presence, nothing to ring.' }),
  unansweredWhileAvailable: Type.Integer({ description: 'P-DIV-1: present by presence, the phone rang out unanswered.' }),
  nobodyAvailable: Type.Integer({ description: 'P-GRP-1: no member of the function available.' }),
  voicemailMessages: Type.Integer(),
};
const ReportOut = Type.Object({
  from: Type.String(), to: Type.String(), targetSeconds: Type.Number(),
  scope: Type.Object({ unitId: NStr, units: Type.Union([Type.Null(), Type.Array(Type.String())]) }),
  switchboard: Type.Optional(CallStats),
  calls: Type.Optional(CallStats),
  people: Type.Optional(Type.Array(Type.Object({ personId: Type.String(), name: Type.String(), unitId: NStr, ...Counts }))),
  units: Type.Optional(Type.Array(Type.Object({ unitId: Type.String(), name: Type.String(), ...Counts }))),
  functions: Type.Optional(Type.Array(Type.Object({ functionId: Type.String(), name: Type.String(), unitId: NStr, ...Counts }))),
  voicemail: Type.Optional(Type.Object({ messages: Type.Integer(), byBox: Type.Object({ person: Type.Integer(), function: Type.Integer(), switchboard: Type.Integer() }) })),
});

/** Longest period a report covers: a year and a bit, so that year-on-year reports fit. */
const MAX_REPORT_DAYS = 400;

/** An instant, or a date meaning a Stockholm day: its start for `from`, the next day's start for `to` (inclusive days). */
export function parseBound(text: string, field: string, end: boolean): Instant {
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      const d = Temporal.PlainDate.from(text);
      return atStockholm(end ? d.add({ days: 1 }) : d, '00:00');
    }
    const i = Temporal.Instant.from(text);
    toIso(i); // within the years the store can sort
    return i;
  } catch {
    throw badRequest('Ogiltig tidpunkt.', `${field} must be an ISO 8601 instant with offset or a date YYYY-MM-DD.`, [
      problem('calls.period.invalid', 'Ogiltig tidpunkt.', `${field} is not an instant or a date.`, { field }),
    ]);
  }
}

function period(ctx: AppContext, q: { from?: string; to?: string }, defaultDays: number): { from: Instant; to: Instant } {
  const to = q.to ? parseBound(q.to, 'to', true) : ctx.clock.now();
  const from = q.from ? parseBound(q.from, 'from', false) : to.subtract({ hours: 24 * defaultDays });
  if (Temporal.Instant.compare(from, to) >= 0) {
    throw badRequest('Perioden måste sluta efter att den börjar.', 'from must be before to.', [problem('calls.period.order', 'Perioden måste sluta efter att den börjar.', 'from must be before to.', { field: 'from' })]);
  }
  return { from, to };
}

export async function callRecordRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.callRecords;
  svc.useLog((msg, err) => app.log.error({ err }, msg));
  // A clean stop writes every record that is still queued before the store closes.
  app.addHook('onClose', async () => svc.close());

  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/calls', {
    schema: {
      tags: ['calls'],
      summary: 'Call records, newest first: all for admins and operators; own and staff\'s for managers; own for everyone else. Paginate with nextCursor.',
      querystring: ListQuery,
      response: { 200: Type.Object({ calls: Type.Array(CallOut), nextCursor: NStr }), 400: ErrorResponse, 401: ErrorResponse },
    },
  }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const bounds = {
      ...(q.from ? { from: toIso(parseBound(q.from, 'from', false)) } : {}),
      ...(q.to ? { to: toIso(parseBound(q.to, 'to', true)) } : {}),
    };
    return svc.list(actor, {
      ...bounds,
      ...(q.person ? { personId: q.person } : {}), ...(q.unit ? { unitId: q.unit } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}), ...(q.origin ? { origin: q.origin } : {}),
      ...(q.limit ? { limit: q.limit } : {}), ...(q.cursor ? { cursor: q.cursor } : {}),
    });
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/calls/:id', {
    schema: { tags: ['calls'], summary: 'One call with its plan and legs (who rang, when, how each step ended).', params: IdParams, response: { 200: CallDetailOut, 401: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => svc.get(requireActor(request), request.params.id));

  app.get<{ Querystring: Static<typeof ReportQueryS> }>('/api/reports/calls', {
    schema: {
      tags: ['calls'],
      summary: 'Follow-up (P-FUP-2): P-SWB-1 answer times by hour, abandoned, external/internal, outcomes, P-DIV-1 deviations per person and unit, P-GRP-1 per function, voicemail. Admins all; managers their units; operators the switchboard part. Default period: the last 30 days.',
      querystring: ReportQueryS,
      response: { 200: ReportOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async (request) => {
    const actor = requireRole(request, 'admin', 'manager', 'operator');
    const { from, to } = period(ctx, request.query, 30);
    if (to.epochMilliseconds - from.epochMilliseconds > MAX_REPORT_DAYS * 86_400_000) {
      throw badRequest(`En rapport kan omfatta högst ${MAX_REPORT_DAYS} dagar.`, `The period may be at most ${MAX_REPORT_DAYS} days.`, [
        problem('calls.period.too-long', `En rapport kan omfatta högst ${MAX_REPORT_DAYS} dagar.`, `The period may be at most ${MAX_REPORT_DAYS} days.`, { field: 'from' }),
      ]);
    }
    return svc.report(actor, { from, to, ...(request.query.unitId ? { unitId: request.query.unitId } : {}) });
  });
}
