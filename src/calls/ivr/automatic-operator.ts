import type { AnchoredCaller } from '../ports.js';
import type { IvrDeps } from './index.js';

export async function runAutomaticOperator(_call: AnchoredCaller, _deps: IvrDeps): Promise<{ dial: string } | null> {
  throw new Error('runAutomaticOperator: not implemented yet');
}
