// The municipality's profile: the policy as settings (docs/profiles.md). Everyone in the
// municipality reads it (the web apps need reasons, hours, greeting); only admins change it.
import type { FastifyInstance } from 'fastify';
import { ProfileSchema } from './profile-schema.js';
import type { AppContext } from '../../http/context.js';
import { requireActor, requireRole } from '../../http/context.js';
import { ErrorResponse } from '../../http/schemas.js';
import { audit } from '../audit/audit.js';
import type { MunicipalityProfile } from '../../core/policy/index.js';
import { badRequest } from '../../http/errors.js';

export async function tenantRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/profile', {
    schema: { tags: ['profile'], summary: 'The municipality\'s policy profile.', response: { 401: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    return (await ctx.tenants.get(actor.tenantId)).profile;
  });

  app.put<{ Body: MunicipalityProfile }>('/api/profile', {
    // The schema checks the structure; validateProfile then checks values and the policy's
    // cross-rules with Swedish messages.
    schema: { tags: ['profile'], summary: 'Replace the profile (admin). Validated as a whole; nothing is saved on error.', body: ProfileSchema, response: { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse } },
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    const current = await ctx.tenants.get(actor.tenantId);
    if (request.body.id !== current.profile.id) {
      throw badRequest('Kommunens id kan inte ändras.', `The profile id must stay "${current.profile.id}".`);
    }
    const now = ctx.clock.now();
    const saved = await ctx.tenants.saveProfile(actor.tenantId, request.body, now);
    await audit(ctx.store.db, actor, actor.tenantId, now, { action: 'profile.update', entity: 'tenant', entityId: actor.tenantId });
    ctx.bus.publish({ type: 'profile.changed' }, { tenantId: actor.tenantId, roles: ['admin'] });
    return saved.profile;
  });
}
