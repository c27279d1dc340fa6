// Wires one application context: configuration, store, bus, clock and the services.
// main.ts uses it with the system clock; tests use it with a clock they control.
import type { Config } from './config.js';
import type { Store } from './store/index.js';
import { EventBus } from './events/bus.js';
import { Temporal } from './core/time.js';
import type { AppContext, Clock } from './http/context.js';
import { TenantDirectory } from './services/tenants/profiles.js';
import { PresenceService } from './services/presence/service.js';
import { CallbackService } from './services/callbacks/service.js';
import { DirectoryService } from './services/directory/service.js';
import { CallRecordsService } from './services/call-records/service.js';
import { SwitchboardService } from './services/switchboard/service.js';
import { TrunkService } from './trunk/service.js';
import { ConsoleService } from './calls/console/service.js';
import { PromptService } from './services/prompts/service.js';

export const systemClock: Clock = { now: () => Temporal.Now.instant() };

export function createContext(config: Config, store: Store, clock: Clock = systemClock): AppContext {
  const ctx = { config, store, bus: new EventBus({ clock: () => new Date(clock.now().epochMilliseconds) }), clock, tenants: new TenantDirectory(store.db) } as AppContext;
  ctx.presence = new PresenceService(ctx);
  ctx.callbacks = new CallbackService(ctx);
  ctx.directory = new DirectoryService(ctx);
  ctx.callRecords = new CallRecordsService(ctx);
  ctx.switchboard = new SwitchboardService(ctx);
  ctx.trunks = new TrunkService(ctx);
  ctx.operatorConsole = new ConsoleService(ctx);
  ctx.prompts = new PromptService(ctx);
  // A profile saved through another app server (the bus bridge): read it again here.
  ctx.bus.subscribe((e) => {
    if (e.type === 'profile.changed' && ctx.bus.isRemote(e)) ctx.tenants.forget(e.audience.tenantId);
  });
  ctx.bus.onGap(() => ctx.tenants.forget());
  return ctx;
}
