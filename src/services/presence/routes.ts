// Presence and diversion over HTTP (P-DIV-1..11). Everyone in the municipality sees
// colleagues' presence (the internal directory, P-SWB-12) without private notes (P-SEC-2);
// the person, their managers, operators and admins change it, and every change made for
// someone else is audited (P-DIV-7, P-DIV-8).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../http/context.js';
import { requireActor } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import { statusViewFor, viewFor, type AbsenceView, type DiversionTarget, type PresenceStatusView } from '../../core/presence/index.js';
import { DomainError, problem } from '../../core/errors.js';
import { Temporal, type IsoWeekday } from '../../core/time.js';
import { toIso } from '../../store/index.js';
import type { AbsenceRequest } from './service.js';

const Target = Type.Union([
  Type.Object({ kind: Type.Literal('voicemail') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('reception') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('switchboard') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('person'), personId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('function'), functionId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('number'), number: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
]);

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const IsoDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const IsoInstant = Type.String({ format: 'date-time', description: 'ISO 8601 with offset, e.g. 2026-04-24T14:30:00+02:00' });

const AbsenceBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 40, description: 'Absence reason code from the profile (P-DIV-2).' }),
    start: Type.Optional(IsoInstant),
    end: Type.Optional(Type.Union([Type.Null(), IsoInstant], { description: 'Return time (P-DIV-3); may be left out when the reason has a default length.' })),
    target: Type.Optional(Target),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'Private: never shown to operators (P-SEC-2).' })),
    recurrence: Type.Optional(
      Type.Object(
        {
          weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 }),
          startTime: Clock,
          endTime: Clock,
          from: IsoDate,
          until: Type.Optional(IsoDate),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
type AbsenceBodyT = Static<typeof AbsenceBody>;

const AbsenceOut = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  reason: Type.String(),
  start: Type.String(),
  end: Type.String(),
  target: Type.Unknown(),
  recurrence: Type.Optional(Type.Unknown()),
  note: Type.Optional(Type.String()),
  createdBy: Type.Optional(Type.String()),
});

const Occurrence = Type.Union([Type.Null(), Type.Object({ start: Type.String(), end: Type.String(), absence: AbsenceOut })]);
const StatusOut = Type.Object({
  personId: Type.String(),
  state: Type.Union([Type.Literal('available'), Type.Literal('absent')]),
  reason: Type.Optional(Type.String()),
  reasonLabel: Type.Optional(Type.String()),
  returnsAt: Type.Optional(Type.String()),
  target: Type.Optional(Type.Unknown()),
  current: Type.Optional(Occurrence),
  next: Occurrence,
});

function parseInstant(field: string, s: string) {
  try {
    return Temporal.Instant.from(s);
  } catch {
    throw new DomainError(problem('absence.time.invalid', `Ogiltig tid i ${field}.`, `${field} is not an ISO 8601 instant with offset: ${s}`, { field }));
  }
}

export function absenceRequest(body: AbsenceBodyT, now: Temporal.Instant): AbsenceRequest {
  const req: AbsenceRequest = { reason: body.reason };
  if (body.recurrence) {
    const r = body.recurrence;
    req.recurrence = {
      weekdays: r.weekdays as IsoWeekday[],
      startTime: r.startTime,
      endTime: r.endTime,
      from: Temporal.PlainDate.from(r.from),
      ...(r.until ? { until: Temporal.PlainDate.from(r.until) } : {}),
    };
  } else {
    // No start means "from now" (the one-tap reasons of self-service).
    req.start = body.start ? parseInstant('start', body.start) : now;
  }
  if (body.end) req.end = parseInstant('end', body.end);
  if (body.target) req.target = body.target as DiversionTarget;
  if (body.note !== undefined && body.note.trim() !== '') req.note = body.note;
  return req;
}

export function absenceOut(v: AbsenceView) {
  return {
    id: v.id,
    personId: v.personId,
    reason: v.reason,
    start: toIso(v.start),
    end: toIso(v.end),
    target: v.target,
    ...(v.recurrence
      ? { recurrence: { ...v.recurrence, from: v.recurrence.from.toString(), ...(v.recurrence.until ? { until: v.recurrence.until.toString() } : {}) } }
      : {}),
    ...(v.note !== undefined ? { note: v.note } : {}),
    ...(v.createdBy !== undefined ? { createdBy: v.createdBy } : {}),
  };
}

