import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthGuard, DEFAULT_GUARD_SETTINGS } from './guard.js';
import { sourceKey } from './source-key.js';

const T0 = Date.UTC(2026, 10, 3, 8, 0, 0);
const MIN = 60_000;
const IP = '198.51.100.7';

test('P-SEC-1: delays after 5 failures, growing, then blocks after 10, then the block expires', () => {
  const g = new AuthGuard();
  const delays: number[] = [];
  let now = T0;
  for (let k = 1; k <= 9; k++) {
    const gate = g.admit(IP, '1001', now);
    assert.equal(gate.action, 'proceed');
    if (gate.action === 'proceed') delays.push(gate.delayMs);
    g.recordFailure(IP, '1001', now);
    now += 1000;
  }
  // The answers to attempts 1-5 go at once; from the 6th (after 5 failures) they wait, doubling, capped at 8 s.
  assert.deepEqual(delays, [0, 0, 0, 0, 0, 1000, 2000, 4000, 8000]);
  const tenth = g.recordFailure(IP, '1001', now);
  assert.deepEqual(tenth, { action: 'drop', untilMs: now + 15 * MIN });
  assert.deepEqual(g.admit(IP, '1001', now + 14 * MIN), { action: 'drop', untilMs: now + 15 * MIN });
  assert.deepEqual(g.admit(IP, '1001', now + 15 * MIN), { action: 'proceed', delayMs: 0 }, 'expired: answered at once again');
});

test('P-SEC-1: a (source, user) block does not silence other users at the same address (NAT office)', () => {
  const g = new AuthGuard();
  for (let k = 0; k < 10; k++) g.recordFailure(IP, '1001', T0 + k);
  assert.equal(g.admit(IP, '1001', T0 + 20).action, 'drop');
  assert.deepEqual(g.admit(IP, '1002', T0 + 20), { action: 'proceed', delayMs: 0 });
  assert.deepEqual(g.admit('203.0.113.9', '1001', T0 + 20), { action: 'proceed', delayMs: 0 }, 'nor the same user elsewhere');
});

test('P-SEC-1: trying many extensions from one source delays, then blocks the whole source', () => {
  const g = new AuthGuard();
  let last;
  for (let k = 0; k < 39; k++) last = g.recordFailure(IP, `10${k}`, T0 + k);
  assert.deepEqual(last, { action: 'proceed', delayMs: 8000 }, 'past 20 failures the source is delayed, whichever user');
  assert.deepEqual(g.admit(IP, 'any-new-name', T0 + 50), { action: 'proceed', delayMs: 8000 });
  assert.equal(g.recordFailure(IP, '1999', T0 + 60).action, 'drop');
  assert.equal(g.admit(IP, undefined, T0 + 70).action, 'drop', 'even before credentials are sent');
});

test('P-SEC-1: unknown and known users get exactly the same treatment', () => {
  // The guard never sees whether a user exists; two runs that differ only in the name agree.
  const run = (user: string) => {
    const g = new AuthGuard();
    const out = [];
    for (let k = 0; k < 12; k++) {
      out.push(g.admit(IP, user, T0 + k * 1000));
      out.push(g.recordFailure(IP, user, T0 + k * 1000));
    }
    return out;
  };
  assert.deepEqual(run('1001'), run('no-such-extension'));
});

test('a success resets the (source, user) count but not the source count', () => {
  const g = new AuthGuard({ perSource: { delayAfter: 6, blockAfter: 100 } });
  for (let k = 0; k < 5; k++) g.recordFailure(IP, '1001', T0 + k);
  assert.deepEqual(g.admit(IP, '1001', T0 + 10), { action: 'proceed', delayMs: 1000 });
  g.recordSuccess(IP, '1001', T0 + 10);
  assert.deepEqual(g.admit(IP, '1001', T0 + 11), { action: 'proceed', delayMs: 0 });
  g.recordFailure(IP, '1001', T0 + 12);
  assert.deepEqual(g.admit(IP, '1001', T0 + 13), { action: 'proceed', delayMs: 1000 }, 'six failures at this source, success or not');
});

