import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Result } from '../errors.js';
import { accepted, local, refusedCodes } from '../presence/testing.js';
import { CALLBACK_OUTCOMES, type Callback, type CallbackStatus } from './callback.js';
import { openCallback } from './testing.js';
import { CALLBACK_TRANSITIONS, completeCallback, markHeard, replanCallback, type CallbackAction } from './transitions.js';



const open = openCallback();
const replanInput = { agreedAt: local('2026-03-17 10:00'), note: 'Svar från nämnden väntas måndag', at: local('2026-03-11 09:00'), by: 'anna' };
const replanned = accepted(replanCallback(open, replanInput));
const done = accepted(completeCallback(open, { outcome: 'reached', at: local('2026-03-11 09:00'), by: 'anna' }));

describe('call-back transitions', () => {
  for (const outcome of CALLBACK_OUTCOMES) {
    it(`open -> done with outcome ${outcome}`, () => {
      const cb = accepted(completeCallback(open, { outcome, note: ' Ringde upp ', at: local('2026-03-11 09:00'), by: 'anna' }));
      assert.equal(cb.status, 'done');
      assert.deepEqual(cb.completion, { outcome, note: 'Ringde upp', doneAt: local('2026-03-11 09:00'), by: 'anna' });
      assert.equal(open.status, 'open', 'the input is not changed');
    });
  }

  it('a completion without a note stores none', () => {
    assert.equal('note' in (done.completion ?? {}), false);
  });

  it('P-CB-2: open -> re-planned: the agreed time becomes the due date, the first deadline and a history are kept', () => {
    assert.equal(replanned.status, 're-planned');
    assert.equal(replanned.due.toString(), replanInput.agreedAt.toString());
    assert.equal(replanned.firstDue.toString(), open.due.toString());
    assert.deepEqual(replanned.replans, [{ at: replanInput.at, by: 'anna', agreedAt: replanInput.agreedAt, note: 'Svar från nämnden väntas måndag', previousDue: open.due }]);
  });

  it('P-CB-2: re-planned -> re-planned appends to the history', () => {
    const again = accepted(replanCallback(replanned, { agreedAt: local('2026-03-24 10:00'), note: 'Nämnden sköt upp ärendet', at: local('2026-03-17 09:30'), by: 'anna' }));
    assert.equal(again.status, 're-planned');
    assert.equal(again.replans.length, 2);
    assert.equal(again.replans[1]?.previousDue.toString(), replanInput.agreedAt.toString());
    assert.equal(again.due.toString(), local('2026-03-24 10:00').toString());
  });

  it('P-CB-2: re-planned -> done', () => {
    const cb = accepted(completeCallback(replanned, { outcome: 'emailed', at: local('2026-03-17 09:00'), by: 'anna' }));
    assert.equal(cb.status, 'done');
    assert.equal(cb.replans.length, 1);
  });

  it('done -> re-planned is refused, in Swedish and English', () => {
    const r = replanCallback(done, replanInput);
    assert.deepEqual(refusedCodes(r), ['callback.transition.illegal']);
    const p = r.ok ? undefined : r.problems[0];
    assert.equal(p?.sv, 'Återkopplingen är redan klar och kan inte planeras om.');
    assert.equal(p?.en, 'A call-back that is done cannot be re-planned.');
  });

  it('done -> done is refused', () => {
    assert.deepEqual(refusedCodes(completeCallback(done, { outcome: 'reached', at: local('2026-03-12 09:00'), by: 'anna' })), ['callback.transition.illegal']);
  });

  it('every status allows exactly the actions of CALLBACK_TRANSITIONS', () => {
    const byStatus: Record<CallbackStatus, Callback> = { open, 're-planned': replanned, done };
    const attempt: Record<CallbackAction, (cb: Callback) => Result<Callback>> = {
      done: (cb) => completeCallback(cb, { outcome: 'reached', at: local('2026-03-12 09:00'), by: 'anna' }),
      're-plan': (cb) => replanCallback(cb, { ...replanInput, at: local('2026-03-12 09:00') }),
    };
    const seen: string[] = [];
    for (const status of ['open', 're-planned', 'done'] as const) {
      for (const action of ['done', 're-plan'] as const) {
        const allowed = attempt[action](byStatus[status]).ok;
        assert.equal(allowed, CALLBACK_TRANSITIONS[status].includes(action), `${status} + ${action}`);
        if (allowed) seen.push(`${status}+${action}`);
      }
    }
    assert.deepEqual(seen, ['open+done', 'open+re-plan', 're-planned+done', 're-planned+re-plan']);
  });

  it('P-CB-2: a re-plan needs a future time and a note of what was agreed', () => {
    const r = replanCallback(open, { agreedAt: local('2026-03-11 09:00'), note: ' ', at: local('2026-03-11 09:00'), by: 'anna' });
    assert.deepEqual(refusedCodes(r), ['callback.replan.not-future', 'callback.replan.note-required']);
    assert.deepEqual(r.ok ? [] : r.problems.map((p) => p.rule), ['P-CB-2', 'P-CB-2']);
  });

  it('a step dated before the message is refused', () => {
    assert.deepEqual(refusedCodes(completeCallback(open, { outcome: 'reached', at: local('2026-03-10 09:00'), by: 'anna' })), ['callback.time.before-received']);
    assert.deepEqual(refusedCodes(replanCallback(open, { ...replanInput, at: local('2026-03-10 09:00') })), ['callback.time.before-received']);
    assert.deepEqual(refusedCodes(markHeard(open, local('2026-03-10 09:00'))), ['callback.time.before-received']);
  });

  it('an unknown outcome is refused', () => {
    // Through JSON anything can arrive; the type alone does not protect.
    const r = completeCallback(open, { outcome: 'forgot' as never, at: local('2026-03-11 09:00'), by: 'anna' });
    assert.deepEqual(refusedCodes(r), ['callback.outcome.unknown']);
  });

  it('P-VM-5: listening is recorded once, in any state, and changes no state', () => {
    const vm = openCallback({ source: 'voicemail', takenBy: undefined });
    const heard = accepted(markHeard(vm, local('2026-03-10 11:00')));
    assert.equal(heard.heardAt?.toString(), local('2026-03-10 11:00').toString());
    assert.equal(heard.status, 'open');
    const again = accepted(markHeard(heard, local('2026-03-10 15:00')));
    assert.equal(again.heardAt?.toString(), local('2026-03-10 11:00').toString());
    assert.equal(accepted(markHeard(done, local('2026-03-12 09:00'))).status, 'done');
  });
});
