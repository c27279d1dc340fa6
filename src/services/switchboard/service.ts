// The switchboard queue as a service (QueuePort for call control), and the operators
// ("telefonister") who serve it.
//
// Queues live in memory, per process: a call is owned by the app server that took it
// (ARCHITECTURE.md), and so is its place in the queue. Operators' states (logged in, paused,
// logged out) are kept in switchboard_agents, so a restart keeps who is logged in; whether an
// operator is busy is known only to the process whose calls ring them.
//
// Who serves which queue: every logged-in operator serves the switchboard queue; a function's
// queue is served by the logged-in operators who are members of that function.
//
// The order is the core's (src/core/queue): P-SWB-7 external before internal, FIFO within a
// class, internal calls promoted after the profile's queue.internalPromotionSeconds. A free
// operator is offered the first call in that order; among free operators the one idle the
// longest gets it. An operator is busy from the moment a call is offered to them until call
// control says they are free again (agentFree), or that they missed it (agentMissed).
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { QueueEntryInput, QueueMembership, QueuePort, CallerInfo } from '../../calls/ports.js';
import {
  CallQueue, chooseAgent, compareRank, estimatedWaitSeconds, isFree, isLoggedIn, movingAverage, overflowReason, snapshotRows,
  type AgentState, type AgentView, type QueueOrderSettings,
} from '../../core/queue/index.js';
import { defaultQueue } from '../../core/policy/defaults.js';
import type { Instant } from '../../core/time.js';
import type { AgentChanged, QueueCallView, QueueChanged } from '../../events/bus.js';
import type { Actor, AppContext } from '../../http/context.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { fromIso, toIso } from '../../store/index.js';
import type { Database } from '../../store/schema.js';
import { audit } from '../audit/audit.js';
import { SnippetService } from './snippets.js';

export type QueueName = 'switchboard' | { functionId: string };

/** The most often a queue's snapshot goes out while it keeps changing. */
const QUEUE_EVENT_MS = 250;

/** What an operator's call takes on average before anything is measured (ringing, talking, transfer). */
const INITIAL_HANDLE_SECONDS = 90;

interface Entry {
  callId: string;
  tenantId: string;
  queueKey: string;
  queue: QueueName;
  priority: 'external' | 'internal';
  caller: CallerInfo;
  dialled: string;
  enteredAt: Instant;
  /** enteredAt as text, made once: a snapshot of a long queue would otherwise spend its time formatting. */
  enteredIso: string;
  /** The call's first ring (P-SWB-1) as call records know it, once known; else enteredAt. */
  since: { at: Instant; iso: string } | null;
  /** The operator it is offered to (ringing them), until they answer or miss it. */
  assignedTo: string | null;
  /** Operators who did not answer it: others are offered it first. */
  missed: Set<string>;
  /** Told to overflow (no operator, or the maximum wait): no longer offered to anyone. */
  overflowing: boolean;
  left: boolean;
  waiter: ((agent: { personId: string } | null) => void) | null;
}

interface Agent extends AgentView {
  pauseReason: string | null;
  changedAt: Instant;
  /** The call ringing them or connected to them, and since when. */
  call: { callId: string | null; since: Instant } | null;
}

interface TenantState {
  id: string;
  settings: QueueOrderSettings & { maxWaitSeconds: number };
  queues: Map<string, CallQueue<Entry>>;
  entries: Map<string, Entry>;
  agents: Map<string, Agent>;
  /** Function id -> its members; loaded when a function queue first needs it. */
  members: Map<string, Set<string>> | null;
  averageHandleSeconds: number | null;
  ready: Promise<void>;
}

const FUNCTION_KEY = 'function:';
const keyOf = (q: QueueName) => (typeof q === 'string' ? q : `${FUNCTION_KEY}${q.functionId}`);
const queueNameOf = (key: string): QueueName => (key.startsWith(FUNCTION_KEY) ? { functionId: key.slice(FUNCTION_KEY.length) } : 'switchboard');

export type AgentAction = 'login' | 'logout' | 'pause' | 'available';

export interface AgentOut {
  personId: string;
  name: string | null;
  state: AgentState;
  pauseReason: string | null;
  busy: boolean;
  /** The call ringing or connected to them. */
  callId: string | null;
  idleSince: string;
  changedAt: string;
}

