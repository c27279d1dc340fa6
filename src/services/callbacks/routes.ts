// Messages and call-backs over HTTP (P-CB-1..3, P-SWB-5).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../http/context.js';
import { requireActor } from '../../http/context.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import { CALLBACK_OUTCOMES, isOverdue, type Callback, type CallbackOutcome, type CallbackStats } from '../../core/callbacks/index.js';
import { DomainError, problem } from '../../core/errors.js';
import { Temporal } from '../../core/time.js';
import { toIso } from '../../store/index.js';

const CallbackOut = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  unitId: Type.String(),
  caller: Type.Object({ name: Type.Optional(Type.String()), number: Type.Optional(Type.String()), email: Type.Optional(Type.String()) }),
  concerns: Type.String(),
  source: Type.String(),
  takenBy: Type.Optional(Type.String()),
  receivedAt: Type.String(),
  firstDue: Type.String({ description: 'The P-CB-1 deadline.' }),
  due: Type.String({ description: 'The deadline in force (P-CB-2 re-plans move it).' }),
  status: Type.String(),
  overdue: Type.Boolean(),
  replans: Type.Array(Type.Object({ at: Type.String(), agreedAt: Type.String(), note: Type.String(), by: Type.String() })),
  completion: Type.Optional(Type.Object({ outcome: Type.String(), note: Type.Optional(Type.String()), doneAt: Type.String(), by: Type.String() })),
  heardAt: Type.Optional(Type.String()),
  escalatedAt: Type.Optional(Type.String()),
});

export function callbackOut(cb: Callback, now: Temporal.Instant) {
  return {
    id: cb.id,
    personId: cb.personId,
    unitId: cb.unitId,
    caller: cb.caller,
    concerns: cb.concerns,
    source: cb.source,
    ...(cb.takenBy ? { takenBy: cb.takenBy } : {}),
    receivedAt: toIso(cb.receivedAt),
    firstDue: toIso(cb.firstDue),
    due: toIso(cb.due),
    status: cb.status,
    overdue: isOverdue(cb, now),
    replans: cb.replans.map((r) => ({ at: toIso(r.at), agreedAt: toIso(r.agreedAt), note: r.note, by: r.by })),
    ...(cb.completion
      ? { completion: { outcome: cb.completion.outcome, doneAt: toIso(cb.completion.doneAt), by: cb.completion.by, ...(cb.completion.note ? { note: cb.completion.note } : {}) } }
      : {}),
    ...(cb.heardAt ? { heardAt: toIso(cb.heardAt) } : {}),
    ...(cb.escalatedAt ? { escalatedAt: toIso(cb.escalatedAt) } : {}),
  };
}

