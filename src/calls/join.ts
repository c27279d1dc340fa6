// Two answered legs talking through our bridge with no plan behind them: what an attended
// transfer (RFC 3515 with Replaces, RFC 3891) leaves when the transferor steps out of both
// of its calls. The conversation ends when either leg hangs up (the other gets our BYE), when
// a phone falls silent (watchRtp), or when the server stops.
import { bridge } from '../media/index.js';
import type { AnchoredLeg } from './leg.js';
import { watchRtp } from './media.js';

export class JoinedLegs {
  /** Resolves when the conversation is over and both legs are closed. */
  readonly done: Promise<void>;
  private readonly stopped = new AbortController();

  constructor(a: AnchoredLeg, b: AnchoredLeg, opts: { rtpTimeoutMs: number; log: (event: string, data: Record<string, unknown>) => void }) {
    a.owner = b.owner = undefined;
    const link = bridge(a.media.session, b.media.session);
    this.done = new Promise<void>((resolve) => {
      const over = () => resolve();
      for (const signal of [a.ended, b.ended, this.stopped.signal]) {
        if (signal.aborted) over();
        else signal.addEventListener('abort', over, { once: true });
      }
      const stopWatching = watchRtp([a.media, b.media], opts.rtpTimeoutMs, () => {
        opts.log('call.rtp-timeout', { side: 'joined' });
        over();
      });
      this.stopped.signal.addEventListener('abort', stopWatching, { once: true });
      a.ended.addEventListener('abort', stopWatching, { once: true });
      b.ended.addEventListener('abort', stopWatching, { once: true });
    }).then(async () => {
      link.stop();
      await Promise.all([a.close(), b.close()]);
    });
  }

  /** Hangs both legs up (server shutdown). */
  stop(): void {
    this.stopped.abort();
  }
}
