import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMessageSummary, parseMessageSummary } from './summary.js';

test('RFC 3842: one new message is "Messages-Waiting: yes" and "Voice-Message: 1/0"', () => {
  const body = formatMessageSummary('sip:2211@valdemarsvik.sip', { newMessages: 1, oldMessages: 0 });
  assert.equal(body, 'Messages-Waiting: yes\r\nMessage-Account: sip:2211@valdemarsvik.sip\r\nVoice-Message: 1/0\r\n');
});

test('only old messages: nothing waits, the old ones are still counted', () => {
  const body = formatMessageSummary('sip:2211@valdemarsvik.sip', { newMessages: 0, oldMessages: 3 });
  assert.match(body, /^Messages-Waiting: no\r\n/);
  assert.match(body, /Voice-Message: 0\/3\r\n$/);
});

test('hostile counts are written as 0, never as NaN or a negative number', () => {
  const body = formatMessageSummary('sip:1@x.sip', { newMessages: -2, oldMessages: Number.NaN });
  assert.match(body, /Voice-Message: 0\/0/);
});

test('the parser reads our body and a peer\'s with urgent counts, and refuses a body without status', () => {
  const ours = parseMessageSummary(formatMessageSummary('sip:2211@v.sip', { newMessages: 2, oldMessages: 5 }));
  assert.deepEqual(ours, { waiting: true, account: 'sip:2211@v.sip', counts: { 'voice-message': { new: 2, old: 5 } } });
  const peer = parseMessageSummary('Messages-Waiting: yes\nVoice-Message: 2/8 (0/2)\nFax-Message: 0/0\n');
  assert.deepEqual(peer?.counts['voice-message'], { new: 2, old: 8, urgentNew: 0, urgentOld: 2 });
  assert.equal(parseMessageSummary('Voice-Message: 1/0\r\n'), null);
  assert.equal(parseMessageSummary('Messages-Waiting: kanske\r\n'), null);
});
