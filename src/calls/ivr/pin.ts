// P-SEC-1: an employee who calls in proves who they are with extension and PIN. The PIN is
// checked against credentials.pin_hash with the same scrypt verification as passwords; an
// unknown extension takes the same path (a dummy hash), so the time taken does not tell
// whether it exists. Failures are counted per extension in the store's login_attempts table
// (shared by every app server) with the login throttle's rule: five failures within fifteen
// minutes block the extension, and each further failure doubles the block. On top of that the
// automatic operator allows only a few tries per call.
import { verifySecret } from '../../auth/secrets.js';
import { blockedFor, LOGIN_THROTTLE } from '../../auth/throttle.js';
import { loadAttempt, saveFailure } from '../../auth/attempts.js';
import type { IvrDeps } from './index.js';

export type PinVerdict = { kind: 'ok'; personId: string } | { kind: 'wrong' } | { kind: 'blocked' };

function attemptKey(tenantId: string, extension: string): string {
  return `pin:${tenantId}:${extension}`;
}

/** Checks extension and PIN of one of the tenant's active people (P-SEC-1). */
export async function verifyPhonePin(deps: IvrDeps, tenantId: string, extension: string, pin: string): Promise<PinVerdict> {
  const key = attemptKey(tenantId, extension);
  const nowMs = deps.ctx.clock.now().epochMilliseconds;
  if (blockedFor(await loadAttempt(deps.ctx.store.db, key), nowMs) > 0) return { kind: 'blocked' };
  const person = extension === ''
    ? undefined
    : await deps.ctx.store.db
      .selectFrom('people')
      .leftJoin('credentials', 'credentials.person_id', 'people.id')
      .select(['people.id as id', 'credentials.pin_hash as pinHash'])
      .where('people.tenant_id', '=', tenantId).where('people.extension', '=', extension).where('people.deactivated_at', 'is', null)
      .executeTakeFirst();
  const ok = await verifySecret(pin, person?.pinHash ?? null);
  if (!person || !ok) {
    const rec = await saveFailure(deps.ctx.store.db, key, LOGIN_THROTTLE, nowMs);
    return blockedFor(rec, nowMs) > 0 ? { kind: 'blocked' } : { kind: 'wrong' };
  }
  await deps.ctx.store.db.deleteFrom('login_attempts').where('key', '=', key).execute();
  return { kind: 'ok', personId: person.id };
}
