import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PacketScheduler, type SchedulerClock } from './scheduler.js';

/** A manual clock: timers fire when the test advances time, with optional extra lateness. */
class ManualClock implements SchedulerClock {
  t = 1000;
  timers: { at: number; callback: () => void; id: number }[] = [];
  armed = 0;
  lateness = 0;
  private ids = 0;
  now = (): number => this.t;
  setTimer = (callback: () => void, delayMs: number): unknown => {
    this.armed++;
    const id = ++this.ids;
    this.timers.push({ at: this.t + Math.max(1, delayMs) + this.lateness, callback, id });
    return id;
  };
  clearTimer = (handle: unknown): void => {
    this.timers = this.timers.filter((x) => x.id !== handle);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at); // a blocked loop fires its timers late
      next.callback();
    }
    this.t = end;
  }
}

test('packets go out at t0 + n * 20 ms, on an absolute schedule', () => {
  const clock = new ManualClock();
  const s = new PacketScheduler({ clock, earlyMs: 1 });
  const sent: [number, number][] = [];
  s.add({ onSlot: (slot, due) => (sent.push([slot, due]), slot < 9) }, 1000);
  clock.advance(500);
  assert.deepEqual(
    sent.map(([slot]) => slot),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.deepEqual(
    sent.map(([, due]) => due),
    sent.map(([slot]) => 1000 + slot * 20),
  );
  assert.equal(s.size, 0, 'returning false leaves the schedule');
  assert.equal(clock.timers.length, 0, 'no timer without streams');
});

test('late timers do not accumulate drift: each packet is measured against its own slot', () => {
  const clock = new ManualClock();
  clock.lateness = 3; // every timer fires 3 ms late
  const s = new PacketScheduler({ clock, earlyMs: 0 });
  const sentAt: number[] = [];
  s.add({ onSlot: (slot) => (sentAt.push(clock.now()), slot < 49) }, 1000);
  clock.advance(2000);
  assert.equal(sentAt.length, 50);
  const deviations = sentAt.map((t, n) => t - (1000 + n * 20));
  assert.ok(Math.max(...deviations) <= 4, `max deviation ${Math.max(...deviations)}`);
  assert.ok(s.stats().p99Ms <= 4.05);
});

test('one timer serves all streams: 300 streams, spread phases, one wake-up per due group', () => {
  const clock = new ManualClock();
  const s = new PacketScheduler({ clock, earlyMs: 1 });
  const counts = new Array<number>(300).fill(0);
  for (let i = 0; i < 300; i++) s.add({ onSlot: () => (counts[i]!++, true) }, 1000 + (i % 20));
  clock.advance(1000 - 1.5); // 50 periods (a packet may leave up to earlyMs before its time)
  assert.ok(counts.every((c) => c === 50), `counts ${Math.min(...counts)}..${Math.max(...counts)}`);
  const { wakeUps, packets } = s.stats();
  assert.equal(packets, 15000);
  assert.ok(wakeUps <= 50 * 20, `wake-ups ${wakeUps}`);
  assert.ok(clock.timers.length <= 1, 'never more than one timer armed');
});

test('after a stall longer than resyncAfterMs the missed slots are skipped, not burst', () => {
  const clock = new ManualClock();
  const s = new PacketScheduler({ clock, earlyMs: 0, resyncAfterMs: 100 });
  const slots: [number, number][] = [];
  s.add({ onSlot: (slot, _due, skipped) => (slots.push([slot, skipped]), true) }, 1000);
  clock.advance(45); // slots 0, 1, 2
  clock.t += 400; // the event loop is blocked: no timer fires
  clock.advance(400);
  const stalled = slots.filter(([, skipped]) => skipped > 0);
  assert.equal(stalled.length, 1, 'one resync');
  assert.ok(stalled[0]![1] >= 14, `skipped ${stalled[0]![1]} slots in one go`);
  assert.equal(s.stats().skippedSlots, stalled[0]![1]);
  // Slots stay numbered by wall time: slot * 20 tracks the clock.
  const lastSlot = slots[slots.length - 1]![0];
  assert.ok(Math.abs(1000 + lastSlot * 20 - clock.now()) <= 20);
});

test('streams added or removed from inside onSlot', () => {
  const clock = new ManualClock();
  const s = new PacketScheduler({ clock });
  const log: string[] = [];
  let added = false;
  const b = { onSlot: (slot: number) => (log.push(`b${slot}`), true) };
  const handleA = s.add(
    {
      onSlot: (slot) => {
        log.push(`a${slot}`);
        if (!added) {
          added = true;
          s.add(b, clock.now() + 5);
        }
        return true;
      },
    },
    1000,
  );
  clock.advance(30);
  handleA.remove();
  assert.equal(handleA.active, false);
  clock.advance(40);
  assert.deepEqual(log, ['a0', 'b0', 'a1', 'b1', 'b2', 'b3']);
});

test('a stream that throws is removed, the error reported, and the loop goes on', () => {
  const clock = new ManualClock();
  const errors: unknown[] = [];
  const s = new PacketScheduler({ clock, onError: (e) => errors.push(e) });
  let good = 0;
  s.add({ onSlot: () => (good++, true) }, 1000);
  s.add(
    {
      onSlot: () => {
        throw new Error('broken stream');
      },
    },
    1000,
  );
  clock.advance(100);
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /broken stream/);
  assert.ok(good >= 5);
  assert.equal(s.size, 1);
});
