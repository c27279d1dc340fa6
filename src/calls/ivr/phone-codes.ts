import type { AnchoredCaller } from '../ports.js';
import type { PhoneCodeStep } from '../../core/routing/index.js';
import type { IvrDeps } from './index.js';

export async function applyPhoneCode(_call: AnchoredCaller, _step: PhoneCodeStep, _deps: IvrDeps): Promise<void> {
  throw new Error('applyPhoneCode: not implemented yet');
}
