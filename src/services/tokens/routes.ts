// API tokens for integrations (an intranet page, a calendar coupling, the IT desk).
// Only admins create and revoke them; the token is shown once and stored as a digest.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext, Role } from '../../http/context.js';
import { requireRole, ROLES } from '../../http/context.js';
import { digestToken, newToken } from '../../auth/secrets.js';

import { newId, toIso } from '../../store/index.js';
import { notFound } from '../../http/errors.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import { audit } from '../audit/audit.js';

const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

const CreateToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  },
  { additionalProperties: false },
);

export async function tokenRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.store;

  app.get('/api/tokens', {
    schema: { tags: ['tokens'], summary: 'List API tokens (admin).', response: { 200: Type.Array(TokenView), 401: ErrorResponse, 403: ErrorResponse } },
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    const rows = await db.selectFrom('api_tokens').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
  });

  app.post<{ Body: { name: string; role: Role } }>('/api/tokens', {
    schema: {
      tags: ['tokens'],
      summary: 'Create an API token (admin). The token is returned once.',
      body: CreateToken,
      response: { 201: Type.Object({ id: Type.String(), token: Type.String() }), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, 'admin');
    const token = newToken('ovt_');
    const id = newId();
    const now = ctx.clock.now();
    await db.insertInto('api_tokens').values({
      id, tenant_id: actor.tenantId, name: request.body.name, token_hash: digestToken(token), role: request.body.role,
      created_by: actor.id, created_at: toIso(now), last_used_at: null, revoked_at: null,
    }).execute();
    await audit(db, actor, actor.tenantId, now, { action: 'token.create', entity: 'api_token', entityId: id, detail: { name: request.body.name, role: request.body.role } });
    return reply.status(201).send({ id, token });
  });

  app.delete<{ Params: { id: string } }>('/api/tokens/:id', {
    schema: { tags: ['tokens'], summary: 'Revoke an API token (admin).', params: IdParams, response: { 204: Type.Null(), 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
  }, async (request, reply) => {
    const actor = requireRole(request, 'admin');
    const now = ctx.clock.now();
    const res = await db.updateTable('api_tokens').set({ revoked_at: toIso(now) })
      .where('id', '=', request.params.id).where('tenant_id', '=', actor.tenantId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('token');
    await audit(db, actor, actor.tenantId, now, { action: 'token.revoke', entity: 'api_token', entityId: request.params.id });
    return reply.status(204).send();
  });
}
