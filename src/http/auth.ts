// Authentication: log in with phone number or e-mail and password (P-DIV-6: "användarnamn
// (telefonnummer) och lösenord"), cookie sessions with CSRF protection, API tokens for
// integrations, and throttled login attempts (P-SEC-1).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { timingSafeEqual } from 'node:crypto';
import { digestToken, newToken, verifySecret } from '../auth/secrets.js';
import { ADDRESS_THROTTLE, blockedFor, LOGIN_THROTTLE } from '../auth/throttle.js';
import { loadAttempt, saveFailure } from '../auth/attempts.js';
import { toIso } from '../store/index.js';
import type { AppContext, Actor, Role } from './context.js';
import { requireActor } from './context.js';
import { HttpError, badRequest } from './errors.js';
import { findPeopleByLogin } from '../services/directory/lookup.js';
import { ErrorResponse } from './schemas.js';

export const SESSION_COOKIE = 'ov_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 200, description: 'E-mail address or phone number (extension, direct or mobile number).' }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    tenant: Type.Optional(Type.String({ maxLength: 100, description: 'Municipality slug; needed only when the login exists in several.' })),
  },
  { additionalProperties: false },
);

const Me = Type.Object({
  person: Type.Union([
    Type.Object({ id: Type.String(), firstName: Type.String(), lastName: Type.String(), email: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  tenant: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  role: Type.String(),
  kind: Type.String(),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function authPlugin(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.store;
  app.decorateRequest('actor', null);

  async function actorFromSession(token: string): Promise<Actor | null> {
    const idHash = digestToken(token);
    const row = await db
      .selectFrom('sessions')
      .innerJoin('people', 'people.id', 'sessions.person_id')
      .select(['sessions.id_hash', 'sessions.tenant_id', 'sessions.person_id', 'sessions.csrf_token', 'sessions.expires_at', 'people.role', 'people.deactivated_at'])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (!row || row.deactivated_at !== null) return null;
    const now = toIso(ctx.clock.now());
    if (row.expires_at <= now) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
      return null;
    }
    return { kind: 'person', id: row.person_id, personId: row.person_id, tenantId: row.tenant_id, role: row.role as Role, csrfToken: row.csrf_token, sessionIdHash: idHash };
  }

  async function actorFromToken(token: string): Promise<Actor | null> {
    const row = await db
      .selectFrom('api_tokens')
      .select(['id', 'tenant_id', 'role', 'revoked_at', 'last_used_at'])
      .where('token_hash', '=', digestToken(token))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) return null;
    // "Last used" to the minute is enough for an admin, and spares a write per request.
    const now = ctx.clock.now();
    if (!row.last_used_at || Date.parse(row.last_used_at) < now.epochMilliseconds - 60_000) {
      await db.updateTable('api_tokens').set({ last_used_at: toIso(now) }).where('id', '=', row.id).execute();
    }
    return { kind: 'token', id: row.id, personId: null, tenantId: row.tenant_id, role: row.role as Role };
  }

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const auth = request.headers.authorization;
    if (auth && /^Bearer\s+/i.test(auth)) {
      request.actor = await actorFromToken(auth.replace(/^Bearer\s+/i, '').trim());
      if (!request.actor) {
        throw new HttpError(401, 'bad-token', 'Ogiltig eller återkallad API-nyckel.', 'The API token is unknown or revoked.', [], { 'www-authenticate': 'Bearer' });
      }
      return; // Tokens are not sent by browsers on their own: no CSRF check needed.
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    request.actor = await actorFromSession(cookie);
    if (request.actor && UNSAFE.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, request.actor.csrfToken ?? '')) {
        throw new HttpError(403, 'csrf', 'Sidan behöver laddas om (säkerhetskontroll misslyckades).', 'Missing or wrong X-CSRF-Token header for a cookie-authenticated request.');
      }
    }
  });

  function tooMany(ms: number): HttpError {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return new HttpError(429, 'throttled', 'För många misslyckade inloggningar. Försök igen om en stund.',
      `Too many failed logins; retry after ${seconds} s.`, [], { 'retry-after': String(seconds) });
  }

  const cookieOptions = (request: FastifyRequest, maxAgeSeconds: number) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.secureCookies || request.protocol === 'https',
    maxAge: maxAgeSeconds,
  });

  app.post('/api/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Log in with e-mail or phone number and password; sets the session cookie.',
      body: LoginBody,
      response: { 200: Me, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
    },
  }, async (request: FastifyRequest<{ Body: Static<typeof LoginBody> }>, reply: FastifyReply) => {
    const { login, password, tenant } = request.body;
    const nowMs = ctx.clock.now().epochMilliseconds;
    const addressKey = `ip:${request.ip}`;
    const loginKey = `login:${(tenant ?? '*').toLowerCase()}:${login.trim().toLowerCase()}`;
    const blocked = Math.max(blockedFor(await loadAttempt(db, addressKey), nowMs), blockedFor(await loadAttempt(db, loginKey), nowMs));
    if (blocked > 0) throw tooMany(blocked);

    const candidates = await findPeopleByLogin(db, login, tenant);
    if (candidates.length > 1) {
      throw badRequest('Inloggningen finns i flera kommuner: välj kommun.', 'The login matches people in several municipalities; send "tenant".');
    }
    const person = candidates[0];
    const cred = person
      ? await db.selectFrom('credentials').select('password_hash').where('person_id', '=', person.id).executeTakeFirst()
      : undefined;
    // Unknown login and wrong password take the same path and give the same answer.
    const okPassword = await verifySecret(password, cred?.password_hash ?? null);
    if (!person || !okPassword) {
      await saveFailure(db, addressKey, ADDRESS_THROTTLE, nowMs);
      await saveFailure(db, loginKey, LOGIN_THROTTLE, nowMs);
      throw new HttpError(401, 'bad-login', 'Fel användarnamn eller lösenord.', 'Unknown login or wrong password.');
    }
    await db.deleteFrom('login_attempts').where('key', '=', loginKey).execute();

    const token = newToken();
    const csrfToken = newToken();
    const now = ctx.clock.now();
    const expires = now.add({ hours: ctx.config.sessionHours });
    await db.insertInto('sessions').values({
      id_hash: digestToken(token),
      tenant_id: person.tenant_id,
      person_id: person.id,
      csrf_token: csrfToken,
      created_at: toIso(now),
      expires_at: toIso(expires),
      last_seen_at: toIso(now),
    }).execute();
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(request, ctx.config.sessionHours * 3600));
    const t = await db.selectFrom('tenants').select(['id', 'slug', 'name']).where('id', '=', person.tenant_id).executeTakeFirstOrThrow();
    return {
      person: { id: person.id, firstName: person.first_name, lastName: person.last_name, email: person.email },
      tenant: t,
      role: person.role,
      kind: 'person',
      csrfToken,
    };
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'End the session.', response: { 204: Type.Null(), 401: ErrorResponse } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    if (actor.sessionIdHash) await db.deleteFrom('sessions').where('id_hash', '=', actor.sessionIdHash).execute();
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'Who am I: person, municipality, role and the CSRF token.', response: { 200: Me, 401: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    const t = await db.selectFrom('tenants').select(['id', 'slug', 'name']).where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
    const p = actor.personId
      ? await db.selectFrom('people').select(['id', 'first_name', 'last_name', 'email']).where('id', '=', actor.personId).executeTakeFirst()
      : undefined;
    return {
      person: p ? { id: p.id, firstName: p.first_name, lastName: p.last_name, email: p.email } : null,
      tenant: t,
      role: actor.role,
      kind: actor.kind,
      csrfToken: actor.csrfToken ?? null,
    };
  });
}

/** Sessions that expired are removed by the housekeeping job. */
export async function purgeExpiredSessions(ctx: AppContext): Promise<number> {
  const res = await ctx.store.db.deleteFrom('sessions').where('expires_at', '<=', toIso(ctx.clock.now())).executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}
