import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeRtcp, parseRtp, seqDistance, timestampDistance, writeRtp } from './rtp.js';
import {
  buildBye,
  buildReceiverReport,
  buildSdes,
  buildSenderReport,
  ntpFromUnixMs,
  ntpMiddle,
  parseRtcp,
  ReceptionStats,
  roundTripMs,
  unixMsFromNtp,
} from './rtcp.js';

function mustParse(b: Buffer) {
  const r = parseRtp(b);
  if (!r.ok) assert.fail(r.reason);
  return r.packet;
}

test('RTP header round trip: marker, payload type, sequence, timestamp, SSRC, CSRCs, extension', () => {
  const payload = Buffer.from([1, 2, 3, 4, 5]);
  const b = writeRtp(
    { marker: true, payloadType: 8, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, csrcs: [1, 2], extension: { profile: 0xbede, data: Buffer.alloc(4, 7) } },
    payload,
  );
  assert.equal(b.length, 12 + 8 + 8 + 5);
  assert.equal(b[0], 0x80 | 0x10 | 2);
  assert.equal(b[1], 0x88);
  const p = mustParse(b);
  assert.equal(p.marker, true);
  assert.equal(p.payloadType, 8);
  assert.equal(p.sequenceNumber, 65535);
  assert.equal(p.timestamp, 0xfffffff0);
  assert.equal(p.ssrc, 0xdeadbeef);
  assert.deepEqual(p.csrcs, [1, 2]);
  assert.equal(p.extension?.profile, 0xbede);
  assert.deepEqual([...p.extension!.data], [7, 7, 7, 7]);
  assert.deepEqual([...p.payload], [1, 2, 3, 4, 5]);
});

test('padding is removed; bad padding, short, wrong version, truncated CSRC/extension are dropped', () => {
  const base = writeRtp({ marker: false, payloadType: 0, sequenceNumber: 1, timestamp: 160, ssrc: 9 }, Buffer.from([0xaa, 0xbb]));
  const padded = Buffer.concat([base, Buffer.from([0, 0, 3])]);
  padded[0]! |= 0x20;
  const p = mustParse(padded);
  assert.deepEqual([...p.payload], [0xaa, 0xbb]);
  assert.equal(p.padding, 3);

  const zeroPad = Buffer.from(padded);
  zeroPad[zeroPad.length - 1] = 0;
  assert.deepEqual(parseRtp(zeroPad), { ok: false, reason: 'padding' });
  const hugePad = Buffer.from(padded);
  hugePad[hugePad.length - 1] = 20;
  assert.deepEqual(parseRtp(hugePad), { ok: false, reason: 'padding' });
  assert.deepEqual(parseRtp(Buffer.alloc(11)), { ok: false, reason: 'short' });
  const v1 = Buffer.from(base);
  v1[0] = 0x40;
  assert.deepEqual(parseRtp(v1), { ok: false, reason: 'version' });
  const csrc = Buffer.from(base);
  csrc[0] = 0x8f; // 15 CSRCs announced, none there
  assert.deepEqual(parseRtp(csrc), { ok: false, reason: 'csrc' });
  const ext = Buffer.concat([base.subarray(0, 12), Buffer.from([0xbe, 0xde, 0x00, 0x09])]);
  ext[0] = 0x90;
  assert.deepEqual(parseRtp(ext), { ok: false, reason: 'extension' });
});

test('RFC 5761: RTCP on the RTP port is recognised and not parsed as RTP', () => {
  const rr = buildReceiverReport({ ssrc: 5, reports: [] });
  assert.equal(looksLikeRtcp(rr), true);
  assert.deepEqual(parseRtp(rr), { ok: false, reason: 'rtcp' });
  assert.equal(looksLikeRtcp(writeRtp({ marker: true, payloadType: 101, sequenceNumber: 0, timestamp: 0, ssrc: 1 }, Buffer.alloc(4))), false);
});

test('random garbage never throws', () => {
  let seed = 12345;
  for (let i = 0; i < 20000; i++) {
    const n = (seed = (seed * 1103515245 + 12345) >>> 0) % 64;
    const b = Buffer.alloc(n);
    for (let j = 0; j < n; j++) b[j] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    if (n > 0 && i % 2 === 0) b[0] = (b[0]! & 0x3f) | 0x80;
    parseRtp(b);
    parseRtcp(b);
  }
});

test('serial arithmetic for sequence numbers and timestamps', () => {
  assert.equal(seqDistance(2, 65534), 4);
  assert.equal(seqDistance(65534, 2), -4);
  assert.equal(seqDistance(100, 100), 0);
  assert.equal(timestampDistance(80, 0xffffffb0), 160);
  assert.equal(timestampDistance(0xffffffb0, 80), -160);
});

test('NTP timestamps (RFC 3550 4)', () => {
  const [s, f] = ntpFromUnixMs(0);
  assert.equal(s, 2_208_988_800);
  assert.equal(f, 0);
  const ms = Date.UTC(2026, 10, 2, 8, 0, 0, 250);
  const [s2, f2] = ntpFromUnixMs(ms);
  assert.equal(f2, 0x40000000);
  assert.ok(Math.abs(unixMsFromNtp(s2, f2) - ms) < 0.001);
  assert.equal(ntpMiddle(ms), (((s2 & 0xffff) << 16) | 0x4000) >>> 0);
});

