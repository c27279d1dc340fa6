import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FramerEvent, SipStreamFramer } from './framer.js';

function message(callId: string, body = ''): string {
  return [
    'MESSAGE sip:bob@biloxi.com SIP/2.0',
    'Via: SIP/2.0/TCP pc33.atlanta.com;branch=z9hG4bK' + callId,
    'To: <sip:bob@biloxi.com>',
    'From: <sip:alice@atlanta.com>;tag=1',
    `Call-ID: ${callId}`,
    'CSeq: 1 MESSAGE',
    'Content-Type: text/plain',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

function summary(events: FramerEvent[]): string[] {
  return events.map((e) => {
    if (e.type === 'message') return `message ${e.message.callId} ${JSON.stringify(e.message.body.toString())}`;
    if (e.type === 'invalid') return `invalid ${e.failure.problems[0]?.code}`;
    if (e.type === 'error') return `error ${e.failure.problems[0]?.code}`;
    return e.type;
  });
}

describe('SipStreamFramer', () => {
  test('several messages in one chunk, framed by Content-Length (RFC 3261 18.3)', () => {
    const f = new SipStreamFramer();
    const events = f.push(Buffer.from(message('a', 'hej') + message('b', 'CRLF\r\n\r\ninside') + message('c')));
    assert.deepEqual(summary(events), ['message a "hej"', 'message b "CRLF\\r\\n\\r\\ninside"', 'message c ""']);
    assert.equal(f.buffered, 0);
  });

  test('the same stream split at every possible byte gives the same messages', () => {
    const stream = Buffer.from('\r\n\r\n' + message('a', 'åäö') + '\r\n' + message('b', 'x'));
    const whole = summary(new SipStreamFramer().push(stream));
    assert.deepEqual(whole, ['ping', 'message a "åäö"', 'pong', 'message b "x"']);
    for (let cut = 1; cut < stream.length; cut++) {
      const f = new SipStreamFramer();
      const events = [...f.push(stream.subarray(0, cut)), ...f.push(stream.subarray(cut))];
      const got = summary(events).filter((e) => e.startsWith('message'));
      assert.deepEqual(got, whole.filter((e) => e.startsWith('message')), `cut at ${cut}`);
    }
  });

  test('one byte at a time', () => {
    const stream = Buffer.from(message('a', 'body') + message('b'));
    const f = new SipStreamFramer();
    const events: FramerEvent[] = [];
    for (const b of stream) events.push(...f.push(Buffer.from([b])));
    assert.deepEqual(summary(events), ['message a "body"', 'message b ""']);
  });

  test('keep-alives between messages: CRLFCRLF is a ping, CRLF a pong (RFC 5626 3.5.1)', () => {
    const f = new SipStreamFramer();
    assert.deepEqual(summary(f.push(Buffer.from('\r\n\r\n'))), ['ping']);
    assert.deepEqual(summary(f.push(Buffer.from('\r\n'))), ['pong']);
    assert.deepEqual(summary(f.push(Buffer.from('\r\n\r'))), [], 'maybe the start of a ping: wait');
    assert.deepEqual(summary(f.push(Buffer.from('\n'))), ['ping']);
  });

  test('a message that does not parse is reported and the stream goes on', () => {
    const broken = message('x').replace('CSeq: 1 MESSAGE', 'CSeq: one MESSAGE');
    const events = new SipStreamFramer().push(Buffer.from(broken + message('ok')));
    assert.deepEqual(summary(events), ['invalid sip.header.invalid', 'message ok ""']);
    const invalid = events[0];
    assert.ok(invalid?.type === 'invalid');
    assert.equal(invalid.failure.context.callId, 'x');
  });

  test('a negative or conflicting Content-Length loses the framing: error, then nothing more (RFC 4475 3.1.2.3)', () => {
    const f = new SipStreamFramer();
    const events = f.push(Buffer.from(message('a').replace('Content-Length: 0', 'Content-Length: -1') + message('b')));
    assert.deepEqual(summary(events), ['error sip.content-length.invalid']);
    assert.equal(f.failed, true);
    assert.deepEqual(f.push(Buffer.from(message('c'))), []);
    assert.deepEqual(summary(new SipStreamFramer().push(Buffer.from(message('a').replace('Content-Length: 0', 'Content-Length: 1\r\nl: 2')))), ['error sip.content-length.conflict']);
  });

  test('no Content-Length on a stream means no body', () => {
    const events = new SipStreamFramer().push(Buffer.from(message('a').replace('Content-Length: 0\r\n', '') + message('b')));
    assert.deepEqual(summary(events), ['message a ""', 'message b ""']);
  });

  test('size limits: endless headers and a huge Content-Length close the stream', () => {
    const f = new SipStreamFramer({ maxMessageSize: 1024 });
    assert.deepEqual(f.push(Buffer.from('INVITE sip:a@b.se SIP/2.0\r\n')), []);
    const events = f.push(Buffer.from('X-Filler: ' + 'a'.repeat(2000) + '\r\n'));
    assert.deepEqual(summary(events), ['error sip.message.too-large']);
    const huge = new SipStreamFramer().push(Buffer.from(message('a').replace('Content-Length: 0', 'Content-Length: 99999999')));
    const err = huge[0];
    assert.ok(err?.type === 'error');
    assert.equal(err.failure.status, 513);
    assert.equal(err.failure.context.callId, 'a');
  });

  test('waits for the rest of the body', () => {
    const f = new SipStreamFramer();
    const full = Buffer.from(message('a', '0123456789'));
    assert.deepEqual(f.push(full.subarray(0, full.length - 3)), []);
    assert.equal(f.buffered, full.length - 3);
    assert.deepEqual(summary(f.push(full.subarray(full.length - 3))), ['message a "0123456789"']);
  });

  test('messages do not share memory with the pushed chunks', () => {
    const chunk = Buffer.from(message('a', 'body'));
    const [ev] = new SipStreamFramer().push(chunk);
    assert.ok(ev?.type === 'message');
    chunk.fill(0);
    assert.equal(ev.message.body.toString(), 'body');
  });
});
