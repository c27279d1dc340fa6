// Test helpers for the call-back core. Used by tests only.
import { accepted, local, swedishWorkingTime } from '../presence/testing.js';
import { DEFAULT_CALLBACK_WORKING_DAYS, createCallback, type Callback, type CallbackContext, type CallbackInput } from './callback.js';

export const ctx: CallbackContext = { workingTime: swedishWorkingTime(), profileDays: DEFAULT_CALLBACK_WORKING_DAYS };

/** A message taken by operator olle for anna at Bygglov, Tuesday 2026-03-10 10:00 (due Thursday 16:30). */
export function message(extra: Partial<CallbackInput> = {}): CallbackInput {
  return {
    id: 'cb1',
    personId: 'anna',
    unitId: 'bygglov',
    caller: { name: 'Sven Svensson', number: '0512-123 45' },
    concerns: 'Bygglov för garage',
    receivedAt: local('2026-03-10 10:00'),
    source: 'operator',
    takenBy: 'olle',
    ...extra,
  };
}

/** An open call-back made from `message(extra)`; throws if the message is refused. */
export function openCallback(extra: Partial<CallbackInput> = {}): Callback {
  return accepted(createCallback(message(extra), ctx));
}
