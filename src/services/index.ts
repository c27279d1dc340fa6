// Every capability registers its own routes, schemas and hooks (Fastify's plugin model).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { auditRoutes } from './audit/routes.js';
import { callbackRoutes } from './callbacks/routes.js';
import { directoryRoutes } from './directory/routes.js';
import { hoursRoutes } from './hours/routes.js';
import { presenceRoutes } from './presence/routes.js';
import { tenantRoutes } from './tenants/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { voicemailRoutes } from './voicemail/routes.js';
import { callRecordRoutes } from './call-records/routes.js';
import { switchboardRoutes } from './switchboard/routes.js';
import { trunkRoutes } from '../trunk/routes.js';
import { consoleRoutes } from '../calls/console/routes.js';
import { promptRoutes } from './prompts/routes.js';

export type CapabilityPlugin = (app: FastifyInstance, ctx: AppContext) => Promise<void>;

export const capabilityPlugins: CapabilityPlugin[] = [
  tenantRoutes,
  hoursRoutes,
  directoryRoutes,
  presenceRoutes,
  callbackRoutes,
  auditRoutes,
  tokenRoutes,
  voicemailRoutes,
  callRecordRoutes,
  switchboardRoutes,
  trunkRoutes,
  consoleRoutes,
  promptRoutes,
];