const MessageBody = Type.Object(
  {
    caller: Type.Object(
      {
        name: Type.Optional(Type.String({ maxLength: 200 })),
        number: Type.Optional(Type.String({ maxLength: 40 })),
        email: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
    concerns: Type.String({ maxLength: 2000, description: 'What the message concerns.' }),
  },
  { additionalProperties: false },
);

const DoneBody = Type.Object(
  { outcome: Type.Union(CALLBACK_OUTCOMES.map((o) => Type.Literal(o))), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const ReplanBody = Type.Object(
  { agreedAt: Type.String({ format: 'date-time' }), note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
const ListQuery = Type.Object({
  person: Type.Optional(Type.String({ maxLength: 64 })),
  unit: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('all')])),
});

const Stats = Type.Object({
  total: Type.Integer(), open: Type.Integer(), replanned: Type.Integer(), overdue: Type.Integer(),
  doneInTime: Type.Integer(), doneLate: Type.Integer(),
  medianTimeToCallbackMs: Type.Union([Type.Number(), Type.Null()]), medianTimeToHearMs: Type.Union([Type.Number(), Type.Null()]),
});

function statsOut(s: CallbackStats) {
  return {
    total: s.total, open: s.open, replanned: s.replanned, overdue: s.overdue, doneInTime: s.doneInTime, doneLate: s.doneLate,
    medianTimeToCallbackMs: s.medianTimeToCallbackMs, medianTimeToHearMs: s.medianTimeToHearMs,
  };
}

export async function callbackRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.callbacks;
  const PersonParams = Type.Object({ personId: Type.String({ minLength: 1, maxLength: 64 }) });

  app.post<{ Params: Static<typeof PersonParams>; Body: Static<typeof MessageBody> }>('/api/people/:personId/messages', {
    schema: {
      tags: ['callbacks'],
      summary: 'Take a message for a person (P-SWB-5): creates their call-back with the P-CB-1 due date.',
      params: PersonParams, body: MessageBody,
      response: { 201: CallbackOut, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const source = actor.role === 'operator' ? 'operator' : 'web';
    const cb = await svc.takeMessage(actor, actor.tenantId, request.params.personId, { caller: request.body.caller, concerns: request.body.concerns, source });
    return reply.status(201).send(callbackOut(cb, ctx.clock.now()));
  });

  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/callbacks', {
    schema: {
      tags: ['callbacks'],
      summary: 'Call-backs the caller may see (own; a manager\'s staff; all for admins), by person or unit, soonest due first.',
      querystring: ListQuery,
      response: { 200: Type.Array(CallbackOut), 401: ErrorResponse },
    },
  }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const list = await svc.list(actor, { ...(q.person ? { personId: q.person } : {}), ...(q.unit ? { unitId: q.unit } : {}), status: q.status ?? 'open' });
    const now = ctx.clock.now();
    return list.map((cb) => callbackOut(cb, now));
  });

  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/callbacks/summary', {
    schema: {
      tags: ['callbacks'],
      summary: 'Follow-up figures (P-FUP-2): open, overdue, done in time and late, median time to call back; overall, per person and per unit.',
      querystring: ListQuery,
      response: { 200: Type.Object({ all: Stats, perPerson: Type.Record(Type.String(), Stats), perUnit: Type.Record(Type.String(), Stats) }), 401: ErrorResponse },
    },
  }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const s = await svc.summaryFor(actor, { ...(q.person ? { personId: q.person } : {}), ...(q.unit ? { unitId: q.unit } : {}) });
    return {
      all: statsOut(s.all),
      perPerson: Object.fromEntries([...s.perPerson].map(([k, v]) => [k, statsOut(v)])),
      perUnit: Object.fromEntries([...s.perUnit].map(([k, v]) => [k, statsOut(v)])),
    };
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/callbacks/:id', {
    schema: { tags: ['callbacks'], summary: 'One call-back.', params: IdParams, response: { 200: CallbackOut, 401: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => callbackOut(await svc.get(requireActor(request), request.params.id), ctx.clock.now()));

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof DoneBody> }>('/api/callbacks/:id/done', {
    schema: { tags: ['callbacks'], summary: 'Mark a call-back done with its outcome.', params: IdParams, body: DoneBody, response: { 200: CallbackOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => {
    const cb = await svc.complete(requireActor(request), request.params.id, request.body.outcome as CallbackOutcome, request.body.note);
    return callbackOut(cb, ctx.clock.now());
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReplanBody> }>('/api/callbacks/:id/replan', {
    schema: { tags: ['callbacks'], summary: 'Re-plan a call-back to a time agreed with the caller (P-CB-2).', params: IdParams, body: ReplanBody, response: { 200: CallbackOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => {
    let agreedAt: Temporal.Instant;
    try {
      agreedAt = Temporal.Instant.from(request.body.agreedAt);
    } catch {
      throw new DomainError(problem('callback.agreedAt.invalid', 'Ogiltig tid.', 'agreedAt must be an ISO 8601 instant with offset.', { field: 'agreedAt' }));
    }
    const cb = await svc.replan(requireActor(request), request.params.id, agreedAt, request.body.note);
    return callbackOut(cb, ctx.clock.now());
  });
}
