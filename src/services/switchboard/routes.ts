// The operator console's backend over HTTP: the live queue, the operator's own state, taking
// a particular call, and the information snippets (P-SWB-9).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../http/context.js';
import { requireRole } from '../../http/context.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import { forbidden } from '../../http/errors.js';
import { SNIPPET_LIMITS } from './snippets.js';

const NStr = Type.Union([Type.Null(), Type.String()]);
const QueueName = Type.Union([Type.Literal('switchboard'), Type.Object({ functionId: Type.String() })]);

const QueueCall = Type.Object({
  callId: Type.String(),
  position: Type.Integer({ description: '1-based, in serving order.' }),
  priority: Type.String({ description: "P-SWB-7: 'external' or 'internal'." }),
  promoted: Type.Boolean({ description: 'Internal, but served as external after waiting (aging).' }),
  callerNumber: Type.String(),
  callerName: NStr,
  dialled: Type.String({ description: 'P-ANS-1: which number the caller dialled.' }),
  enteredAt: Type.String(),
  waitingSince: Type.String({ description: 'P-SWB-1: the first ring, else when it entered the queue.' }),
  waitingSeconds: Type.Integer(),
  offeredTo: NStr,
  estimatedWaitSeconds: Type.Union([Type.Null(), Type.Integer()]),
});

const AgentOut = Type.Object({
  personId: Type.String(), name: NStr, state: Type.String(), pauseReason: NStr, busy: Type.Boolean(), callId: NStr,
  idleSince: Type.String(), changedAt: Type.String(),
});

const AgentBody = Type.Object(
  {
    action: Type.Union([Type.Literal('login'), Type.Literal('logout'), Type.Literal('pause'), Type.Literal('available')]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Why the operator pauses ("Rast", "Administration").' })),
    personId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Admins only: another operator (audited).' })),
  },
  { additionalProperties: false },
);

const CallParams = Type.Object({ callId: Type.String({ minLength: 1, maxLength: 64 }) });

const SnippetBody = Type.Object(
  {
    title: Type.String({ maxLength: SNIPPET_LIMITS.title }),
    body: Type.String({ maxLength: SNIPPET_LIMITS.body }),
    keywords: Type.Optional(Type.Array(Type.String({ maxLength: SNIPPET_LIMITS.keyword }), { maxItems: SNIPPET_LIMITS.keywords })),
  },
  { additionalProperties: false },
);
const SnippetOut = Type.Object({ id: Type.String(), title: Type.String(), body: Type.String(), keywords: Type.Array(Type.String()), updatedBy: NStr, updatedAt: Type.String() });
const SnippetQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) });

export async function switchboardRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.switchboard;

  app.get('/api/switchboard/queue', {
    schema: {
      tags: ['switchboard'],
      summary: 'The live queues (P-SWB-7 order, waiting time from the first ring, estimated wait) and the logged-in operators. Updates come as queue.changed and agent.changed events.',
      response: {
        200: Type.Object({
          queues: Type.Array(Type.Object({ queue: QueueName, calls: Type.Array(QueueCall) })),
          agents: Type.Array(AgentOut),
          me: Type.Union([Type.Null(), AgentOut]),
          averageHandleSeconds: Type.Union([Type.Null(), Type.Integer()]),
        }),
        401: ErrorResponse, 403: ErrorResponse,
      },
    },
  }, async (request) => {
    const actor = requireRole(request, 'operator', 'admin');
    const snap = await svc.snapshot(actor.tenantId);
    const me = actor.personId ? snap.agents.find((a) => a.personId === actor.personId) ?? (await svc.agent(actor.tenantId, actor.personId)) : null;
    return { ...snap, me };
  });

  app.post<{ Body: Static<typeof AgentBody> }>('/api/switchboard/agent', {
    schema: {
      tags: ['switchboard'],
      summary: "An operator logs in to the switchboard, pauses (with a reason), is available again, or logs out. Admins may set another operator's state (audited).",
      body: AgentBody,
      response: { 200: AgentOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (request) => {
    const actor = requireRole(request, 'operator', 'admin');
    const personId = request.body.personId ?? actor.personId;
    if (!personId) throw forbidden('An API token must name the operator (personId).');
    if (personId !== actor.personId && actor.role !== 'admin') throw forbidden('Only admins may set another operator\'s state.');
    return svc.setAgentState(actor, personId, request.body.action, request.body.reason);
  });

  app.post<{ Params: Static<typeof CallParams> }>('/api/switchboard/queue/:callId/pick', {
    schema: {
      tags: ['switchboard'],
      summary: 'The operator takes this waiting call: it rings their phone next. 409 when it already rings another operator, or the operator is logged out or busy.',
      params: CallParams,
      response: { 200: Type.Object({ callId: Type.String(), personId: Type.String() }), 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (request) => svc.pick(requireRole(request, 'operator'), request.params.callId));

  app.get<{ Querystring: Static<typeof SnippetQuery> }>('/api/switchboard/snippets', {
    schema: {
      tags: ['switchboard'],
      summary: 'P-SWB-9: information snippets about the municipality; `q` searches keywords, titles and texts (Swedish-aware), best first.',
      querystring: SnippetQuery,
      response: { 200: Type.Array(SnippetOut), 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async (request) => svc.snippets.search(requireRole(request, 'operator', 'admin').tenantId, request.query.q));

  app.get<{ Params: Static<typeof IdParams> }>('/api/switchboard/snippets/:id', {
    schema: { tags: ['switchboard'], summary: 'One information snippet.', params: IdParams, response: { 200: SnippetOut, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => svc.snippets.get(requireRole(request, 'operator', 'admin').tenantId, request.params.id));

  app.post<{ Body: Static<typeof SnippetBody> }>('/api/switchboard/snippets', {
    schema: { tags: ['switchboard'], summary: 'A new information snippet (admins).', body: SnippetBody, response: { 201: SnippetOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse } },
  }, async (request, reply) => {
    const snippet = await svc.snippets.create(requireRole(request, 'admin'), { ...request.body, keywords: request.body.keywords ?? [] });
    return reply.status(201).send(snippet);
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof SnippetBody> }>('/api/switchboard/snippets/:id', {
    schema: { tags: ['switchboard'], summary: 'Change an information snippet (admins).', params: IdParams, body: SnippetBody, response: { 200: SnippetOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => svc.snippets.update(requireRole(request, 'admin'), request.params.id, { ...request.body, keywords: request.body.keywords ?? [] }));

  app.delete<{ Params: Static<typeof IdParams> }>('/api/switchboard/snippets/:id', {
    schema: { tags: ['switchboard'], summary: 'Remove an information snippet (admins).', params: IdParams, response: { 204: Type.Null(), 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
  }, async (request, reply) => {
    await svc.snippets.remove(requireRole(request, 'admin'), request.params.id);
    return reply.status(204).send();
  });
}
