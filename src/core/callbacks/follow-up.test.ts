import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accepted, local } from '../presence/testing.js';
import type { Callback } from './callback.js';
import { escalations, isLate, isOverdue, median, summary } from './follow-up.js';
import { openCallback } from './testing.js';
import { completeCallback, markHeard, replanCallback } from './transitions.js';


const HOUR = 3_600_000;
// Received Tuesday 2026-03-10 10:00, due Thursday 2026-03-12 16:30 (P-CB-1, two working days).
const received = openCallback();

describe('isOverdue', () => {
  it('P-CB-1: not overdue at the closing time of the second working day, overdue a minute after', () => {
    assert.equal(isOverdue(received, local('2026-03-12 16:30')), false);
    assert.equal(isOverdue(received, local('2026-03-12 16:31')), true);
  });

  it('P-CB-2: a re-planned call-back is overdue only after the agreed time', () => {
    const cb = accepted(replanCallback(received, { agreedAt: local('2026-03-17 10:00'), note: 'Återkommer tisdag', at: local('2026-03-11 09:00'), by: 'anna' }));
    assert.equal(isOverdue(cb, local('2026-03-13 09:00')), false);
    assert.equal(isOverdue(cb, local('2026-03-17 10:01')), true);
  });

  it('a done call-back is never overdue', () => {
    const cb = accepted(completeCallback(received, { outcome: 'reached', at: local('2026-03-13 09:00'), by: 'anna' }));
    assert.equal(isOverdue(cb, local('2026-04-01 09:00')), false);
    assert.equal(isLate(cb), true);
  });
});

describe('escalations', () => {
  const managers: Record<string, string> = { anna: 'bo', erik: 'bo', kim: 'frida' };
  const managerOf = (id: string) => managers[id] ?? null;
  const a = openCallback({ id: 'a', personId: 'anna' });
  const b = openCallback({ id: 'b', personId: 'erik' });
  const c = openCallback({ id: 'c', personId: 'anna', receivedAt: local('2026-03-11 10:00') });
  const k = openCallback({ id: 'k', personId: 'kim' });
  const ghost = openCallback({ id: 'g', personId: 'ghost' });
  const finished = accepted(completeCallback(openCallback({ id: 'f', personId: 'anna' }), { outcome: 'emailed', at: local('2026-03-13 08:00'), by: 'anna' }));
  const all = [c, k, ghost, finished, b, a];

  it('P-CB-1: groups overdue call-backs by the manager to notify, and marks them', () => {
    const run = escalations(all, local('2026-03-13 09:00'), managerOf);
    assert.deepEqual(
      run.notify.map((e) => [e.managerId, e.callbacks.map((cb) => cb.id)]),
      [
        ['bo', ['a', 'b']],
        ['frida', ['k']],
      ],
    );
    assert.deepEqual(run.updated.map((cb) => [cb.id, cb.escalatedAt?.toString()]), ['a', 'b', 'k'].map((id) => [id, local('2026-03-13 09:00').toString()]));
    assert.deepEqual(run.withoutManager.map((cb) => cb.id), ['g']);
    assert.equal(run.withoutManager[0]?.escalatedAt, undefined);
  });

  it('escalates each call-back once per deadline', () => {
    const first = escalations(all, local('2026-03-13 09:00'), managerOf);
    const stored = all.map((cb) => first.updated.find((u) => u.id === cb.id) ?? cb);
    const second = escalations(stored, local('2026-03-16 09:00'), managerOf);
    // Only c, due Friday, is new; a, b and k were told about already.
    assert.deepEqual(second.notify.map((e) => [e.managerId, e.callbacks.map((cb) => cb.id)]), [['bo', ['c']]]);
  });

  it('P-CB-2: a call-back re-planned after escalation is escalated again when it misses the new time', () => {
    const escalated = escalations([a], local('2026-03-13 09:00'), managerOf).updated[0]!;
    const replanned = accepted(replanCallback(escalated, { agreedAt: local('2026-03-17 10:00'), note: 'Ringde, svar tisdag', at: local('2026-03-16 08:00'), by: 'anna' }));
    assert.deepEqual(escalations([replanned], local('2026-03-17 09:00'), managerOf).notify, []);
    assert.deepEqual(escalations([replanned], local('2026-03-17 11:00'), managerOf).notify.map((e) => e.managerId), ['bo']);
  });

  it('nothing to escalate before the deadline', () => {
    assert.deepEqual(escalations(all, local('2026-03-12 16:30'), managerOf), { notify: [], updated: [], withoutManager: [] });
  });
});

