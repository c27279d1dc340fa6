import type { AnchoredCaller } from '../ports.js';
import type { IvrDeps } from './index.js';

export function playQueueWaiting(_call: AnchoredCaller, _position: () => number, _deps: IvrDeps): { stop(): void } {
  throw new Error('playQueueWaiting: not implemented yet');
}
export function playRingback(_call: AnchoredCaller): { stop(): void } {
  throw new Error('playRingback: not implemented yet');
}
