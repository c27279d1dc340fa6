// Property tests of the queue (seeded, so a failure replays): the order always equals a
// plain sort by (class at now, entered, arrival); positions are a permutation; and under
// overload by external calls no internal call starves (the aging bound), while nothing is
// ever served out of its class order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../demo/random.js';
import { Temporal, type Instant } from '../time.js';
import { CallQueue, type QueuedCall, type QueueOrderSettings } from './order.js';
import { chooseAgent, type AgentView } from './agents.js';

const T0 = Temporal.Instant.from('2026-04-22T08:00:00Z');
const at = (ms: number): Instant => T0.add({ milliseconds: ms });

interface Entry extends QueuedCall {
  arrival: number;
}

/** The specification, written as plainly as possible. */
function reference(entries: Entry[], settings: QueueOrderSettings, now: Instant): string[] {
  const cls = (e: Entry) =>
    !settings.externalBeforeInternal || e.priority === 'external' || now.epochMilliseconds - e.enteredAt.epochMilliseconds >= settings.internalPromotionSeconds * 1000 ? 0 : 1;
  return [...entries]
    .sort((a, b) => cls(a) - cls(b) || a.enteredAt.epochMilliseconds - b.enteredAt.epochMilliseconds || a.arrival - b.arrival)
    .map((e) => e.callId);
}

