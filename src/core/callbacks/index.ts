// Call-backs ("återkoppling"): messages, due dates, transitions, escalation and follow-up.
export {
  CALLBACK_OUTCOMES,
  DEFAULT_CALLBACK_WORKING_DAYS,
  createCallback,
  type Callback,
  type CallbackCompletion,
  type CallbackContext,
  type CallbackInput,
  type CallbackOutcome,
  type CallbackSource,
  type CallbackStatus,
  type Caller,
  type Replan,
} from './callback.js';
export { CALLBACK_TRANSITIONS, completeCallback, markHeard, replanCallback, type CallbackAction, type CompleteInput, type ReplanInput } from './transitions.js';
export { escalations, firstResponseAt, isLate, isOverdue, median, summary, type CallbackStats, type CallbackSummary, type Escalation, type EscalationRun } from './follow-up.js';
