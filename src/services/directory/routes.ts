// Directory routes: placeholder until the directory capability lands.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';

export async function directoryRoutes(_app: FastifyInstance, _ctx: AppContext) {}
