// What a console shows of a queue at an instant: each call with its position, whether it is
// served as external (P-SWB-7, or promoted by aging) and how long it has waited.
import type { Instant } from '../time.js';
import type { CallQueue, QueuedCall } from './order.js';
import { waitedMs } from './overflow.js';

export interface SnapshotRow<T> {
  call: T;
  /** 1-based. */
  position: number;
  /** Internal, but waited long enough to count as external. */
  promoted: boolean;
  /** Whole seconds since `waitingSince(call)` (the call's first ring, P-SWB-1). */
  waitingSeconds: number;
}

/** One pass over the queue in serving order. `waitingSince` defaults to when the call entered. */
export function snapshotRows<T extends QueuedCall>(queue: CallQueue<T>, now: Instant, waitingSince: (call: T) => Instant = (c) => c.enteredAt): SnapshotRow<T>[] {
  const rows: SnapshotRow<T>[] = [];
  let position = 0;
  for (const call of queue.inOrder(now)) {
    rows.push({
      call,
      position: ++position,
      promoted: call.priority === 'internal' && queue.settings.externalBeforeInternal && queue.servedAsExternal(call, now),
      waitingSeconds: Math.floor(waitedMs(waitingSince(call), now) / 1000),
    });
  }
  return rows;
}
