import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualScheduler, timerSettings } from './timers.js';
import { AnswerRetransmitter } from './uas-core.js';

function start(t = {}) {
  const clock = new ManualScheduler();
  const r = new AnswerRetransmitter(clock, timerSettings(t));
  const sends: number[] = [];
  const log: string[] = [];
  r.start('c1', 1, () => sends.push(clock.now()), () => log.push('give up'));
  return { clock, r, sends, log };
}

describe('UAS core 2xx retransmission (RFC 3261 13.3.1.4)', () => {
  test('13.3.1.4 retransmits at T1 doubling to T2 and gives up after 64*T1, telling the TU', () => {
    const { clock, r, sends, log } = start();
    clock.advance(31_999);
    assert.deepEqual(sends, [500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    assert.deepEqual(log, []);
    clock.advance(1);
    assert.deepEqual(log, ['give up']);
    assert.equal(r.size, 0);
    assert.equal(clock.pending, 0);
    assert.equal(r.retransmissions, 10);
  });

  test('13.3.1.4 "Response retransmissions cease when an ACK request for the response is received"', () => {
    const { clock, r, sends, log } = start();
    clock.advance(2000);
    assert.equal(r.ack('c1', 1), true);
    assert.equal(r.ack('c1', 1), false, 'a retransmitted ACK stops nothing');
    clock.advance(60_000);
    assert.deepEqual(sends, [500, 1500]);
    assert.deepEqual(log, []);
    assert.equal(clock.pending, 0);
  });

  test('an ACK for another CSeq does not stop the answer; stop(callId) stops all of a call', () => {
    const { clock, r, sends } = start();
    r.start('c1', 2, () => sends.push(-clock.now()), () => undefined);
    assert.equal(r.ack('c1', 7), false);
    assert.equal(r.size, 2);
    assert.equal(r.stop('c1'), true);
    assert.equal(r.size, 0);
    clock.advance(10_000);
    assert.deepEqual(sends, []);
  });

  test('T1 and T2 are settings', () => {
    const { clock, sends } = start({ t1: 100, t2: 400 });
    clock.advance(2000);
    assert.deepEqual(sends, [100, 300, 700, 1100, 1500, 1900]);
  });
});
