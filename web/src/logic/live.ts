// Live updates from the server's event stream (GET /api/events, src/http/events.ts), kept
// alive across network trouble without losing state:
// - each event carries a sequence number; after a drop the stream is reopened with
//   ?since=<last seq seen>, and the server replays what was missed;
// - when the gap is too old to replay, the server says { type: 'resync' } and every view
//   reloads its data over the REST API (onResync);
// - a server that restarted numbers its events from 1 again: an event numbered at or below
//   the last one seen means that, and is treated as a resync too.
// No DOM here: the socket is made by the factory passed in (the browser's WebSocket in the
// app, the ws package in tests).

export interface LiveEvent {
  type: string;
  seq: number;
  at?: string;
  [key: string]: unknown;
}

/** What the stream needs of a socket: the browser's WebSocket has exactly this shape. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number): void;
}

export type LiveState = 'connecting' | 'open' | 'reconnecting' | 'stopped';

export interface LiveOptions {
  /** Makes a socket to the given path with query, e.g. "/api/events?since=41". */
  connect: (pathAndQuery: string) => SocketLike;
  /** Waits before a reconnection attempt; the nth attempt waits backoff(n) ms. */
  backoff?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** 0.5 s, 1 s, 2 s, 4 s, then every 8 s. */
export const defaultBackoff = (attempt: number) => Math.min(8000, 500 * 2 ** Math.max(0, attempt - 1));

export class LiveEvents {
  #socket: SocketLike | null = null;
  #lastSeq: number | null = null;
  #attempt = 0;
  #timer: unknown = null;
  #state: LiveState = 'stopped';
  #handlers = new Set<(e: LiveEvent) => void>();
  #resyncHandlers = new Set<() => void>();
  #stateHandlers = new Set<(s: LiveState) => void>();
  readonly #opts: Required<LiveOptions>;

  constructor(opts: LiveOptions) {
    this.#opts = {
      backoff: defaultBackoff,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      ...opts,
    };
  }

  get state(): LiveState {
    return this.#state;
  }

  /** The last sequence number seen (null before the first message). */
  get lastSeq(): number | null {
    return this.#lastSeq;
  }

  start(): void {
    if (this.#state !== 'stopped') return;
    this.#open('connecting');
  }

  stop(): void {
    this.#setState('stopped');
    if (this.#timer !== null) this.#opts.clearTimer(this.#timer);
    this.#timer = null;
    const s = this.#socket;
    this.#socket = null;
    if (s) {
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      s.close(1000);
    }
  }

  /** Every event, in order. Returns the unsubscribe function. */
  subscribe(handler: (e: LiveEvent) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /** Called when events were lost: reload the state from the REST API. */
  onResync(handler: () => void): () => void {
    this.#resyncHandlers.add(handler);
    return () => this.#resyncHandlers.delete(handler);
  }

  onState(handler: (s: LiveState) => void): () => void {
    this.#stateHandlers.add(handler);
    return () => this.#stateHandlers.delete(handler);
  }

  /** Drop the connection as the network would (used by tests and by "reconnect now"). */
  drop(): void {
    this.#socket?.close(4000);
  }

  #setState(s: LiveState) {
    if (this.#state === s) return;
    this.#state = s;
    for (const h of this.#stateHandlers) h(s);
  }

  #open(state: LiveState) {
    this.#setState(state);
    const query = this.#lastSeq === null ? '' : `?since=${this.#lastSeq}`;
    let socket: SocketLike;
    try {
      socket = this.#opts.connect(`/api/events${query}`);
    } catch {
      this.#retry();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#setState('open');
    };
    socket.onmessage = (ev) => {
      if (typeof ev.data === 'string') this.#receive(ev.data);
    };
    socket.onerror = () => {
      // A close follows every error; reconnecting happens there.
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#retry();
    };
  }

  #retry() {
    if (this.#state === 'stopped') return;
    this.#setState('reconnecting');
    this.#attempt++;
    this.#timer = this.#opts.setTimer(() => {
      this.#timer = null;
      if (this.#state !== 'stopped') this.#open('reconnecting');
    }, this.#opts.backoff(this.#attempt));
  }

  #receive(text: string) {
    let e: LiveEvent;
    try {
      e = JSON.parse(text) as LiveEvent;
    } catch {
      return;
    }
    if (typeof e.seq !== 'number') return;
    if (e.type === 'hello') {
      this.#lastSeq = e.seq;
      return;
    }
    const restarted = this.#lastSeq !== null && e.seq <= this.#lastSeq;
    this.#lastSeq = e.seq;
    if (e.type === 'resync' || restarted) {
      for (const h of this.#resyncHandlers) h();
      if (e.type === 'resync') return;
    }
    for (const h of this.#handlers) h(e);
  }
}
