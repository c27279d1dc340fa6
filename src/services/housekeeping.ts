// Periodic work of the process: escalate overdue call-backs (P-CB-1) and remove expired
// sessions. Bounded: one run at a time, and the timer never keeps the process alive.
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../http/context.js';
import { purgeExpiredSessions } from '../http/auth.js';

export async function housekeepingOnce(ctx: AppContext) {
  const escalated = await ctx.callbacks.escalateOverdue();
  const sessions = await purgeExpiredSessions(ctx);
  return { escalated, sessions };
}

export function startHousekeeping(ctx: AppContext, log: FastifyBaseLogger, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await housekeepingOnce(ctx);
      if (r.escalated > 0) log.info(r, 'housekeeping');
    } catch (err) {
      log.error({ err }, 'housekeeping failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
