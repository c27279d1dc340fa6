import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockedFor, LOGIN_THROTTLE as S, recordFailure, type AttemptRecord } from './throttle.js';

test('P-SEC-1: five failures block the login for a minute, then doubling, capped', () => {
  let rec: AttemptRecord | undefined;
  const t0 = 1_000_000;
  for (let i = 0; i < 4; i++) rec = recordFailure(rec, t0 + i, S);
  assert.equal(blockedFor(rec, t0 + 4), 0);
  rec = recordFailure(rec, t0 + 5, S);
  assert.equal(blockedFor(rec, t0 + 5), 60_000);
  rec = recordFailure(rec, t0 + 6, S);
  assert.equal(blockedFor(rec, t0 + 6), 120_000);
  for (let i = 0; i < 30; i++) rec = recordFailure(rec, t0 + 7 + i, S);
  assert.equal(blockedFor(rec, t0 + 40), S.maxBlockMs - 4); // last failure at t0 + 36
});

test('failures older than the window start a new count', () => {
  let rec = recordFailure(undefined, 0, S);
  rec = recordFailure(rec, 1, S);
  rec = recordFailure(rec, S.windowMs + 10, S);
  assert.equal(rec.failures, 1);
  assert.equal(rec.firstFailureAt, S.windowMs + 10);
});
