// What the four transaction state machines of RFC 3261 17 share: state, named timers that
// all stop when the transaction ends, and the way to the network.
import { type SipRequest } from '../message/index.js';
import { type Scheduler, type TimerHandle, type TimerSettings, timerValues } from './timers.js';

export type TransactionState = 'calling' | 'trying' | 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

export type TransactionKind = 'invite-client' | 'non-invite-client' | 'invite-server' | 'non-invite-server';

/** Timer letters of RFC 3261 17 and RFC 6026, plus the 200 ms 100-Trying timer and a TU guard. */
export type TimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | 'Trying' | 'Guard';

/** How a transaction reaches the network: its transport and target are fixed at creation. */
export interface Channel {
  /** Timers D, I, J, K are zero and nothing is retransmitted on reliable transports. */
  readonly reliable: boolean;
  /** Rejects with a TransportError when the message could not be sent. */
  send(bytes: Buffer): Promise<void>;
}

/** Counters the transaction layer keeps; shared by all its transactions. */
export interface TransactionStats {
  /** Requests or responses sent again by a timer or on a retransmitted request. */
  retransmissions: number;
  /** Timers B, F, H (no final response, no ACK) and TU guards that fired. */
  timeouts: number;
  transportErrors: number;
}

export function newTransactionStats(): TransactionStats {
  return { retransmissions: 0, timeouts: 0, transportErrors: 0 };
}

export interface TransactionContext {
  scheduler: Scheduler;
  timers: TimerSettings;
  stats?: TransactionStats;
  /** Called once when the transaction terminates, so that its owner can forget it. */
  onTerminated?: (tx: Transaction) => void;
}

export abstract class Transaction {
  abstract readonly kind: TransactionKind;
  /** The request that created the transaction. */
  readonly request: SipRequest;
  state: TransactionState;
  protected readonly channel: Channel;
  protected readonly ctx: TransactionContext;
  protected readonly stats: TransactionStats;
  /** RFC 3261 table 4 values for this transaction's transport. */
  protected readonly t: ReturnType<typeof timerValues>;
  private readonly timers = new Map<TimerName, TimerHandle>();

  protected constructor(request: SipRequest, channel: Channel, ctx: TransactionContext, initial: TransactionState) {
    this.request = request;
    this.channel = channel;
    this.ctx = ctx;
    this.state = initial;
    this.stats = ctx.stats ?? newTransactionStats();
    this.t = timerValues(ctx.timers, channel.reliable);
  }

  get reliable(): boolean {
    return this.channel.reliable;
  }

  /** Names of the timers running now (for tests: a terminated transaction has none). */
  get runningTimers(): TimerName[] {
    return [...this.timers.keys()];
  }

  /** Starts (or restarts) a timer; a zero duration fires at once, synchronously. */
  protected startTimer(name: TimerName, ms: number, fire: () => void): void {
    this.stopTimer(name);
    if (ms <= 0) {
      fire();
      return;
    }
    const handle = this.ctx.scheduler.set(ms, () => {
      this.timers.delete(name);
      fire();
    });
    this.timers.set(name, handle);
  }

  protected stopTimer(name: TimerName): void {
    const handle = this.timers.get(name);
    if (handle === undefined) return;
    this.ctx.scheduler.clear(handle);
    this.timers.delete(name);
  }

  /** Passes bytes to the transport; a failure reaches onTransportError. */
  protected transmit(bytes: Buffer, retransmission = false): void {
    if (retransmission) this.stats.retransmissions++;
    this.channel.send(bytes).catch((error: unknown) => {
      if (this.state === 'terminated') return;
      this.stats.transportErrors++;
      this.onTransportError(error instanceof Error ? error : new Error(String(error)));
    });
  }

  protected abstract onTransportError(error: Error): void;

  /** Subclasses tell their user first, then call this. */
  protected terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    for (const handle of this.timers.values()) this.ctx.scheduler.clear(handle);
    this.timers.clear();
    this.ctx.onTerminated?.(this);
  }

  /** Ends the transaction now, whatever its state (shutdown). Nobody is told. */
  abort(): void {
    this.terminate();
  }
}