describe('queue properties', () => {
  it('P-SWB-7 with aging: the order equals the reference sort after every operation (300 runs)', () => {
    for (let run = 0; run < 300; run++) {
      const g = new Random(`queue-order-${run}`);
      const settings = { externalBeforeInternal: g.chance(0.8), internalPromotionSeconds: 1 + g.int(120) };
      const q = new CallQueue<Entry>(settings);
      const waiting: Entry[] = [];
      let now = 0;
      let arrival = 0;
      for (let op = 0; op < 120; op++) {
        now += g.int(5000);
        if (waiting.length === 0 || g.chance(0.6)) {
          // Mostly in time order; sometimes a call reports an entry a little in the past.
          const entered = Math.max(0, now - (g.chance(0.2) ? g.int(20_000) : 0));
          const e: Entry = { callId: `c${arrival}`, priority: g.chance(0.5) ? 'external' : 'internal', enteredAt: at(entered), arrival: arrival++ };
          q.add(e);
          waiting.push(e);
        } else {
          const e = waiting.splice(g.int(waiting.length), 1)[0]!;
          assert.equal(q.remove(e.callId), e);
        }
        const expected = reference(waiting, settings, at(now));
        const actual = q.ordered(at(now)).map((c) => c.callId);
        assert.deepEqual(actual, expected, `run ${run}, op ${op}`);
        assert.equal(q.size, waiting.length);
        if (waiting.length > 0) {
          const probe = g.pick(waiting);
          assert.equal(q.position(probe.callId, at(now)), expected.indexOf(probe.callId) + 1);
          const skip = new Set(expected.slice(0, g.int(expected.length)));
          assert.equal(q.first(at(now), (c) => !skip.has(c.callId))?.callId, expected.find((id) => !skip.has(id)));
        }
      }
    }
  });

  it('no starvation: under external overload every internal call is served within promotion + (calls entered before it + 1) services (200 runs)', () => {
    for (let run = 0; run < 200; run++) {
      const g = new Random(`queue-starve-${run}`);
      const promotionMs = (10 + g.int(90)) * 1000;
      const serviceMs = (5 + g.int(40)) * 1000;
      const q = new CallQueue<Entry>({ externalBeforeInternal: true, internalPromotionSeconds: promotionMs / 1000 });
      // Arrivals come faster than one agent serves: external calls alone would fill the queue forever.
      const arrivals: Entry[] = [];
      let t = 0;
      for (let i = 0; i < 150; i++) {
        t += g.int(Math.floor(serviceMs * 0.8));
        arrivals.push({ callId: `c${i}`, priority: g.chance(0.75) ? 'external' : 'internal', enteredAt: at(t), arrival: i });
      }
      const servedAt = new Map<string, number>();
      /** For each internal call: how many calls ahead of it were still waiting when it was promoted. */
      const aheadAtPromotion = new Map<string, number>();
      let next = 0;
      let now = 0;
      let pendingPromotions = arrivals.filter((a) => a.priority === 'internal');
      while (servedAt.size < arrivals.length) {
        // Everything that has entered by now joins; record who is ahead of each internal call at its promotion.
        while (next < arrivals.length && arrivals[next]!.enteredAt.epochMilliseconds <= now) q.add(arrivals[next++]!);
        pendingPromotions = pendingPromotions.filter((e) => {
          const promotedAt = e.enteredAt.epochMilliseconds + promotionMs;
          if (promotedAt > now || !q.has(e.callId)) return !servedAt.has(e.callId) && promotedAt > now;
          aheadAtPromotion.set(e.callId, q.position(e.callId, at(promotedAt)) - 1);
          return false;
        });
        const head = q.first(at(now));
        if (head) {
          // Served out of order? Nothing waiting may rank before the head.
          const order = q.ordered(at(now));
          assert.equal(order[0], head);
          q.remove(head.callId);
          servedAt.set(head.callId, now);
          now += serviceMs;
        } else {
          now = arrivals[next]!.enteredAt.epochMilliseconds;
        }
      }
      for (const e of arrivals) {
        if (e.priority !== 'internal') continue;
        const wait = servedAt.get(e.callId)! - e.enteredAt.epochMilliseconds;
        const ahead = aheadAtPromotion.get(e.callId);
        if (ahead === undefined) {
          assert.ok(wait <= promotionMs + serviceMs, `run ${run}: ${e.callId} served before promotion, wait ${wait}`);
          continue;
        }
        const bound = promotionMs + (ahead + 1) * serviceMs;
        assert.ok(wait <= bound, `run ${run}: internal ${e.callId} waited ${wait} ms, bound ${bound} ms`);
      }
    }
  });

  it('without aging (promotion beyond the horizon) the same overload does starve internal calls, so the bound above is not trivial', () => {
    const q = new CallQueue<Entry>({ externalBeforeInternal: true, internalPromotionSeconds: 1e9 });
    q.add({ callId: 'int', priority: 'internal', enteredAt: at(0), arrival: 0 });
    // One external call arrives per service time: the internal call never reaches the head.
    for (let i = 1; i <= 100; i++) {
      q.add({ callId: `e${i}`, priority: 'external', enteredAt: at(i * 1000), arrival: i });
      assert.notEqual(q.first(at(i * 1000))?.callId, 'int');
      q.remove(q.first(at(i * 1000))!.callId);
    }
  });

  it('chooseAgent: always a free agent, the longest idle, and not one who missed the call while another is free (500 runs)', () => {
    for (let run = 0; run < 500; run++) {
      const g = new Random(`agents-${run}`);
      const agents: AgentView[] = Array.from({ length: 1 + g.int(8) }, (_, i) => ({
        personId: `p${i}`,
        state: g.pick(['available', 'available', 'paused', 'logged-out'] as const),
        busy: g.chance(0.3),
        idleSince: at(g.int(10) * 1000),
      }));
      const missed = new Set(agents.filter(() => g.chance(0.3)).map((a) => a.personId));
      const chosen = chooseAgent(agents, missed);
      const free = agents.filter((a) => a.state === 'available' && !a.busy);
      if (free.length === 0) {
        assert.equal(chosen, undefined);
        continue;
      }
      assert.ok(chosen && free.includes(chosen));
      const pool = free.some((a) => !missed.has(a.personId)) ? free.filter((a) => !missed.has(a.personId)) : free;
      assert.ok(pool.includes(chosen), `run ${run}: chose one who missed the call while another was free`);
      for (const a of pool) assert.ok(a.idleSince.epochMilliseconds >= chosen.idleSince.epochMilliseconds, `run ${run}: ${a.personId} was idle longer`);
    }
  });
});
