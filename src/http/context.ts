// What every capability's routes and services get: configuration, the store, the event
// bus and the clock. The clock is injected so that tests can stand on a given instant
// (a DST night, a holiday) while the real server reads the system clock.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { EventBus } from '../events/bus.js';
import type { Store } from '../store/index.js';
import type { Instant } from '../core/time.js';
import type { TenantDirectory } from '../services/tenants/profiles.js';
import type { PresenceService } from '../services/presence/service.js';
import type { CallbackService } from '../services/callbacks/service.js';
import type { DirectoryService } from '../services/directory/service.js';
import type { CallRecordsService } from '../services/call-records/service.js';
import type { SwitchboardService } from '../services/switchboard/service.js';
import type { TrunkService } from '../trunk/service.js';
import type { ConsoleService } from '../calls/console/service.js';
import type { PromptService } from '../services/prompts/service.js';
import { forbidden, unauthorized } from './errors.js';

export type Role = 'employee' | 'manager' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['employee', 'manager', 'operator', 'admin'];

export interface Clock {
  now(): Instant;
}

export interface AppContext {
  config: Config;
  store: Store;
  bus: EventBus;
  clock: Clock;
  tenants: TenantDirectory;
  presence: PresenceService;
  callbacks: CallbackService;
  directory: DirectoryService;
  /** Call records (CallRecordsPort for call control) and the follow-up report. */
  callRecords: CallRecordsService;
  /** The switchboard queue (QueuePort for call control), operators' states, info snippets. */
  switchboard: SwitchboardService;
  /** SIP trunks to the operator (src/trunk): call control's TrunkPort, admin settings, registrations. */
  trunks: TrunkService;
  /** The operator console's call actions (src/calls/console): ConsolePort for call control. */
  operatorConsole: ConsoleService;
  /** What callers hear (src/services/prompts): the process's prompt library and each municipality's own recordings. */
  prompts: PromptService;
}

/** Who is making a request: a logged-in person, or an API token acting with a role. */
export interface Actor {
  kind: 'person' | 'token';
  /** The person's id, or the token's id. */
  id: string;
  /** The person behind the request; null for API tokens. */
  personId: string | null;
  tenantId: string;
  role: Role;
  /** Set for cookie sessions: unsafe requests must echo it (CSRF protection). */
  csrfToken?: string;
  sessionIdHash?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

/** Least privilege: name the roles that may perform an action. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): Actor {
  const actor = requireActor(request);
  if (!roles.includes(actor.role)) throw forbidden(`This action needs one of the roles ${roles.join(', ')}; you are ${actor.role}.`);
  return actor;
}