export class SwitchboardService implements QueuePort {
  readonly #tenants = new Map<string, TenantState>();
  readonly #pendingPublish = new Set<string>();
  readonly #lastPublish = new Map<string, number>();
  readonly snippets: SnippetService;

  constructor(private readonly ctx: AppContext) {
    this.snippets = new SnippetService(ctx);
    ctx.bus.subscribe((e) => {
      const s = this.#tenants.get(e.audience.tenantId);
      if (!s) return;
      // Function membership changes with the directory: read it again, then offer calls anew.
      if (e.type === 'directory.changed') {
        s.members = null;
        void this.#members(s).then(() => this.#dispatch(s), () => undefined);
      }
      // A call that ended frees the operator it was connected to, should call control not
      // have said so (agentFree is still needed when an operator hands a call on and stays free).
      if (e.type === 'call.ended') {
        for (const a of s.agents.values()) if (a.call?.callId === e.callId) queueMicrotask(() => this.agentFree(a.personId, s.id));
      }
    });
  }

  private get db(): Kysely<Database> {
    return this.ctx.store.db;
  }

  #now(): Instant {
    return this.ctx.clock.now();
  }

  // -------------------------------------------------------------------------------------
  // State per municipality

  #state(tenantId: string): TenantState {
    let s = this.#tenants.get(tenantId);
    if (s) return s;
    const q = defaultQueue();
    s = {
      id: tenantId,
      settings: { externalBeforeInternal: q.externalBeforeInternal, internalPromotionSeconds: q.internalPromotionSeconds, maxWaitSeconds: q.maxWaitSeconds },
      queues: new Map(), entries: new Map(), agents: new Map(), members: null, averageHandleSeconds: null,
      ready: Promise.resolve(),
    };
    const state = s;
    s.ready = this.#load(state).catch((err: unknown) => {
      // Without the stored states the queue still works; operators log in again.
      console.error(`switchboard: could not load operators of ${tenantId}`, err);
    });
    this.#tenants.set(tenantId, s);
    return s;
  }

  async #load(s: TenantState): Promise<void> {
    await this.#refreshSettings(s);
    const rows = await this.db.selectFrom('switchboard_agents').selectAll().where('tenant_id', '=', s.id).execute();
    for (const r of rows) {
      if (s.agents.has(r.person_id)) continue; // changed while loading
      const at = fromIso(r.changed_at);
      s.agents.set(r.person_id, { personId: r.person_id, state: r.state, busy: false, idleSince: at, pauseReason: r.state === 'paused' ? r.pause_reason : null, changedAt: at, call: null });
    }
  }

  /** The profile may have been saved since: its queue settings apply from the next question. */
  async #refreshSettings(s: TenantState): Promise<void> {
    const q = (await this.ctx.tenants.get(s.id)).profile.queue;
    s.settings.externalBeforeInternal = q.externalBeforeInternal;
    s.settings.internalPromotionSeconds = q.internalPromotionSeconds;
    s.settings.maxWaitSeconds = q.maxWaitSeconds;
  }

  /** Loads the municipality's operators (done by itself on first use; tests and start-up may await it). */
  async ready(tenantId: string): Promise<void> {
    await this.#state(tenantId).ready;
  }

  async #members(s: TenantState): Promise<Map<string, Set<string>>> {
    if (s.members) return s.members;
    const rows = await this.db.selectFrom('function_members').select(['function_id', 'person_id']).where('tenant_id', '=', s.id).execute();
    const m = new Map<string, Set<string>>();
    for (const r of rows) {
      let set = m.get(r.function_id);
      if (!set) m.set(r.function_id, (set = new Set()));
      set.add(r.person_id);
    }
    s.members = m;
    return m;
  }

  /** Does this operator serve this queue? Function queues before their members are loaded: nobody. */
  #serves(s: TenantState, agent: Agent, queue: QueueName): boolean {
    if (typeof queue === 'string') return true;
    return s.members?.get(queue.functionId)?.has(agent.personId) ?? false;
  }

  #loggedInFor(s: TenantState, queue: QueueName): number {
    let n = 0;
    for (const a of s.agents.values()) if (isLoggedIn(a) && this.#serves(s, a, queue)) n++;
    return n;
  }

  #queue(s: TenantState, name: QueueName): CallQueue<Entry> {
    const key = keyOf(name);
    let q = s.queues.get(key);
    if (!q) s.queues.set(key, (q = new CallQueue<Entry>(s.settings)));
    return q;
  }

  // -------------------------------------------------------------------------------------
  // QueuePort

  join(input: QueueEntryInput): QueueMembership {
    const s = this.#state(input.tenantId);
    if (s.entries.has(input.callId)) throw new Error(`call ${input.callId} is already queued`);
    const entry: Entry = {
      callId: input.callId, tenantId: input.tenantId, queueKey: keyOf(input.queue), queue: input.queue, priority: input.priority,
      caller: input.caller, dialled: input.dialled, enteredAt: input.enteredAt, enteredIso: toIso(input.enteredAt), since: null,
      assignedTo: null, missed: new Set(), overflowing: false, left: false, waiter: null,
    };
    const queue = this.#queue(s, input.queue);
    queue.add(entry);
    s.entries.set(entry.callId, entry);
    this.#queueChanged(s, entry.queueKey);
    void s.ready.then(() => this.#dispatch(s));
    return {
      position: () => (entry.left ? 0 : queue.position(entry.callId, this.#now())),
      nextAgent: (signal) => this.#nextAgent(s, entry, signal),
      agentMissed: (personId) => this.#agentMissed(s, entry, personId),
      leave: (outcome) => this.#leave(s, entry, outcome),
    };
  }

  async #nextAgent(s: TenantState, entry: Entry, signal: AbortSignal): Promise<{ personId: string } | null> {
    await s.ready;
    await this.#refreshSettings(s);
    if (typeof entry.queue !== 'string') await this.#members(s);
    if (entry.left || entry.overflowing || signal.aborted) return null;
    if (entry.assignedTo) return { personId: entry.assignedTo };
    const check = () => overflowReason({ enteredAt: entry.enteredAt, now: this.#now(), maxWaitSeconds: s.settings.maxWaitSeconds, agentsLoggedIn: this.#loggedInFor(s, entry.queue) });
    // P-FC-1: with nobody logged in, or after the longest wait, the call goes on in its plan.
    if (check()) {
      entry.overflowing = true;
      this.#queueChanged(s, entry.queueKey);
      return null;
    }
    entry.waiter?.(null); // one waiter at a time: an earlier one is told to stop
    return new Promise((resolve) => {
      const remainingMs = entry.enteredAt.epochMilliseconds + s.settings.maxWaitSeconds * 1000 - this.#now().epochMilliseconds;
      const timer = setTimeout(() => {
        if (entry.waiter === finish && !entry.assignedTo) {
          entry.overflowing = true;
          this.#queueChanged(s, entry.queueKey);
          finish(null);
        }
      }, Math.max(0, remainingMs));
      const onAbort = () => finish(null);
      const finish = (agent: { personId: string } | null) => {
        if (entry.waiter !== finish) return;
        entry.waiter = null;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(agent);
      };
      entry.waiter = finish;
      signal.addEventListener('abort', onAbort, { once: true });
      this.#dispatch(s);
    });
  }

  #agentMissed(s: TenantState, entry: Entry, personId: string): void {
    const agent = s.agents.get(personId);
    if (entry.assignedTo === personId) entry.assignedTo = null;
    entry.missed.add(personId);
    if (agent && agent.call?.callId === entry.callId) {
      // Not idle since: they did not take a call, so they stay first in line for the next one.
      agent.busy = false;
      agent.call = null;
      this.#agentChanged(s, agent);
    }
    this.#queueChanged(s, entry.queueKey);
    this.#dispatch(s);
  }

  #leave(s: TenantState, entry: Entry, outcome: { answeredBy: string } | 'abandoned' | 'overflow'): void {
    if (entry.left) return;
    entry.left = true;
    this.#queue(s, entry.queue).remove(entry.callId);
    s.entries.delete(entry.callId);
    entry.waiter?.(null);
    const now = this.#now();
    const answeredBy = typeof outcome === 'object' ? outcome.answeredBy : null;
    if (entry.assignedTo && entry.assignedTo !== answeredBy) {
      const offered = s.agents.get(entry.assignedTo);
      if (offered && offered.call?.callId === entry.callId) {
        offered.busy = false;
        offered.call = null;
        this.#agentChanged(s, offered);
      }
    }
    if (answeredBy) {
      const agent = s.agents.get(answeredBy);
      if (agent) {
        agent.busy = true;
        agent.call = { callId: entry.callId, since: agent.call?.callId === entry.callId ? agent.call.since : now };
        this.#agentChanged(s, agent);
      }
    }
    this.#queueChanged(s, entry.queueKey);
    this.#dispatch(s);
  }

  /**
   * Call control: the operator's call ended (or a call that rang them was given up); they can
   * be offered the next one. Their handling time feeds the wait estimates.
   */
  agentFree(personId: string, tenantId?: string): void {
    for (const s of tenantId ? [this.#state(tenantId)] : this.#tenants.values()) {
      const agent = s.agents.get(personId);
      // Told twice (call control, then the call's end): the first one counts.
      if (!agent || (!agent.busy && !agent.call)) continue;
      const now = this.#now();
      if (agent.call) {
        s.averageHandleSeconds = movingAverage(s.averageHandleSeconds, Math.max(1, (now.epochMilliseconds - agent.call.since.epochMilliseconds) / 1000));
      }
      agent.busy = false;
      agent.call = null;
      agent.idleSince = now;
      this.#agentChanged(s, agent);
      this.#dispatch(s);
    }
  }

  /** The operator console rings or connects this operator outside the queue (a recall, a retrieved call): no queue call is offered to them meanwhile. */
  agentBusy(personId: string, tenantId: string, callId: string): void {
    const s = this.#state(tenantId);
    const agent = s.agents.get(personId);
    if (!agent || agent.busy) return;
    agent.busy = true;
    agent.call = { callId, since: this.#now() };
    this.#agentChanged(s, agent);
  }

  /** Is this operator ringing or connected for a call just now (the console looks before recalling to them)? */
  isAgentBusy(tenantId: string, personId: string): boolean {
    return this.#tenants.get(tenantId)?.agents.get(personId)?.busy ?? false;
  }

  // -------------------------------------------------------------------------------------
  // Offering calls to operators

  /**
   * Offers waiting calls to free operators: the calls in serving order across this
   * municipality's queues, each to the longest-idle free operator who serves its queue.
   */
  #dispatch(s: TenantState): void {
    let free = [...s.agents.values()].filter(isFree);
    if (free.length === 0 || s.entries.size === 0) return;
    const now = this.#now();
    const offerable = (e: Entry) => !e.assignedTo && !e.overflowing && !e.left;
    const heads = [...s.queues.values()]
      .filter((q) => q.size > 0)
      .map((q) => ({ q, it: q.inOrder(now), head: undefined as Entry | undefined }));
    const advance = (h: (typeof heads)[number]) => {
      for (let r = h.it.next(); !r.done; r = h.it.next()) {
        if (offerable(r.value)) return (h.head = r.value);
      }
      return (h.head = undefined);
    };
    heads.forEach(advance);
    while (free.length > 0) {
      let best: (typeof heads)[number] | undefined;
      for (const h of heads) {
        if (h.head && (!best || compareRank(h.q.rank(h.head, now), best.q.rank(best.head!, now)) < 0)) best = h;
      }
      if (!best) return;
      const entry = best.head!;
      const agent = chooseAgent(free.filter((a) => this.#serves(s, a, entry.queue)), entry.missed);
      if (agent) {
        this.#offer(s, entry, agent, now);
        free = free.filter((a) => a !== agent);
      }
      advance(best);
    }
  }

  #offer(s: TenantState, entry: Entry, agent: Agent, now: Instant): void {
    entry.assignedTo = agent.personId;
    agent.busy = true;
    agent.call = { callId: entry.callId, since: now };
    this.#agentChanged(s, agent);
    this.#queueChanged(s, entry.queueKey);
    entry.waiter?.({ personId: agent.personId });
  }

  /**
   * An operator takes a particular call from the console: its nextAgent resolves with them.
   * Refused while the call rings another operator, or when the operator is logged out or busy.
   */
  async pick(actor: Actor, callId: string): Promise<{ callId: string; personId: string }> {
    const personId = actor.personId;
    if (!personId) throw forbidden('Only a person can take a call.');
    const s = this.#state(actor.tenantId);
    await s.ready;
    const entry = s.entries.get(callId);
    if (!entry) throw notFound('waiting call');
    const agent = s.agents.get(personId);
    if (!agent || !isLoggedIn(agent)) throw conflict('Logga in i växeln först.', 'The operator is not logged in to the switchboard.');
    if (entry.assignedTo === personId) return { callId, personId };
    if (agent.busy) throw conflict('Du har redan ett samtal.', 'The operator already has a call ringing or connected.');
    if (entry.assignedTo) throw conflict('Samtalet kopplas redan till en annan telefonist.', `The call is being offered to ${entry.assignedTo}.`);
    if (entry.overflowing) throw conflict('Samtalet lämnar kön.', 'The call is leaving the queue (overflow).');
    this.#offer(s, entry, agent, this.#now());
    return { callId, personId };
  }

  // -------------------------------------------------------------------------------------
  // Operators' states

  async setAgentState(actor: Actor, personId: string, action: AgentAction, reason?: string): Promise<AgentOut> {
    const s = this.#state(actor.tenantId);
    await s.ready;
    const person = await this.db.selectFrom('people').select(['id', 'first_name', 'last_name', 'deactivated_at'])
      .where('tenant_id', '=', actor.tenantId).where('id', '=', personId).executeTakeFirst();
    if (!person || person.deactivated_at) throw notFound('person');
    const now = this.#now();
    const state: AgentState = action === 'logout' ? 'logged-out' : action === 'pause' ? 'paused' : 'available';
    let agent = s.agents.get(personId);
    if (!agent) {
      agent = { personId, state: 'logged-out', busy: false, idleSince: now, pauseReason: null, changedAt: now, call: null };
      s.agents.set(personId, agent);
    }
    const wasTakingCalls = agent.state === 'available';
    const pauseReason = state === 'paused' ? (reason ?? null) : null;
    await this.db.insertInto('switchboard_agents').values({ tenant_id: actor.tenantId, person_id: personId, state, pause_reason: pauseReason, changed_at: toIso(now) })
      .onConflict((oc) => oc.columns(['tenant_id', 'person_id']).doUpdateSet({ state, pause_reason: pauseReason, changed_at: toIso(now) })).execute();
    if (actor.personId !== personId) {
      await audit(this.db, actor, actor.tenantId, now, { action: `switchboard.${action}`, entity: 'person', entityId: personId, onBehalfOf: personId, detail: reason ? { reason } : {} });
    }
    agent.state = state;
    agent.pauseReason = pauseReason;
    agent.changedAt = now;
    // Idle time counts from when they start taking calls, not from before a pause.
    if (state === 'available' && !wasTakingCalls) agent.idleSince = now;
    this.#agentChanged(s, agent);
    // P-FC-1: with the last operator gone, waiting callers go on in their plans at once.
    if (state === 'logged-out') {
      await this.#members(s);
      this.#overflowUnserved(s);
    }
    this.#dispatch(s);
    return this.#agentOut(agent, `${person.first_name} ${person.last_name}`);
  }

  #overflowUnserved(s: TenantState): void {
    for (const e of s.entries.values()) {
      if (e.waiter && !e.assignedTo && this.#loggedInFor(s, e.queue) === 0) {
        e.overflowing = true;
        this.#queueChanged(s, e.queueKey);
        e.waiter(null);
      }
    }
  }

  #agentOut(a: Agent, name: string | null): AgentOut {
    return {
      personId: a.personId, name, state: a.state, pauseReason: a.pauseReason, busy: a.busy, callId: a.call?.callId ?? null,
      idleSince: toIso(a.idleSince), changedAt: toIso(a.changedAt),
    };
  }

  // -------------------------------------------------------------------------------------
  // What consoles see

  #rows(s: TenantState, key: string, now: Instant): QueueCallView[] {
    const queue = s.queues.get(key);
    if (!queue) return [];
    const takingCalls = [...s.agents.values()].filter((a) => a.state === 'available');
    const freeNow = takingCalls.filter((a) => !a.busy).length;
    const aht = s.averageHandleSeconds ?? INITIAL_HANDLE_SECONDS;
    return snapshotRows(queue, now, (c) => this.#since(c).at).map((r) => ({
      callId: r.call.callId,
      position: r.position,
      priority: r.call.priority,
      promoted: r.promoted,
      callerNumber: r.call.caller.number,
      callerName: r.call.caller.name ?? null,
      dialled: r.call.dialled,
      enteredAt: r.call.enteredIso,
      waitingSince: this.#since(r.call).iso,
      waitingSeconds: r.waitingSeconds,
      offeredTo: r.call.assignedTo,
      estimatedWaitSeconds: r.call.assignedTo ? 0 : estimatedWaitSeconds({ position: r.position, agentsTakingCalls: takingCalls.length, agentsFree: freeNow, averageHandleSeconds: aht }),
    }));
  }

  /** P-SWB-1: waiting time counts from the call's first ring, where call records know it. */
  #since(e: Entry): { at: Instant; iso: string } {
    if (e.since) return e.since;
    const ring = this.ctx.callRecords.firstRingAt(e.callId);
    if (!ring) return { at: e.enteredAt, iso: e.enteredIso };
    return (e.since = { at: ring, iso: toIso(ring) });
  }

  /** The queues and operators of a municipality, for the console. */
  async snapshot(tenantId: string) {
    const s = this.#state(tenantId);
    await s.ready;
    const now = this.#now();
    // The switchboard's queue always, empty or not; functions' queues while calls wait in them.
    const keys = ['switchboard', ...[...s.queues.entries()].filter(([key, q]) => key !== 'switchboard' && q.size > 0).map(([key]) => key)];
    const queues = keys.map((key) => ({ queue: queueNameOf(key), calls: this.#rows(s, key, now) }));
    const ids = [...s.agents.keys()];
    const names = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('people').select(['id', 'first_name', 'last_name']).where('tenant_id', '=', tenantId).where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) names.set(r.id, `${r.first_name} ${r.last_name}`);
    }
    const agents = [...s.agents.values()].filter((a) => isLoggedIn(a) || a.busy).map((a) => this.#agentOut(a, names.get(a.personId) ?? null));
    return { queues, agents, averageHandleSeconds: s.averageHandleSeconds === null ? null : Math.round(s.averageHandleSeconds) };
  }

  /** One operator's state, for the console's own line. */
  async agent(tenantId: string, personId: string): Promise<AgentOut | null> {
    const s = this.#state(tenantId);
    await s.ready;
    const a = s.agents.get(personId);
    return a ? this.#agentOut(a, null) : null;
  }

  #agentChanged(s: TenantState, a: Agent): void {
    const payload: AgentChanged = { type: 'agent.changed', personId: a.personId, state: a.state, pauseReason: a.pauseReason, busy: a.busy, changedAt: toIso(a.changedAt) };
    this.ctx.bus.publish(payload, { tenantId: s.id, roles: ['operator', 'admin'], personIds: [a.personId] });
  }

  /**
   * queue.changed carries the whole queue (500 waiting calls are about 140 KiB), so changes
   * made in one turn of the event loop (a call leaves, the next is offered) are published
   * once, after it, and a busy queue at most once per `QUEUE_EVENT_MS`; each snapshot
   * supersedes the last in the bus's replay buffer.
   */
  #queueChanged(s: TenantState, key: string): void {
    const id = `${s.id}\u0000${key}`;
    if (this.#pendingPublish.has(id)) return;
    this.#pendingPublish.add(id);
    const wait = (this.#lastPublish.get(id) ?? -Infinity) + QUEUE_EVENT_MS - performance.now();
    const publish = () => {
      this.#pendingPublish.delete(id);
      this.#lastPublish.set(id, performance.now());
      const payload: QueueChanged = { type: 'queue.changed', queue: queueNameOf(key), calls: this.#rows(s, key, this.#now()) };
      // Callers' numbers are for the switchboard, not for everyone (P-SEC-2 in spirit).
      this.ctx.bus.publish(payload, { tenantId: s.id, roles: ['operator', 'admin'] }, { supersedes: `queue.changed\u0000${id}` });
    };
    if (wait <= 0) setImmediate(publish);
    else setTimeout(publish, wait);
  }

  /** Waiting calls of a municipality (all queues). */
  waiting(tenantId: string): number {
    return this.#tenants.get(tenantId)?.entries.size ?? 0;
  }
}
