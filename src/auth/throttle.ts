// Login throttling (P-SEC-1). Pure: the caller loads and stores the record and passes the
// time. Kept in the store (table login_attempts) so that several app servers share it.
//
// Policy: failures are counted in a sliding window; once a key has `maxFailures` failures
// inside the window it is blocked, and every further failure doubles the block, up to a
// ceiling. A success clears the per-login key (the per-address key decays by itself, so one
// valid account cannot be used to reset a password-spraying address).

export interface ThrottleSettings {
  windowMs: number;
  maxFailures: number;
  firstBlockMs: number;
  maxBlockMs: number;
}

export const LOGIN_THROTTLE: ThrottleSettings = {
  windowMs: 15 * 60_000,
  maxFailures: 5,
  firstBlockMs: 60_000,
  maxBlockMs: 60 * 60_000,
};

/** Per address the limit is higher: an office behind one NAT address shares it. */
export const ADDRESS_THROTTLE: ThrottleSettings = { ...LOGIN_THROTTLE, maxFailures: 30 };

export interface AttemptRecord {
  failures: number;
  firstFailureAt: number;
  blockedUntil: number | null;
}

export function blockedFor(rec: AttemptRecord | undefined, now: number): number {
  if (!rec || rec.blockedUntil === null) return 0;
  return Math.max(0, rec.blockedUntil - now);
}

export function recordFailure(rec: AttemptRecord | undefined, now: number, s: ThrottleSettings): AttemptRecord {
  const fresh = !rec || now - rec.firstFailureAt > s.windowMs && blockedFor(rec, now) === 0;
  const failures = fresh ? 1 : rec.failures + 1;
  const firstFailureAt = fresh ? now : rec.firstFailureAt;
  if (failures < s.maxFailures) return { failures, firstFailureAt, blockedUntil: null };
  const doublings = Math.min(failures - s.maxFailures, 20);
  const block = Math.min(s.firstBlockMs * 2 ** doublings, s.maxBlockMs);
  return { failures, firstFailureAt, blockedUntil: now + block };
}
