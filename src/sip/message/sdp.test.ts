import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SAMPLE_SDP_OFFER } from './samples.js';
import { parseSdp, writeSdp } from './sdp.js';

// the sample with a session name in Swedish (UTF-8)
const OFFER = SAMPLE_SDP_OFFER.replace('s=-', 's=Öppen Växel');

test('parseSdp reads an offer with G.711 and RFC 4733 telephone-event', () => {
  const r = parseSdp(Buffer.from(OFFER));
  assert.ok(r.ok);
  const sdp = r.value;
  assert.equal(sdp.origin.address, '192.0.2.10');
  assert.equal(sdp.connection?.ip, '192.0.2.10');
  assert.equal(sdp.name, 'Öppen Växel');
  const audio = sdp.media[0];
  assert.equal(audio?.type, 'audio');
  assert.equal(audio?.port, 40000);
  assert.equal(audio?.payloads, '8 0 101');
  assert.deepEqual(audio?.rtp.map((r) => r.codec), ['PCMA', 'PCMU', 'telephone-event']);
  assert.equal(audio?.fmtp[0]?.config, '0-16');
  assert.equal(audio?.direction, 'sendrecv');
});

test('writeSdp writes what parseSdp read (CRLF line ends)', () => {
  const r = parseSdp(OFFER);
  assert.ok(r.ok);
  assert.equal(writeSdp(r.value), OFFER);
});

test('parseSdp rejects bodies that are not SDP', () => {
  for (const bad of ['', 'hello', 'v=1\r\n', 'v=0\r\ns=-\r\nt=0 0\r\n', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nt=0 0\r\n']) {
    const r = parseSdp(bad);
    assert.equal(r.ok, false, JSON.stringify(bad));
    assert.equal(r.ok ? '' : r.problems[0]?.code, 'sip.sdp.invalid');
  }
});
