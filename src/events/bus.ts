// One typed bus for every change of state that someone else may care about
// (ARCHITECTURE.md): presence and messages now; calls and queues join later.
//
// In the embedded default the bus is in-process. At scale, a PostgreSQL LISTEN/NOTIFY
// bridge republishes events between app servers (pg-bridge.ts); subscribers do not see the
// difference, except caches that ask `isRemote` to refresh what they did not change.
import type { ConsoleCallView } from '../calls/console/view.js';

/** Who may see an event: the WebSocket layer filters with this, never with ad-hoc logic. */
export interface Audience {
  tenantId: string;
  /** People the event is about: they always see it. */
  personIds?: string[];
  /** Managers of these people also see it (resolved by the subscriber side). */
  staffOf?: string[];
  /** Roles that see every such event in the tenant (e.g. operators see all presence). */
  roles?: Array<'employee' | 'manager' | 'operator' | 'admin'>;
}

export interface PresenceChanged {
  type: 'presence.changed';
  personId: string;
  /** Current status after the change, as the operator may see it (P-SEC-2: no notes). */
  status: {
    available: boolean;
    reason?: string;
    returnsAt?: string;
    target?: unknown;
    nextAbsence?: { reason: string; start: string; end: string } | null;
  };
  changedBy: string | null;
}

export interface CallbackChanged {
  type: 'callback.created' | 'callback.updated' | 'callback.escalated';
  callbackId: string;
  personId: string;
  status: string;
  dueAt: string;
}

export interface DirectoryChanged {
  type: 'directory.changed';
  entity: 'person' | 'unit' | 'function' | 'import';
  ids: string[];
}

/** A SIP trunk's registration state changed (src/trunk); admins see it. The secret is never part of it. */
export interface TrunkStateChanged {
  type: 'trunk.state';
  trunkId: string;
  name: string;
  mode: 'register' | 'ip';
  /** by-address: an 'ip' trunk; idle: a 'register' trunk whose client is not running. */
  status: 'by-address' | 'disabled' | 'idle' | 'registering' | 'registered' | 'failing';
  /** The last final response to REGISTER (408 when it timed out, 503 when it could not be sent). */
  lastStatus: number | null;
  lastReason: string | null;
  registeredAt: string | null;
  /** When the operator's binding runs out unless refreshed. */
  expiresAt: string | null;
  /** The next REGISTER: a refresh, or a retry after a failure. */
  nextAttemptAt: string | null;
  /** Failed attempts in a row. */
  failures: number;
}

/** A call record as consoles and follow-up views show it (src/services/call-records). */
export interface CallChanged {
  type: 'call.started' | 'call.updated' | 'call.ended';
  callId: string;
  origin: 'trunk' | 'internal';
  callerNumber: string;
  callerPersonId: string | null;
  dialled: string;
  /** routing's Reached: person, function, switchboard, ... */
  reached: { kind: string; personId?: string; functionId?: string };
  offeredAt: string;
  /** P-SWB-1: answer times count from here. */
  firstRingAt: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  endedAt: string | null;
  outcome: string | null;
}

/** One waiting call as the operator console lists it (P-ANS-1: external or internal, dialled number). */
export interface QueueCallView {
  callId: string;
  position: number;
  priority: 'external' | 'internal';
  /** Internal, but served as external after waiting (aging). */
  promoted: boolean;
  callerNumber: string;
  callerName: string | null;
  dialled: string;
  enteredAt: string;
  /** The call's first ring (P-SWB-1), else when it entered the queue. */
  waitingSince: string;
  waitingSeconds: number;
  /** The operator it is being offered to, while it rings them. */
  offeredTo: string | null;
  /** Seconds until an operator is likely free for it; null when nobody takes calls. */
  estimatedWaitSeconds: number | null;
}

/** The whole queue after a change (src/services/switchboard), so a console can replace its list. */
export interface QueueChanged {
  type: 'queue.changed';
  queue: 'switchboard' | { functionId: string };
  calls: QueueCallView[];
}

/** An operator logged in or out, paused, or became busy or free (src/services/switchboard). */
export interface AgentChanged {
  type: 'agent.changed';
  personId: string;
  state: 'logged-out' | 'available' | 'paused';
  pauseReason: string | null;
  /** A call rings them or they are connected. */
  busy: boolean;
  changedAt: string;
}

/** A call the operator console holds changed (src/calls/console): held, parked, transferred, recalled, ended. */
export interface ConsoleCallChanged {
  type: 'console.call';
  call: ConsoleCallView;
}