describe('summary (P-FUP-2)', () => {
  const reach = (cb: Callback, at: string) => accepted(completeCallback(cb, { outcome: 'reached', at: local(at), by: cb.personId }));
  const replan = (cb: Callback, at: string, agreed: string) => accepted(replanCallback(cb, { agreedAt: local(agreed), note: 'Överenskommet', at: local(at), by: cb.personId }));
  const kim = { personId: 'kim', unitId: 'miljo' };
  const list = [
    // anna, Bygglov: one in time (23 h), one late (71 h).
    reach(openCallback({ id: '1' }), '2026-03-11 09:00'),
    reach(openCallback({ id: '2' }), '2026-03-13 09:00'),
    // erik, Bygglov: re-planned in time then done by the agreed time (24 h); re-planned too late (71 h).
    reach(replan(openCallback({ id: '3', personId: 'erik' }), '2026-03-11 10:00', '2026-03-17 10:00'), '2026-03-17 09:00'),
    reach(replan(openCallback({ id: '4', personId: 'erik' }), '2026-03-13 09:00', '2026-03-16 10:00'), '2026-03-16 09:00'),
    // kim, Miljö: overdue; open and not yet due; re-planned and waiting (24 h); a voicemail not needed.
    openCallback({ id: '5', ...kim }),
    openCallback({ id: '6', ...kim, receivedAt: local('2026-03-19 10:00') }),
    replan(openCallback({ id: '7', ...kim }), '2026-03-11 10:00', '2026-03-25 10:00'),
    accepted(completeCallback(accepted(markHeard(openCallback({ id: '8', ...kim, source: 'voicemail', takenBy: undefined }), local('2026-03-10 11:00'))), { outcome: 'not-needed', at: local('2026-03-10 12:00'), by: 'kim' })),
  ];
  const s = summary(list, local('2026-03-20 12:00'));

  it('P-CB-1, P-CB-3, P-VM-5: counts for the whole municipality', () => {
    assert.deepEqual(s.all, { total: 8, open: 3, replanned: 1, overdue: 1, doneInTime: 3, doneLate: 2, medianTimeToCallbackMs: 24 * HOUR, medianTimeToHearMs: 1 * HOUR });
  });

  it('per person', () => {
    assert.deepEqual([...s.perPerson.keys()], ['anna', 'erik', 'kim']);
    assert.deepEqual(s.perPerson.get('anna'), { total: 2, open: 0, replanned: 0, overdue: 0, doneInTime: 1, doneLate: 1, medianTimeToCallbackMs: 47 * HOUR, medianTimeToHearMs: null });
    assert.deepEqual(s.perPerson.get('erik'), { total: 2, open: 0, replanned: 0, overdue: 0, doneInTime: 1, doneLate: 1, medianTimeToCallbackMs: 47.5 * HOUR, medianTimeToHearMs: null });
  });

  it('per unit', () => {
    assert.deepEqual(s.perUnit.get('bygglov'), { total: 4, open: 0, replanned: 0, overdue: 0, doneInTime: 2, doneLate: 2, medianTimeToCallbackMs: 47.5 * HOUR, medianTimeToHearMs: null });
    assert.deepEqual(s.perUnit.get('miljo'), { total: 4, open: 3, replanned: 1, overdue: 1, doneInTime: 1, doneLate: 0, medianTimeToCallbackMs: 24 * HOUR, medianTimeToHearMs: 1 * HOUR });
  });

  it('is empty for no call-backs', () => {
    const empty = summary([], local('2026-03-20 12:00'));
    assert.equal(empty.all.total, 0);
    assert.equal(empty.all.medianTimeToCallbackMs, null);
    assert.equal(empty.perUnit.size, 0);
  });

  it('median of odd and even counts', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), null);
  });
});
