import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'sdp-transform';
import { acceptAnswer, answerOffer, buildOffer, remoteAudio } from './sdp.js';

function must<T>(r: { ok: true; value: T } | { ok: false; problems: { en: string }[] }): T {
  if (!r.ok) assert.fail(r.problems.map((p) => p.en).join('; '));
  return r.value;
}

const offer = (body: string): string => `v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n${body}`;

test('our offer: PCMU, PCMA, telephone-event/8000 0-16, ptime 20, sendrecv', () => {
  const sdp = buildOffer({ address: '192.0.2.1', port: 10000, sessionId: 42, sessionVersion: 1 });
  assert.match(sdp, /^v=0\r\n/);
  assert.match(sdp, /\r\nm=audio 10000 RTP\/AVP 0 8 101\r\n/);
  assert.match(sdp, /a=rtpmap:0 PCMU\/8000\r\n/);
  assert.match(sdp, /a=rtpmap:8 PCMA\/8000\r\n/);
  assert.match(sdp, /a=rtpmap:101 telephone-event\/8000\r\n/);
  assert.match(sdp, /a=fmtp:101 0-16\r\n/);
  assert.match(sdp, /a=ptime:20\r\n/);
  assert.match(sdp, /a=sendrecv\r\n/);
  assert.match(sdp, /o=- 42 1 IN IP4 192.0.2.1\r\n/);
  assert.match(sdp, /c=IN IP4 192.0.2.1\r\n/);
  const r = must(remoteAudio(sdp));
  assert.deepEqual(r.rtp, { address: '192.0.2.1', port: 10000 });
  assert.deepEqual(
    r.formats.map((f) => f.encoding),
    ['PCMU', 'PCMA'],
  );
  assert.equal(r.telephoneEvent, 101);
  assert.equal(r.ptime, 20);
});

test('RFC 3264 6.1: the answer picks the first codec we support in the offerer\'s order', () => {
  const o = offer('m=audio 49170 RTP/AVP 18 8 0 96\r\na=rtpmap:18 G729/8000\r\na=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-15\r\n');
  const { sdp, media } = must(answerOffer(o, { address: '192.0.2.1', port: 10002 }));
  assert.deepEqual(media.codec, { payloadType: 8, name: 'PCMA' });
  assert.equal(media.telephoneEvent, 96, 'keeps the offer\'s dynamic payload type');
  assert.deepEqual(media.remote, { address: '192.0.2.10', port: 49170 });
  assert.equal(media.direction, 'sendrecv');
  assert.match(sdp, /m=audio 10002 RTP\/AVP 8 96\r\n/);
  assert.match(sdp, /a=rtpmap:96 telephone-event\/8000\r\n/);
});

test('dynamic payload types and lower-case names are understood; rtpmap decides, not the number', () => {
  const o = offer('m=audio 5004 RTP/AVP 97 98\r\na=rtpmap:97 opus/48000/2\r\na=rtpmap:98 pcmu/8000\r\n');
  const { media } = must(answerOffer(o, { address: '192.0.2.1', port: 10002 }));
  assert.deepEqual(media.codec, { payloadType: 98, name: 'PCMU' });
  assert.equal(media.telephoneEvent, undefined);
});

test('no common codec: a problem call control turns into 488', () => {
  const r = answerOffer(offer('m=audio 5004 RTP/AVP 18 9\r\na=rtpmap:18 G729/8000\r\n'), { address: '192.0.2.1', port: 1 });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.problems[0]!.code, 'media.sdp.no-common-codec');
    assert.match(r.problems[0]!.sv, /kodek/);
  }
  const onlyAlaw = answerOffer(offer('m=audio 5004 RTP/AVP 0\r\n'), { address: '192.0.2.1', port: 1, codecs: ['PCMA'] });
  assert.equal(onlyAlaw.ok ? '' : onlyAlaw.problems[0]!.code, 'media.sdp.no-common-codec');
});

test('hold: sendonly is answered recvonly, recvonly with sendonly, inactive with inactive (RFC 3264 6.1)', () => {
  const cases: [string, string, boolean][] = [
    ['sendonly', 'recvonly', true],
    ['recvonly', 'sendonly', false],
    ['inactive', 'inactive', true],
    ['sendrecv', 'sendrecv', false],
  ];
  for (const [theirs, ours, held] of cases) {
    const { sdp, media, remote } = must(answerOffer(offer(`m=audio 5004 RTP/AVP 0\r\na=${theirs}\r\n`), { address: '192.0.2.1', port: 10002 }));
    assert.equal(media.direction, ours, theirs);
    assert.match(sdp, new RegExp(`a=${ours}\\r\\n`));
    assert.equal(remote.held, held, theirs);
  }
  // Session-level direction counts too.
  const sessionLevel = offer('a=sendonly\r\nm=audio 5004 RTP/AVP 0\r\n');
  assert.equal(must(answerOffer(sessionLevel, { address: '192.0.2.1', port: 2 })).media.direction, 'recvonly');
  // Our own wish: we put them on hold.
  assert.equal(must(answerOffer(offer('m=audio 5004 RTP/AVP 0\r\n'), { address: '192.0.2.1', port: 2, direction: 'sendonly' })).media.direction, 'sendonly');
});