/** A voicemail box changed (P-VM-*): a message left, heard, deleted, or a greeting changed. */
export interface VoicemailChanged {
  type: 'voicemail.left' | 'voicemail.heard' | 'voicemail.deleted' | 'voicemail.greeting';
  /** The message, or null for a greeting change. */
  messageId: string | null;
  box: { kind: 'person' | 'function' | 'switchboard'; personId?: string; functionId?: string };
}

/** A municipality's profile (its policy settings) was saved. */
export interface ProfileChanged {
  type: 'profile.changed';
}

/** A municipality's own recording of a prompt was uploaded or removed (src/services/prompts). */
export interface PromptChanged {
  type: 'prompt.changed';
  clipId: string;
  /** True: callers now hear the municipality's recording; false: the shipped clip again. */
  own: boolean;
}

export type EventPayload = ProfileChanged | PromptChanged | PresenceChanged | CallbackChanged | DirectoryChanged | VoicemailChanged | TrunkStateChanged | CallChanged | QueueChanged | AgentChanged | ConsoleCallChanged;

export type BusEvent = EventPayload & {
  /** Monotonic per process; lets a reconnecting client ask for what it missed. */
  seq: number;
  at: string;
  audience: Audience;
};

export type EventHandler = (event: BusEvent) => void;

export class EventBus {
  #handlers = new Set<EventHandler>();
  #gapHandlers = new Set<() => void>();
  #remote = new WeakSet<BusEvent>();
  #seq = 0;
  #recent: BusEvent[] = [];
  readonly #keep: number;
  readonly #clock: () => Date;

  constructor(opts: { keep?: number; clock?: () => Date } = {}) {
    this.#keep = opts.keep ?? 1000;
    this.#clock = opts.clock ?? (() => new Date());
  }

  /** The last retained event per `supersedes` key (see publish). */
  #latest = new Map<string, BusEvent>();
  /** The newest seq dropped for room; superseded events are not missed, so they do not count. */
  #trimmedUpTo = 0;

  /**
   * `supersedes`: the event is a whole snapshot (queue.changed), so the previous event with
   * the same key leaves the replay buffer: a reconnecting client needs only the newest, and
   * 1000 retained snapshots of a long queue would hold a lot of memory.
   */
  publish(payload: EventPayload, audience: Audience, opts: { supersedes?: string; remote?: boolean } = {}): BusEvent {
    const event = { ...payload, seq: ++this.#seq, at: this.#clock().toISOString(), audience } as BusEvent;
    if (opts.remote) this.#remote.add(event);
    if (opts.supersedes !== undefined) {
      const old = this.#latest.get(opts.supersedes);
      const i = old ? this.#recent.lastIndexOf(old) : -1;
      if (i >= 0) this.#recent.splice(i, 1);
      this.#latest.set(opts.supersedes, event);
    }
    this.#recent.push(event);
    if (this.#recent.length > this.#keep) this.#trimmedUpTo = this.#recent.splice(0, this.#recent.length - this.#keep).at(-1)!.seq;
    for (const h of this.#handlers) {
      try {
        h(event);
      } catch {
        // A failing subscriber must never stop others from hearing the event.
      }
    }
    return event;
  }

  /**
   * Whether the event was made by another app server and arrived through the bridge
   * (src/events/pg-bridge.ts): caches this server refreshed itself on a local change
   * refresh on a remote one.
   */
  isRemote(event: BusEvent): boolean {
    return this.#remote.has(event);
  }

  subscribe(handler: EventHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /** Events after `seq` still held in memory, or null when some were already dropped. */
  since(seq: number): BusEvent[] | null {
    if (seq < this.#trimmedUpTo) return null;
    return this.#recent.filter((e) => e.seq > seq);
  }

  /**
   * Events from other app servers may have been missed (the bridge's connection was down,
   * src/events/pg-bridge.ts): no replay reaches across this point, and whoever keeps state
   * built from events (caches, web clients) reads it again.
   */
  gap(): void {
    this.#trimmedUpTo = this.#seq;
    for (const h of this.#gapHandlers) {
      try {
        h();
      } catch {
        // as for events: one failing listener must not keep the others stale
      }
    }
  }

  /** Called on every gap(); returns the unsubscribe. */
  onGap(handler: () => void): () => void {
    this.#gapHandlers.add(handler);
    return () => this.#gapHandlers.delete(handler);
  }

  get lastSeq(): number {
    return this.#seq;
  }

  get subscriberCount(): number {
    return this.#handlers.size;
  }
}
