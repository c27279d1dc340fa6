// The audit log: admins see their municipality's; managers see what was done for their
// staff (P-FUP-2); everyone sees what others did on their behalf.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../http/context.js';
import { requireActor } from '../../http/context.js';
import { ErrorResponse } from '../../http/schemas.js';
import { visiblePersonIds } from '../directory/lookup.js';

const AuditQuery = Type.Object({
  person: Type.Optional(Type.String({ maxLength: 64, description: 'Only entries on behalf of this person.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

const AuditView = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorKind: Type.String(),
  onBehalfOf: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Unknown(),
});

export async function auditRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.store;
  app.get<{ Querystring: Static<typeof AuditQuery> }>('/api/audit', {
    schema: { tags: ['audit'], summary: 'Audit entries visible to the caller, newest first.', querystring: AuditQuery, response: { 200: Type.Array(AuditView), 401: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    let q = db.selectFrom('audit_log').selectAll().where('tenant_id', '=', actor.tenantId);
    const visible = await visiblePersonIds(db, actor);
    if (visible) {
      if (visible.size === 0) return [];
      q = q.where('on_behalf_of', 'in', [...visible]);
    }
    if (request.query.person) q = q.where('on_behalf_of', '=', request.query.person);
    const rows = await q.orderBy('at', 'desc').limit(request.query.limit ?? 100).execute();
    return rows.map((r) => ({
      id: r.id, at: r.at, actorId: r.actor_id, actorKind: r.actor_kind, onBehalfOf: r.on_behalf_of,
      action: r.action, entity: r.entity, entityId: r.entity_id, detail: JSON.parse(r.detail_json) as unknown,
    }));
  });
}
