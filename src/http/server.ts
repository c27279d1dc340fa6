// The HTTP server: API, public hours, WebSocket events (and the web apps as they land).
// Each capability registers its own routes and schemas as a plugin (Fastify's model);
// this file only assembles them.
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from './context.js';
import { installErrorHandler } from './errors.js';
import { authPlugin } from './auth.js';
import { ErrorResponse } from './schemas.js';
import { capabilityPlugins } from '../services/index.js';
import { eventsPlugin } from './events.js';
import { staticPlugin } from './static.js';

export interface ServerOptions {
  /** Log requests (off in tests). */
  logger?: boolean;
  /** Told about every route as it is registered (tests check each has an authorisation test). */
  onRoute?: (method: string, url: string) => void;
  /** The built web apps (default web/dist). */
  webRoot?: string;
}

export async function buildServer(ctx: AppContext, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: ctx.config.logLevel,
          // Secrets never reach the log.
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', '*.password', '*.pin'],
        }
      : false,
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Requests Node's HTTP parser refuses (bad characters in the URL, broken headers) never
    // reach a route: answer them in the same error shape, then close.
    clientErrorHandler: (err, socket) => {
      if (!socket.writable) return socket.destroy();
      const body = JSON.stringify({ error: { code: 'bad-http', message: 'Ogiltig begäran.', detail: `The HTTP request could not be parsed (${(err as { code?: string }).code ?? 'unknown'}).`, problems: [] } });
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    // Query strings are coerced to their types; put Type.Null() first in nullable unions so
  // that null is never coerced to "" (ajv tries union branches in order).
  ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  if (opts.onRoute) {
    const tell = opts.onRoute;
    app.addHook('onRoute', (r) => {
      for (const m of [r.method].flat()) if (m !== 'HEAD') tell(m, r.url);
    });
  }
  app.addSchema(ErrorResponse);
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Öppen Växel API',
        version: '0.1.0',
        description:
          'Presence and diversion, directory, hours, messages and call-backs for Swedish municipalities. ' +
          'Errors: { error: { code, message (Swedish), detail (English), problems[] } }. ' +
          'Cookie sessions must send X-CSRF-Token on POST/PUT/PATCH/DELETE; API tokens use Authorization: Bearer.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ov_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });

  // Authentication decorates every request, so it is installed on the root, not encapsulated.
  await authPlugin(app, ctx);
  for (const plugin of capabilityPlugins) {
    await app.register(async (scoped) => plugin(scoped, ctx));
  }
  await app.register(async (scoped) => eventsPlugin(scoped, ctx));

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { schema: { tags: ['system'], summary: 'Liveness: the process answers and the store is reachable.' } }, async () => {
    await ctx.store.db.selectFrom('tenants').select('id').limit(1).execute();
    return { ok: true };
  });
  // The web apps last: their wildcard takes only what no API route took.
  await app.register(async (scoped) => staticPlugin(scoped, opts.webRoot ? { root: opts.webRoot } : {}));
  return app;
}
