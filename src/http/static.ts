// The web apps (web/, built by Vite into web/dist) served by the same process as the API.
//
// One wildcard route, so that the route table does not depend on which files a build made:
// - /api/* and /public/* that no route took are the API's 404, never the app's HTML;
// - files of the build are sent as they are: hashed assets (web/dist/assets/) are cached for a
//   year (their name changes with their content), anything else is revalidated;
// - every other path is a page of the single-page app: index.html, revalidated on each load
//   so that a new build is picked up at once.
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendError } from './errors.js';

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

const YEAR_SECONDS = 365 * 24 * 3600;

/** Paths that belong to the API, not to the app. */
const API_PATH = /^(api|public)(\/|$)/;
/** A file the build could have made: plain names only, no dot segments. */
const FILE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\.[A-Za-z0-9]+$/;

// The app loads nothing from elsewhere; media-src allows blob: for recordings played from
// memory, connect-src 'self' covers the event WebSocket on the same origin.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Öppen Växel</title></head>
<body><main><h1>Öppen Växel</h1>
<p>Webbappen är inte byggd ännu. Kör <code>npm run build:web</code> (eller <code>npm start</code>, som bygger den) och ladda om sidan.</p>
<p lang="en">The web app has not been built: run <code>npm run build:web</code> and reload.</p>
</main></body></html>
`;

function pageHeaders(reply: FastifyReply) {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'same-origin');
}

export interface StaticOptions {
  /** The built app; web/dist by default. */
  root?: string;
}

export async function staticPlugin(app: FastifyInstance, opts: StaticOptions = {}) {
  const root = path.resolve(opts.root ?? DEFAULT_WEB_ROOT);
  // serve: false: only reply.sendFile (path checks, ETag, ranges, types); the route is ours.
  await app.register(fastifyStatic, { root, serve: false });

  app.get<{ Params: { '*': string } }>('/*', { schema: { hide: true } }, async (request, reply) => {
    const rest = request.params['*'] ?? '';
    if (API_PATH.test(rest)) {
      return sendError(reply, 404, 'not-found', 'Sidan eller resursen finns inte.', `No route for GET ${request.url.split('?')[0]}`);
    }
    if (FILE_PATH.test(rest) && !rest.split('/').includes('..') && rest !== 'index.html') {
      if (existsSync(path.join(root, rest))) {
        pageHeaders(reply);
        const hashed = rest.startsWith('assets/');
        return reply.sendFile(rest, hashed ? { maxAge: YEAR_SECONDS * 1000, immutable: true } : { maxAge: 0 });
      }
      // A missing asset is a 404, not the app: a stale page would otherwise parse HTML as script.
      if (rest.startsWith('assets/')) {
        return sendError(reply, 404, 'not-found', 'Filen finns inte.', `No file ${rest} in the web app's build.`);
      }
    }
    pageHeaders(reply);
    if (!existsSync(path.join(root, 'index.html'))) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0, cacheControl: false });
  });
}