export function statusOut(personId: string, v: PresenceStatusView, reasonLabel: (code: string) => string | undefined) {
  const occ = (o: PresenceStatusView['next']) => (o ? { start: toIso(o.start), end: toIso(o.end), absence: absenceOut(o.absence) } : null);
  if (v.state === 'available') return { personId, state: 'available' as const, next: occ(v.next) };
  const label = reasonLabel(v.reason);
  return {
    personId,
    state: 'absent' as const,
    reason: v.reason,
    ...(label ? { reasonLabel: label } : {}),
    returnsAt: toIso(v.returnsAt),
    target: v.target,
    current: occ(v.current),
    next: occ(v.next),
  };
}

const PersonParams = Type.Object({ personId: Type.String({ minLength: 1, maxLength: 64 }) });

export async function presenceRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.presence;

  async function visiblePerson(tenantId: string, personId: string) {
    const p = await ctx.store.db.selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('id', '=', personId).executeTakeFirst();
    if (!p) throw notFound('person');
  }

  app.get<{ Params: Static<typeof PersonParams> }>('/api/people/:personId/presence', {
    schema: { tags: ['presence'], summary: 'A person\'s status now: available, or absent with reason, return time and where calls go.', params: PersonParams, response: { 200: StatusOut, 401: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    const { personId } = request.params;
    await visiblePerson(actor.tenantId, personId);
    const viewer = (await svc.viewerFor(actor, actor.tenantId, personId)) ?? 'colleague';
    const tenant = await ctx.tenants.get(actor.tenantId);
    const status = await svc.statusOf(actor.tenantId, personId);
    return statusOut(personId, statusViewFor(viewer, status), (c) => tenant.profile.absenceReasons.find((r) => r.code === c)?.label);
  });

  app.get<{ Params: Static<typeof PersonParams> }>('/api/people/:personId/absences', {
    schema: { tags: ['presence'], summary: 'Current, planned and recurring absences of a person.', params: PersonParams, response: { 200: Type.Array(AbsenceOut), 401: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    const { personId } = request.params;
    await visiblePerson(actor.tenantId, personId);
    const viewer = (await svc.viewerFor(actor, actor.tenantId, personId)) ?? 'colleague';
    const now = ctx.clock.now();
    const list = (await svc.absencesOf(actor.tenantId, personId)).filter((a) => a.recurrence || Temporal.Instant.compare(a.end, now) > 0);
    return list.sort((a, b) => Temporal.Instant.compare(a.start, b.start)).map((a) => absenceOut(viewFor(viewer, a)));
  });

  app.post<{ Params: Static<typeof PersonParams>; Body: AbsenceBodyT }>('/api/people/:personId/absences', {
    schema: {
      tags: ['presence'],
      summary: 'Register an absence (divert the phone): reason, return time, where calls go. Internal targets only (P-COST-1).',
      params: PersonParams, body: AbsenceBody,
      response: { 201: AbsenceOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const absence = await svc.create(actor, request.params.personId, absenceRequest(request.body, ctx.clock.now()));
    return reply.status(201).send(absenceOut(viewFor('self', absence)));
  });

  app.put<{ Params: Static<typeof IdParams>; Body: AbsenceBodyT }>('/api/absences/:id', {
    schema: { tags: ['presence'], summary: 'Change an absence.', params: IdParams, body: AbsenceBody, response: { 200: AbsenceOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    const absence = await svc.update(actor, request.params.id, absenceRequest(request.body, ctx.clock.now()));
    return absenceOut(viewFor('self', absence));
  });

  app.delete<{ Params: Static<typeof IdParams> }>('/api/absences/:id', {
    schema: { tags: ['presence'], summary: 'Remove an absence.', params: IdParams, response: { 204: Type.Null(), 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    await svc.cancel(actor, request.params.id);
    return reply.status(204).send();
  });

  app.post<{ Params: Static<typeof PersonParams> }>('/api/people/:personId/back', {
    schema: { tags: ['presence'], summary: '"Åter": end the current absence now (P-DIV-4); planned absences stay.', params: PersonParams, response: { 200: StatusOut, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    const { personId } = request.params;
    await svc.backNow(actor, actor.tenantId, personId);
    const tenant = await ctx.tenants.get(actor.tenantId);
    const status = await svc.statusOf(actor.tenantId, personId);
    return statusOut(personId, statusViewFor('self', status), (c) => tenant.profile.absenceReasons.find((r) => r.code === c)?.label);
  });

  app.get('/api/absence-reasons', {
    schema: { tags: ['presence'], summary: 'The municipality\'s absence reasons with their default lengths.', response: { 401: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    const tenant = await ctx.tenants.get(actor.tenantId);
    return tenant.profile.absenceReasons;
  });
}