test('compound RTCP: SR + SDES CNAME, RR + BYE with reason round trip', () => {
  const block = { ssrc: 77, fractionLost: 64, cumulativeLost: -2, highestSequence: 70000, jitter: 12, lastSr: 0x12345678, delaySinceLastSr: 65536 };
  const ntpMs = Date.UTC(2026, 10, 2, 8, 0, 0);
  const sr = Buffer.concat([
    buildSenderReport({ ssrc: 1, ntpMs, rtpTimestamp: 160000, packetCount: 1000, octetCount: 160000, reports: [block] }),
    buildSdes(1, 'vaxel@kommun.example'),
  ]);
  const parsed = parseRtcp(sr)!;
  assert.equal(parsed.length, 2);
  const p0 = parsed[0]!;
  const p1 = parsed[1];
  assert.equal(p0.type, 'sr');
  if (p0.type === 'sr') {
    assert.equal(p0.ssrc, 1);
    assert.ok(Math.abs(p0.ntpMs - ntpMs) < 0.001);
    assert.equal(p0.ntpMiddle, ntpMiddle(ntpMs));
    assert.equal(p0.rtpTimestamp, 160000);
    assert.equal(p0.packetCount, 1000);
    assert.deepEqual(p0.reports, [block]);
  }
  assert.deepEqual(p1, { type: 'sdes', chunks: [{ ssrc: 1, cname: 'vaxel@kommun.example' }] });

  const rrBye = Buffer.concat([buildReceiverReport({ ssrc: 2, reports: [] }), buildSdes(2, 'x'), buildBye([2], 'samtalet avslutat')]);
  const q = parseRtcp(rrBye)!;
  assert.deepEqual(q[0], { type: 'rr', ssrc: 2, reports: [] });
  assert.deepEqual(q[2], { type: 'bye', ssrcs: [2], reason: 'samtalet avslutat' });
  assert.equal(buildSdes(2, 'x').length % 4, 0);
});

test('RTCP validity checks (RFC 3550 A.2): lengths, version, padding only last', () => {
  const rr = buildReceiverReport({ ssrc: 2, reports: [] });
  assert.equal(parseRtcp(rr.subarray(0, 6)), undefined);
  const wrongLength = Buffer.from(rr);
  wrongLength.writeUInt16BE(5, 2);
  assert.equal(parseRtcp(wrongLength), undefined);
  const v1 = Buffer.from(rr);
  v1[0] = 0x40;
  assert.equal(parseRtcp(v1), undefined);
  const paddedFirst = Buffer.concat([rr, buildBye([2])]);
  paddedFirst[0]! |= 0x20;
  assert.equal(parseRtcp(paddedFirst), undefined);
  const shortSr = buildSenderReport({ ssrc: 1, ntpMs: 0, rtpTimestamp: 0, packetCount: 0, octetCount: 0, reports: [] });
  shortSr[0] = 0x81; // claims a report block it does not have
  assert.equal(parseRtcp(shortSr), undefined);
});

test('reception statistics: loss, wrap-around, restart after a jump (RFC 3550 A.1, A.3)', () => {
  const s = new ReceptionStats(9, 65530);
  let ts = 0;
  for (let seq = 65530; seq < 65530 + 20; seq++) {
    if (seq === 65535 || seq === 65540) continue; // two lost, one each side of the wrap
    assert.equal(s.update(seq & 0xffff, (ts = seq * 160), seq * 20), true);
  }
  assert.equal(s.extendedHighest, 65536 + 13);
  assert.equal(s.packetsLost, 2);
  const block = s.reportBlock(1000);
  assert.equal(block.cumulativeLost, 2);
  assert.equal(block.fractionLost, Math.floor((2 * 256) / 20));
  assert.equal(block.jitter, 0, 'perfectly paced packets have no jitter');
  assert.equal(s.reportBlock(1000).fractionLost, 0, 'a new interval');
  // A jump of 20000 is a stray until the next sequential packet confirms it.
  assert.equal(s.update(20000, ts, 0), false);
  assert.equal(s.update(20001, ts, 0), true);
  assert.equal(s.extendedHighest, 20001);
  assert.equal(s.packetsReceived, 1);
});

test('interarrival jitter grows with uneven arrival (RFC 3550 A.8)', () => {
  const s = new ReceptionStats(1, 0);
  for (let i = 0; i < 200; i++) s.update(i, i * 160, i * 20 + (i % 2 ? 5 : 0));
  assert.ok(s.jitter > 30 && s.jitter < 45, `jitter ${s.jitter} (5 ms = 40 units)`);
});

test('round-trip time from LSR/DLSR', () => {
  const sentAt = Date.UTC(2026, 0, 1);
  const block = { ssrc: 1, fractionLost: 0, cumulativeLost: 0, highestSequence: 0, jitter: 0, lastSr: ntpMiddle(sentAt), delaySinceLastSr: 65536 / 2 };
  const rtt = roundTripMs(block, sentAt + 540)!;
  assert.ok(Math.abs(rtt - 40) < 0.1, `rtt ${rtt}`);
  assert.equal(roundTripMs({ ...block, lastSr: 0 }, sentAt), undefined);
});
