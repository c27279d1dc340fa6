// Keys the caller presses (RFC 4733 events, read by the media session). A DigitReader keeps
// the keys that come while a prompt plays, so a caller who knows the menu can key ahead and
// cut the prompt short (barge-in), as callers expect of any IVR. Every wait is bounded.
import type { DtmfDigit, RtpSession } from '../../media/index.js';

export interface CollectOptions {
  /** The entry is complete after this many keys. */
  max: number;
  /** A key that ends the entry early and is not part of it ('#' for "följt av fyrkant"). */
  terminator?: string;
  /** How long to wait for the first key (ms). */
  timeoutMs: number;
  /** How long to wait for each further key (ms); default `timeoutMs`. */
  interDigitMs?: number;
  /**
   * The prompt asked for the entry "följt av fyrkant": a terminator keyed after an entry that
   * already reached `max` belongs to this entry and is dropped, rather than cutting the next
   * prompt short or ending the next entry empty.
   */
  trailingTerminator?: boolean;
}

export interface Collected {
  digits: string;
  /** Why the entry ended: enough keys, the terminator, no further key in time, or hang-up. */
  ended: 'max' | 'terminator' | 'timeout' | 'aborted';
}

/** Buffers a session's keys from construction until `close()`. */
export class DigitReader {
  private readonly buffer: string[] = [];
  private waiter: (() => void) | undefined;
  private readonly onDigit = (d: DtmfDigit): void => {
    const trailing = this.trailing;
    this.trailing = undefined;
    if (trailing && d.digit === trailing.key && Date.now() <= trailing.until) return;
    this.buffer.push(d.digit);
    this.onKey?.(d.digit);
    this.waiter?.();
  };
  /** Called for every key as it comes (barge-in stops the prompt). */
  onKey: ((digit: string) => void) | undefined;
  /** The terminator still expected after an entry that reached its length, and until when. */
  private trailing: { key: string; until: number } | undefined;

  private readonly onAbort = (): void => this.waiter?.();

  constructor(
    private readonly session: RtpSession,
    private readonly signal?: AbortSignal,
  ) {
    session.on('dtmf', this.onDigit);
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Keys pressed and not yet read. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Forgets keys pressed ahead (after a wrong entry, so stale keys do not count). */
  flush(): void {
    this.buffer.length = 0;
  }

  close(): void {
    this.session.off('dtmf', this.onDigit);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.waiter?.();
  }

  /** The next key, or null when none comes within `ms` or the call ends. */
  async next(ms: number): Promise<string | null> {
    if (this.buffer.length > 0) return this.buffer.shift()!;
    if (this.signal?.aborted) return null;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiter = done;
    });
    this.waiter = undefined;
    return this.signal?.aborted ? null : (this.buffer.shift() ?? null);
  }

  /** Reads one entry: up to `max` keys, ended early by the terminator or a pause. */
  async collect(options: CollectOptions): Promise<Collected> {
    let digits = '';
    while (digits.length < options.max) {
      const key = await this.next(digits.length === 0 ? options.timeoutMs : (options.interDigitMs ?? options.timeoutMs));
      if (key === null) return { digits, ended: this.signal?.aborted ? 'aborted' : 'timeout' };
      if (key === options.terminator) return { digits, ended: 'terminator' };
      digits += key;
    }
    if (options.terminator !== undefined && options.trailingTerminator) {
      if (this.buffer[0] === options.terminator) this.buffer.shift(); // keyed ahead already
      else this.trailing = { key: options.terminator, until: Date.now() + (options.interDigitMs ?? options.timeoutMs) };
    }
    return { digits, ended: 'max' };
  }
}

/** One entry from a session, with keys counted from now on (no barge-in buffer before it). */
export async function collectDigits(session: RtpSession, options: CollectOptions & { signal?: AbortSignal }): Promise<Collected> {
  const reader = new DigitReader(session, options.signal);
  try {
    return await reader.collect(options);
  } finally {
    reader.close();
  }
}
