import type { AnchoredCaller } from '../ports.js';
import type { AnnounceStep, AnsweringMachineStep, RefuseStep } from '../../core/routing/index.js';
import type { IvrDeps } from './index.js';

export async function playAnnouncement(_call: AnchoredCaller, _step: AnnounceStep, _deps: IvrDeps): Promise<void> {
  throw new Error('playAnnouncement: not implemented yet');
}
export async function playAnsweringMachine(_call: AnchoredCaller, _step: AnsweringMachineStep, _deps: IvrDeps): Promise<{ connectTo: string | null }> {
  throw new Error('playAnsweringMachine: not implemented yet');
}
export async function playRefusal(_call: AnchoredCaller, _step: RefuseStep, _deps: IvrDeps): Promise<void> {
  throw new Error('playRefusal: not implemented yet');
}
