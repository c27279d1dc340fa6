// The trunks to the operator over HTTP, for admins only: settings (the secret is write-only)
// and each trunk's registration state. Checks and audit live in service.ts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../http/context.js';
import { requireRole } from '../http/context.js';
import { ErrorResponse, IdParams } from '../http/schemas.js';
import { MAX_ADDRESSES, REGISTER_EXPIRES } from './config.js';

const OrNull = <T extends TSchema>(t: T, options: { description?: string } = {}) => Type.Union([t, Type.Null()], options);

const Mode = Type.Union([Type.Literal('register'), Type.Literal('ip')], { description: "register: we REGISTER with digest; ip: the operator trusts our address and we trust its addresses." });
const Transport = Type.Union([Type.Literal('UDP'), Type.Literal('TCP')]);

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  mode: Mode,
  host: Type.String({ minLength: 1, maxLength: 255, description: "The operator's SIP host: an IP address or a host name." }),
  port: OrNull(Type.Integer({ minimum: 1, maximum: 65535 }), { description: 'Default 5060 (the host name looked up as A/AAAA). Null: the servers come from the SRV records _sip._udp.<host> or _sip._tcp.<host> (RFC 3263), in priority and weight order, each tried in turn.' }),
  transport: Transport,
  username: OrNull(Type.String({ maxLength: 64, description: "The account at the operator; also the user part of the Contact we register." })),
  secret: OrNull(Type.String({ maxLength: 128, description: 'Write-only: never returned.' })),
  callerId: OrNull(Type.String({ maxLength: 40, description: "The number presented on outbound calls; one of the municipality's own. Null: the main number." })),
  addresses: Type.Array(Type.String({ maxLength: 64 }), { maxItems: MAX_ADDRESSES, description: 'Source addresses or CIDR prefixes the operator sends INVITEs from.' }),
  registerExpires: Type.Integer({ minimum: REGISTER_EXPIRES.min, maximum: REGISTER_EXPIRES.max, description: 'Seconds asked for in REGISTER (default 600).' }),
  enabled: Type.Boolean(),
};

const CreateTrunk = Type.Object(
  {
    name: Fields.name, mode: Fields.mode, host: Fields.host,
    port: Type.Optional(Fields.port), transport: Type.Optional(Fields.transport), username: Type.Optional(Fields.username),
    secret: Type.Optional(Fields.secret), callerId: Type.Optional(Fields.callerId), addresses: Type.Optional(Fields.addresses),
    registerExpires: Type.Optional(Fields.registerExpires), enabled: Type.Optional(Fields.enabled),
  },
  { additionalProperties: false },
);

const PatchTrunk = Type.Partial(Type.Object(Fields), { additionalProperties: false, minProperties: 1 });

const TrunkStateOut = Type.Object({
  trunkId: Type.String(),
  name: Type.String(),
  mode: Mode,
  status: Type.Union(['by-address', 'disabled', 'idle', 'registering', 'registered', 'failing'].map((s) => Type.Literal(s)), {
    description: 'by-address: an ip trunk; idle: a register trunk whose client is not running (no SIP service); failing: see lastStatus and nextAttemptAt.',
  }),
  lastStatus: OrNull(Type.Integer({ description: 'The last final response to REGISTER; 408 timed out, 503 not sent.' })),
  lastReason: OrNull(Type.String()),
  registeredAt: OrNull(Type.String()),
  expiresAt: OrNull(Type.String()),
  nextAttemptAt: OrNull(Type.String()),
  failures: Type.Integer(),
});

const TrunkOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  mode: Mode,
  host: Type.String(),
  port: OrNull(Type.Integer()),
  transport: Transport,
  username: OrNull(Type.String()),
  hasSecret: Type.Boolean({ description: 'Whether a secret is set; the secret itself is never returned.' }),
  callerId: OrNull(Type.String()),
  addresses: Type.Array(Type.String()),
  registerExpires: Type.Integer(),
  enabled: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  state: TrunkStateOut,
});

const E4xx = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

export async function trunkRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.trunks;

  app.get('/api/trunks', {
    schema: { tags: ['trunks'], summary: 'SIP trunks to the operator, with their registration state (admin).', response: { 200: Type.Array(TrunkOut), 401: ErrorResponse, 403: ErrorResponse } },
  }, async (request) => svc.list(requireRole(request, 'admin').tenantId));

  app.get('/api/trunks/state', {
    schema: { tags: ['trunks'], summary: "Each trunk's registration state (admin); the same as the WebSocket's trunk.state events.", response: { 200: Type.Array(TrunkStateOut), 401: ErrorResponse, 403: ErrorResponse } },
  }, async (request) => svc.states(requireRole(request, 'admin').tenantId));

  app.post<{ Body: Static<typeof CreateTrunk> }>('/api/trunks', {
    schema: { tags: ['trunks'], summary: "Add a trunk (admin). Mode register needs username and secret. Audited (without the secret).", body: CreateTrunk, response: { 201: TrunkOut, ...E4xx } },
  }, async (request, reply) => reply.status(201).send(await svc.create(requireRole(request, 'admin'), request.body)));

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchTrunk> }>('/api/trunks/:id', {
    schema: { tags: ['trunks'], summary: 'Change a trunk (admin). A secret left out is kept. A registering trunk registers again with the new settings. Audited.', params: IdParams, body: PatchTrunk, response: { 200: TrunkOut, ...E4xx } },
  }, async (request) => svc.update(requireRole(request, 'admin'), request.params.id, request.body));

  app.delete<{ Params: Static<typeof IdParams> }>('/api/trunks/:id', {
    schema: { tags: ['trunks'], summary: 'Remove a trunk (admin); a registering trunk unregisters (Expires: 0). Audited.', params: IdParams, response: { 204: Type.Null(), ...E4xx } },
  }, async (request, reply) => {
    await svc.remove(requireRole(request, 'admin'), request.params.id);
    return reply.status(204).send();
  });
}
