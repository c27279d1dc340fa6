// The throttle's records in the store (table login_attempts), shared by web logins and PINs
// keyed by phone, so every app server on one store counts the same failures (P-SEC-1).
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import { recordFailure, type AttemptRecord, type ThrottleSettings } from './throttle.js';

export async function loadAttempt(db: Kysely<Database>, key: string): Promise<AttemptRecord | undefined> {
  const row = await db.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  return {
    failures: row.failures,
    firstFailureAt: Date.parse(row.first_failure_at),
    blockedUntil: row.blocked_until ? Date.parse(row.blocked_until) : null,
  };
}

/** Counts one failure for `key` at `nowMs` and returns the record as stored. */
export async function saveFailure(db: Kysely<Database>, key: string, settings: ThrottleSettings, nowMs: number): Promise<AttemptRecord> {
  const rec = recordFailure(await loadAttempt(db, key), nowMs, settings);
  const values = {
    failures: rec.failures,
    first_failure_at: new Date(rec.firstFailureAt).toISOString(),
    blocked_until: rec.blockedUntil === null ? null : new Date(rec.blockedUntil).toISOString(),
  };
  await db
    .insertInto('login_attempts')
    .values({ key, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
  return rec;
}
