// WebSocket endpoint streaming bus events to each client: only the events it may see.
//   GET /api/events?since=<seq>   (upgrade; cookie session or Authorization: Bearer)
// Each message is JSON: { seq, at, type, ...payload }. A client that reconnects passes the
// last seq it saw and receives what it missed, or { type: 'resync' } when the gap is too old
// to replay, after which it reloads its state over the REST API.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { BusEvent } from '../events/bus.js';
import type { Actor, AppContext } from './context.js';
import { requireActor } from './context.js';
import { staffIdsOf } from '../services/directory/lookup.js';

/** May this actor see this event? Tenant isolation first, then role and relation. */
export function maySee(actor: Actor, staff: ReadonlySet<string>, e: BusEvent): boolean {
  const a = e.audience;
  if (a.tenantId !== actor.tenantId) return false;
  if (a.roles?.includes(actor.role)) return true;
  if (actor.personId && a.personIds?.includes(actor.personId)) return true;
  if (actor.role === 'manager' && a.staffOf?.some((id) => staff.has(id))) return true;
  return false;
}

// One event goes to many sockets: serialise it once, not once per client.
const wired = new WeakMap<BusEvent, string>();
function wire(e: BusEvent): string {
  let s = wired.get(e);
  if (s === undefined) {
    const { audience: _audience, ...rest } = e;
    s = JSON.stringify(rest);
    wired.set(e, s);
  }
  return s;
}

export async function eventsPlugin(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: { since?: number } }>('/api/events', {
    websocket: true,
    schema: {
      tags: ['events'],
      summary: 'WebSocket stream of presence, message and directory events visible to the caller.',
      querystring: { type: 'object', properties: { since: { type: 'integer', minimum: 0 } } },
    },
    preValidation: async (request: FastifyRequest) => {
      requireActor(request);
    },
  }, async (socket: WebSocket, request) => {
    const actor = requireActor(request);
    const loadStaff = async () =>
      actor.role === 'manager' && actor.personId ? staffIdsOf(ctx.store.db, actor.tenantId, actor.personId) : new Set<string>();
    let staff = await loadStaff();

    const deliver = (e: BusEvent) => {
      if (socket.readyState !== socket.OPEN) return;
      if (e.type === 'directory.changed' && actor.role === 'manager' && e.audience.tenantId === actor.tenantId) {
        // Reorganisations change who a manager's staff are.
        void loadStaff().then((s) => (staff = s));
      }
      if (maySee(actor, staff, e)) socket.send(wire(e));
    };

    const since = request.query.since;
    if (since !== undefined) {
      const missed = ctx.bus.since(since);
      if (missed === null) socket.send(JSON.stringify({ type: 'resync', seq: ctx.bus.lastSeq }));
      else missed.forEach(deliver);
    } else {
      socket.send(JSON.stringify({ type: 'hello', seq: ctx.bus.lastSeq }));
    }
    const unsubscribeEvents = ctx.bus.subscribe(deliver);
    // Events from another app server may have been missed: the client reloads its state.
    const unsubscribeGap = ctx.bus.onGap(() => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'resync', seq: ctx.bus.lastSeq }));
    });
    const unsubscribe = () => {
      unsubscribeEvents();
      unsubscribeGap();
    };
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
    // Clients only listen; anything they send is ignored (bounded by maxPayload).
  });
}
