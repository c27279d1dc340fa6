// The operator console's call actions over HTTP (issue 5 item 2). Operators only; every
// action is audited and every change of a call goes out as a console.call event. The body
// of each action is checked by its schema before `action` reads it.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { requireRole, type AppContext } from '../../http/context.js';
import { ErrorResponse } from '../../http/schemas.js';
import type { ConsoleAction } from './service.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const NStr = Type.Union([Type.Null(), Type.String()]);
const CallParams = Type.Object({ callId: Id });
const PersonParams = Type.Object({ personId: Id });

const Target = Type.Union([
  Type.Object({ kind: Type.Literal('person'), personId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('function'), functionId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('number'), number: Type.String({ minLength: 2, maxLength: 30 }) }, { additionalProperties: false }),
]);
const VoicemailTarget = Type.Union([
  Type.Object({ kind: Type.Literal('person'), personId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('function'), functionId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('switchboard') }, { additionalProperties: false }),
]);

const CallView = Type.Object({
  callId: Type.String(),
  phase: Type.String({ description: 'talking, held, parked, consulting, transferring, camped, ringing-operator, voicemail, connected or ended.' }),
  since: Type.String(),
  caller: Type.Object({ number: Type.String(), name: NStr, personId: NStr }),
  external: Type.Boolean({ description: 'P-SWB-7: the caller came from outside.' }),
  dialled: Type.String(),
  operatorId: NStr,
  parkedBy: NStr,
  target: Type.Union([Type.Null(), Type.Object({ kind: Type.String(), id: NStr, name: Type.String() })]),
  targetAnswered: Type.Boolean(),
  recalled: Type.Union([Type.Null(), Type.Object({ why: Type.String(), from: Type.String() })]),
  deadline: Type.Union([Type.Null(), Type.String({ description: 'When the phase ends by itself (a recall after ringing, parking or camping on).' })]),
});

const Colleague = Type.Object({
  id: Type.String(), name: Type.String(), extension: NStr, available: Type.Boolean(), reason: NStr, returnsAt: NStr, onThePhone: Type.Boolean(),
});

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** The actions, each its own route: path, summary, and the body it takes. */
const ACTIONS: { path: string; summary: string; body?: ReturnType<typeof Type.Object>; action(body: unknown): ConsoleAction }[] = [
  {
    path: 'transfer', summary: 'Blind transfer (P-SWB-3): the operator lets go; the call is planned anew as a call from the switchboard and rings the target; unanswered within the recall time it comes back to the operator (P-FC-1).',
    body: Type.Object({ target: Target }, { additionalProperties: false }), action: (b) => ({ kind: 'transfer', target: (b as { target: Static<typeof Target> }).target }),
  },
  {
    path: 'consult', summary: 'Consultation: the caller hears music while the operator\'s phone calls the target; then connect or back.',
    body: Type.Object({ target: Target }, { additionalProperties: false }), action: (b) => ({ kind: 'consult', target: (b as { target: Static<typeof Target> }).target }),
  },
  { path: 'connect', summary: 'Ends a consultation: the caller and the consulted person talk; the operator lets go.', action: () => ({ kind: 'connect' }) },
  { path: 'back', summary: 'Back to the caller: from a consultation (the target is hung up) or from hold.', action: () => ({ kind: 'back' }) },
  { path: 'hold', summary: 'Hold: the caller hears music; the call stays with the operator.', action: () => ({ kind: 'hold' }) },
  { path: 'park', summary: 'Park: the caller hears music and the operator is free; any operator may retrieve it; unretrieved, it rings the operator who parked it, then goes to the switchboard\'s voicemail (P-FC-1).', action: () => ({ kind: 'park' }) },
  { path: 'retrieve', summary: 'Retrieve a parked call (any operator: it rings their phone) or one on hold.', action: () => ({ kind: 'retrieve' }) },
  {
    path: 'voicemail', summary: 'P-SWB-5: the caller leaves a message in a person\'s (P-VM-1), a function\'s or the switchboard\'s voicemail.',
    body: Type.Object({ target: VoicemailTarget }, { additionalProperties: false }), action: (b) => ({ kind: 'voicemail', target: (b as { target: Static<typeof VoicemailTarget> }).target }),
  },
  {
    path: 'camp-on', summary: 'Camp-on a busy person: the caller hears music until the person is off the phone, then it rings them (bounded; then back to the operator).',
    body: Type.Object({ personId: Id }, { additionalProperties: false }), action: (b) => ({ kind: 'camp-on', personId: (b as { personId: string }).personId }),
  },
  { path: 'hangup', summary: 'Ends the call.', action: () => ({ kind: 'hangup' }) },
];

export async function consoleRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.operatorConsole;

  app.get('/api/switchboard/calls', {
    schema: {
      tags: ['switchboard'],
      summary: 'The calls the operator console holds (talking, held, parked, consulting, being transferred, camped on, recalled), and who is on the phone just now. Changes come as console.call events.',
      response: { 200: Type.Object({ calls: Type.Array(CallView), onThePhone: Type.Array(Type.String()) }), 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async (request) => {
    const actor = requireRole(request, 'operator');
    return { calls: svc.calls(actor.tenantId), onThePhone: [...svc.onThePhone(actor.tenantId)] };
  });

  app.get<{ Params: Static<typeof PersonParams> }>('/api/switchboard/colleagues/:personId', {
    schema: {
      tags: ['switchboard'],
      summary: 'P-SWB-3: the person\'s colleagues in their functions with presence, return time and whether they are on the phone; free ones first.',
      params: PersonParams,
      response: {
        200: Type.Object({ personId: Type.String(), functions: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), members: Type.Array(Colleague) })) }),
        401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse,
      },
    },
  }, async (request) => svc.colleagues(requireRole(request, 'operator'), request.params.personId));

  for (const a of ACTIONS) {
    app.post<{ Params: Static<typeof CallParams>; Body: unknown }>(`/api/switchboard/calls/:callId/${a.path}`, {
      schema: { tags: ['switchboard'], summary: `${a.summary} Operators only; audited.`, params: CallParams, ...(a.body ? { body: a.body } : {}), response: { 200: CallView, ...errors } },
    }, async (request) => svc.act(requireRole(request, 'operator'), request.params.callId, a.action(request.body)));
  }
}