test('old-style hold c=0.0.0.0 (RFC 3264 8.4): no address to send to, we only receive', () => {
  const o = 'v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n';
  const { media, remote } = must(answerOffer(o, { address: '192.0.2.1', port: 10002 }));
  assert.equal(media.remote, undefined);
  assert.equal(media.direction, 'recvonly');
  assert.equal(remote.held, true);
});

test('other streams are refused with port 0 in their place; RTP/SAVP audio is not ours', () => {
  const o = offer('m=video 5006 RTP/AVP 31\r\nm=audio 5008 RTP/SAVP 0\r\nm=audio 5004 RTP/AVP 0\r\n');
  const { sdp, media } = must(answerOffer(o, { address: '192.0.2.1', port: 10002 }));
  assert.equal(media.remote?.port, 5004);
  const m = parse(sdp).media;
  assert.deepEqual(
    m.map((x) => [x.type, x.port, x.protocol]),
    [
      ['video', 0, 'RTP/AVP'],
      ['audio', 0, 'RTP/SAVP'],
      ['audio', 10002, 'RTP/AVP'],
    ],
  );
  const noAudio = answerOffer(offer('m=video 5006 RTP/AVP 31\r\n'), { address: '192.0.2.1', port: 1 });
  assert.equal(noAudio.ok ? '' : noAudio.problems[0]!.code, 'media.sdp.no-audio');
  const garbage = answerOffer('hello', { address: '192.0.2.1', port: 1 });
  assert.equal(garbage.ok ? '' : garbage.problems[0]!.code, 'media.sdp.invalid');
});

test('rtcp-mux is accepted when offered; a=rtcp gives the RTCP address otherwise', () => {
  const mux = must(answerOffer(offer('m=audio 5004 RTP/AVP 0\r\na=rtcp-mux\r\n'), { address: '192.0.2.1', port: 2 }));
  assert.equal(mux.media.rtcpMux, true);
  assert.match(mux.sdp, /a=rtcp-mux\r\n/);
  const refusedMux = must(answerOffer(offer('m=audio 5004 RTP/AVP 0\r\na=rtcp-mux\r\n'), { address: '192.0.2.1', port: 2, rtcpMux: false }));
  assert.equal(refusedMux.media.rtcpMux, false);
  const rtcp = must(answerOffer(offer('m=audio 5004 RTP/AVP 0\r\na=rtcp:6000 IN IP4 192.0.2.99\r\n'), { address: '192.0.2.1', port: 2 }));
  assert.deepEqual(rtcp.media.remoteRtcp, { address: '192.0.2.99', port: 6000 });
});

test('the offerer reads the answer: codec, telephone-event, direction, rtcp-mux only if both', () => {
  const local = { address: '192.0.2.1', port: 10000, rtcpMux: true };
  const answer = offer('m=audio 5004 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=rtcp-mux\r\na=recvonly\r\n');
  const { media } = must(acceptAnswer(answer, local));
  assert.deepEqual(media.codec, { payloadType: 8, name: 'PCMA' });
  assert.equal(media.telephoneEvent, 101);
  assert.equal(media.direction, 'sendonly');
  assert.equal(media.rtcpMux, true);
  assert.equal(must(acceptAnswer(answer, { ...local, rtcpMux: false })).media.rtcpMux, false);
  const bad = acceptAnswer(offer('m=audio 5004 RTP/AVP 18\r\n'), local);
  assert.equal(bad.ok ? '' : bad.problems[0]!.code, 'media.sdp.answer-mismatch');
  const rejected = acceptAnswer(offer('m=audio 0 RTP/AVP 0\r\n'), local);
  assert.equal(rejected.ok ? '' : rejected.problems[0]!.code, 'media.sdp.no-audio');
});

test('an offer round-trips through our own answer', () => {
  const o = buildOffer({ address: '127.0.0.1', port: 10000, codecs: ['PCMA', 'PCMU'] });
  const { sdp, media } = must(answerOffer(o, { address: '127.0.0.1', port: 10002 }));
  assert.deepEqual(media.codec, { payloadType: 8, name: 'PCMA' });
  const back = must(acceptAnswer(sdp, { address: '127.0.0.1', port: 10000 }));
  assert.deepEqual(back.media.codec, { payloadType: 8, name: 'PCMA' });
  assert.deepEqual(back.media.remote, { address: '127.0.0.1', port: 10002 });
  assert.equal(back.media.telephoneEvent, 101);
});