test('failures end after the window without failures', () => {
  const g = new AuthGuard();
  for (let k = 0; k < 9; k++) g.recordFailure(IP, '1001', T0 + k);
  assert.deepEqual(g.admit(IP, '1001', T0 + 10 * MIN + 8), { action: 'proceed', delayMs: 8000 }, 'exactly a window later: still counted');
  assert.deepEqual(g.admit(IP, '1001', T0 + 10 * MIN + 9), { action: 'proceed', delayMs: 0 });
  assert.equal(g.recordFailure(IP, '1001', T0 + 10 * MIN + 9).action, 'proceed', 'the count started again at 1');
  assert.equal(g.size, 2, 'the old counters were swept');
});

test('a slow guesser inside the window is still counted', () => {
  const g = new AuthGuard();
  let d;
  for (let k = 0; k < 10; k++) d = g.recordFailure(IP, '1001', T0 + k * 9 * MIN);
  assert.equal(d?.action, 'drop');
});

test('memory is bounded: counters and blocks have separate caps', () => {
  const g = new AuthGuard({ maxTrackedKeys: 100, maxBlocked: 5, perUser: { delayAfter: 1, blockAfter: 2 } });
  for (let k = 0; k < 10; k++) {
    g.recordFailure(`192.0.2.${k}`, 'u', T0);
    g.recordFailure(`192.0.2.${k}`, 'u', T0);
  }
  assert.equal(g.admit('192.0.2.9', 'u', T0).action, 'drop');
  assert.equal(g.admit('192.0.2.0', 'u', T0).action, 'proceed', 'the oldest block was pushed out');
  // A flood from 10 000 spoofed sources: memory stays bounded and recent blocks survive.
  for (let k = 0; k < 10_000; k++) g.recordFailure(`10.${k >> 8}.${k & 255}.1`, 'x', T0 + 1);
  assert.ok(g.size <= 105, `size ${g.size}`);
  assert.equal(g.admit('192.0.2.9', 'u', T0 + 2).action, 'drop', 'blocks are not evicted by counters');
});

test('exempt sources (the SIP edge, a trusted trunk) are never counted', () => {
  const g = new AuthGuard({ isExempt: (s) => s === '127.0.0.1' });
  for (let k = 0; k < 50; k++) assert.deepEqual(g.recordFailure('127.0.0.1', 'u', T0 + k), { action: 'proceed', delayMs: 0 });
  assert.deepEqual(g.admit('127.0.0.1', 'u', T0 + 100), { action: 'proceed', delayMs: 0 });
  assert.equal(g.size, 0);
});

test('IPv6 sources count per /64; IPv4-mapped addresses count as IPv4', () => {
  assert.equal(sourceKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(sourceKey('[2001:db8:1:2:ffff:ffff:ffff:ffff]'), '2001:db8:1:2::/64');
  assert.equal(sourceKey('2001:DB8::1%eth0'), '2001:db8:0:0::/64');
  assert.equal(sourceKey('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(sourceKey('64:ff9b::192.0.2.1', 128), '64:ff9b:0:0:0:0:c000:201::/128');
  assert.equal(sourceKey('2001:db8:1:2::1', 48), '2001:db8:1::/48');
  assert.equal(sourceKey('192.0.2.1'), '192.0.2.1');
  assert.equal(sourceKey('Edge.Example'), 'edge.example');
  const g = new AuthGuard();
  for (let k = 0; k < 10; k++) g.recordFailure(`2001:db8:1:2::${k + 1}`, '1001', T0 + k);
  assert.equal(g.admit('2001:db8:1:2:dead:beef::1', '1001', T0 + 20).action, 'drop', 'rotating addresses inside the /64 does not help');
});

test('defaults are the documented ones', () => {
  assert.deepEqual(
    [DEFAULT_GUARD_SETTINGS.perUser, DEFAULT_GUARD_SETTINGS.perSource, DEFAULT_GUARD_SETTINGS.windowMs, DEFAULT_GUARD_SETTINGS.blockMs, DEFAULT_GUARD_SETTINGS.maxDelayMs],
    [{ delayAfter: 5, blockAfter: 10 }, { delayAfter: 20, blockAfter: 40 }, 10 * MIN, 15 * MIN, 8000],
  );
});
