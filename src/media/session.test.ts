// Real UDP on 127.0.0.1: two sessions exchange audio, digits and reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rms, testSignal, xcorr } from './analysis.js';
import { bridge } from './bridge.js';
import type { DtmfDigit } from './dtmf.js';
import { Clip } from './player.js';
import { HeldAudio, Recording, type RecordingMeta } from './recorder.js';
import { buildBye, type RtcpPacket } from './rtcp.js';
import { parseRtp, writeRtp, type RtpPacket } from './rtp.js';
import { RtpSession } from './session.js';
import { delay, negotiate, openPair, testPortPool } from './testing.js';
import { readWavFile } from './wav.js';

const pool = testPortPool();
const dir = await mkdtemp(join(tmpdir(), 'media-session-'));
test.after(() => rm(dir, { recursive: true, force: true }));

const open: RtpSession[] = [];
test.afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function pair(options: Parameters<typeof openPair>[1] = {}): Promise<[RtpSession, RtpSession]> {
  const p = await openPair(pool, options);
  open.push(...p);
  return p;
}
async function session(): Promise<RtpSession> {
  const s = await RtpSession.open({ host: '127.0.0.1', ports: pool });
  open.push(s);
  return s;
}

async function recordWhilePlaying(from: RtpSession, to: RtpSession, signal: Int16Array, name: string) {
  const path = join(dir, `${name}.wav`);
  const recording = await Recording.start(to, { path, meta: { caller: '+46701234567', callee: '2001' } });
  const player = from.play([new Clip(signal.subarray(0, 8000), 'first'), new Clip(signal.subarray(8000), 'second')]);
  const result = await player.finished;
  await delay(100);
  const meta = await recording.stop();
  const wav = await readWavFile(path);
  if (!wav.ok) assert.fail(wav.problems[0]!.en);
  return { result, meta, samples: wav.value.samples, path };
}

for (const codecs of [['PCMU'], ['PCMA']] as const) {
  test(`two sessions exchange audio (${codecs[0]}): the recording equals what was sent, r > 0.99 at lag 0`, async () => {
    const [a, b] = await pair({ offerer: { codecs: [...codecs] } });
    assert.equal(b.codec?.name, codecs[0]);
    const signal = testSignal(2000, 11);
    const { result, meta, samples } = await recordWhilePlaying(a, b, signal, `exchange-${codecs[0]}`);
    assert.deepEqual(result, { completed: true, framesSent: 100 });
    assert.equal(samples.length, signal.length, 'every frame recorded, none twice');
    const { atZero, best } = xcorr(signal, samples, { maxLag: 400 });
    assert.ok(atZero > 0.99, `r at lag 0 = ${atZero}`);
    assert.equal(best.lag, 0);
    // The sidecar says who called and what arrived.
    assert.equal(meta.caller, '+46701234567');
    assert.equal(meta.complete, true);
    assert.equal(meta.durationMs, 2000);
    assert.equal(meta.packets?.lost, 0);
    assert.equal(meta.packets?.released, 100);
    const onDisk = JSON.parse(await readFile(join(dir, `exchange-${codecs[0]}.json`), 'utf8')) as RecordingMeta;
    assert.equal(onDisk.endedAt, meta.endedAt);
    assert.equal(a.stats().packetsSent, 100);
    assert.equal(b.stats().packetsReceived, 100);
  });
}

test('P-VM-4: audio that arrives before the recording\'s file is open is held and written first, none lost or twice', async () => {
  const [a, b] = await pair();
  const signal = testSignal(1000, 5);
  // Held from the moment the tone ended; the caller speaks while the message's row is made.
  const held = new HeldAudio(b);
  const player = a.play([signal]);
  await delay(300);
  const path = join(dir, 'held.wav');
  const recording = await Recording.start(b, { path, held });
  await player.finished;
  await delay(100);
  const meta = await recording.stop();
  const wav = await readWavFile(path);
  if (!wav.ok) assert.fail(wav.problems[0]!.en);
  assert.equal(wav.value.samples.length, signal.length, 'every frame once');
  assert.ok(xcorr(signal, wav.value.samples, { maxLag: 400 }).atZero > 0.99);
  assert.equal(meta.packets?.released, 50);
  assert.equal(b.listenerCount('rtp'), 0, 'nothing left listening');
});

test('RTP headers: +160 per 20 ms, one SSRC, consecutive sequence numbers, marker on the first packet', async () => {
  const [a, b] = await pair();
  const packets: RtpPacket[] = [];
  b.on('rtp', (p) => packets.push(p));
  await a.play([testSignal(200)]).finished;
  await delay(50);
  assert.equal(packets.length, 10);
  for (let i = 1; i < packets.length; i++) {
    assert.equal((packets[i]!.timestamp - packets[i - 1]!.timestamp) >>> 0, 160);
    assert.equal((packets[i]!.sequenceNumber - packets[i - 1]!.sequenceNumber) & 0xffff, 1);
    assert.equal(packets[i]!.ssrc, a.ssrc);
    assert.equal(packets[i]!.marker, false);
  }
  assert.equal(packets[0]!.marker, true);
  assert.equal(packets[0]!.payloadType, 0);
  // A second prompt later continues the clock: the timestamp jumps by the pause, with the marker bit.
  await delay(100);
  await a.play([testSignal(40)]).finished;
  await delay(50);
  const next = packets[10]!;
  const jump = (next.timestamp - packets[9]!.timestamp) >>> 0;
  assert.ok(jump >= 160 + 100 * 8 && jump < 160 + 400 * 8, `timestamp jump ${jump}`);
  assert.equal(next.marker, true);
  assert.equal((next.sequenceNumber - packets[9]!.sequenceNumber) & 0xffff, 1);
});

test('RFC 4733 round trip: digits sent as events arrive once each, in order', async () => {
  const [a, b] = await pair();
  const digits: DtmfDigit[] = [];
  b.on('dtmf', (d) => digits.push(d));
  await a.sendDigits('12#*9D');
  await delay(80);
  assert.deepEqual(
    digits.map((d) => d.digit).join(''),
    '12#*9D',
  );
  assert.ok(digits.every((d) => d.endedBy === 'end' && d.durationMs === 100));
  await assert.rejects(a.sendDigits('12x'), /Invalid DTMF digit/);
});

test('digits without negotiated telephone-event are refused', async () => {
  const [a] = await pair({ answerer: { telephoneEvent: false } });
  assert.equal(a.telephoneEvent, undefined);
  await assert.rejects(a.sendDigits('1'), /telephone-event was not negotiated/);
});

test('symmetric RTP: with a wrong SDP address, we answer to where the packets come from', async () => {
  const [a, b] = await pair();
  // b believes a is on a port where nobody listens (a NAT rewrote it).
  b.apply({ ...b.negotiated!, remote: { address: '127.0.0.1', port: 9 } });
  const latched: unknown[] = [];
  b.on('latched', (e) => latched.push(e));
  const heard: DtmfDigit[] = [];
  a.on('dtmf', (d) => heard.push(d));
  await a.play([testSignal(100)]).finished;
  await delay(30);
  assert.deepEqual(latched, [{ address: '127.0.0.1', port: a.localPort }]);
  assert.deepEqual(b.remote, { address: '127.0.0.1', port: a.localPort });
  await b.sendDigits('5');
  await delay(50);
  assert.deepEqual(
    heard.map((d) => d.digit),
    ['5'],
  );
});

test('after latching, packets from a stranger are dropped; garbage is dropped safely', async () => {
  const [a, b] = await pair();
  const got: RtpPacket[] = [];
  b.on('rtp', (p) => got.push(p));
  await a.play([testSignal(60)]).finished;
  await delay(30);
  const stranger = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => stranger.bind(0, '127.0.0.1', resolve));
  const send = (buf: Buffer) => new Promise<void>((resolve) => stranger.send(buf, b.localPort, '127.0.0.1', () => resolve()));
  await send(writeRtp({ marker: false, payloadType: 0, sequenceNumber: 1, timestamp: 1, ssrc: 666 }, Buffer.alloc(160, 0xff)));
  await send(Buffer.from('INVITE sip:x SIP/2.0\r\n\r\n'));
  await send(Buffer.alloc(5));
  await send(Buffer.from([0x80, 0x22, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xaa])); // payload type 34: not negotiated
  await delay(50);
  stranger.close();
  assert.equal(got.length, 3);
  assert.ok(got.every((p) => p.ssrc === a.ssrc));
  const dropped = b.stats().dropped;
  assert.equal(dropped.source, 1);
  assert.equal(dropped['payload-type'], 1);
  assert.equal((dropped.version ?? 0) + (dropped.short ?? 0), 2);
});

test('hold: a recvonly leg sends nothing; taking it off hold resumes the prompt', async () => {
  const [a, b] = await pair();
  const got: RtpPacket[] = [];
  b.on('rtp', (p) => got.push(p));
  negotiate(a, b, { offerer: { direction: 'recvonly' } }); // a asks to only receive
  assert.equal(a.direction, 'recvonly');
  assert.equal(b.direction, 'sendonly');
  const player = a.play([testSignal(200)]);
  await delay(100);
  assert.equal(got.length, 0);
  negotiate(a, b);
  await player.finished;
  await delay(30);
  assert.equal(got.length, 10);
});

test('RTCP: sender reports reach the peer, its receiver reports give a round-trip time, BYE on close', async () => {
  const [a, b] = await pair({ rtcpIntervalMs: 150 });
  const atB: RtcpPacket[] = [];
  b.on('rtcp', (ps) => atB.push(...ps));
  const byes: (string | undefined)[] = [];
  b.on('bye', (reason) => byes.push(reason));
  await a.play([testSignal(600)]).finished;
  await delay(400);
  const sr = atB.find((p) => p.type === 'sr');
  assert.ok(sr && sr.type === 'sr', 'b got a sender report');
  assert.equal(sr.ssrc, a.ssrc);
  assert.ok(sr.packetCount > 0 && sr.packetCount <= 30);
  assert.ok(Math.abs(sr.ntpMs - Date.now()) < 2000);
  assert.ok(atB.some((p) => p.type === 'sdes' && p.chunks[0]?.cname === a.cname));
  const rtt = a.stats().roundTripMs;
  assert.ok(rtt !== undefined && rtt >= 0 && rtt < 50, `round trip ${rtt} ms`);
  await a.close('samtalet avslutat');
  await delay(30);
  assert.deepEqual(byes, ['samtalet avslutat']);
});

test('once RTCP has latched, a BYE from anyone else is ignored', async () => {
  const [a, b] = await pair({ rtcpIntervalMs: 100 });
  const byes: unknown[] = [];
  b.on('bye', (r) => byes.push(r));
  const reports = new Promise((resolve) => b.once('rtcp', resolve));
  await a.play([testSignal(200)]).finished;
  await reports;
  const stranger = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => stranger.bind(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => stranger.send(buildBye([a.ssrc], 'fake'), b.localRtcpPort, '127.0.0.1', () => resolve()));
  await delay(50);
  stranger.close();
  assert.deepEqual(byes, []);
  assert.equal(b.stats().dropped.source, 1);
});

test('rtcp-mux: reports travel on the RTP port when both sides agree', async () => {
  const [a, b] = await pair({ rtcpIntervalMs: 100, offerer: { rtcpMux: true } });
  assert.equal(a.localRtcpPort, a.localPort);
  const atB: RtcpPacket[] = [];
  b.on('rtcp', (ps) => atB.push(...ps));
  await a.play([testSignal(300)]).finished;
  await delay(250);
  assert.ok(atB.some((p) => p.type === 'sr'));
  assert.equal(b.stats().packetsReceived, 15, 'RTCP is not taken for RTP');
});

test('bridge: PCMU leg to PCMA leg, re-stamped, transcoded, digits passed through', async () => {
  const [caller, legA] = await pair({ offerer: { codecs: ['PCMU'] } });
  const [legB, callee] = await pair({ offerer: { codecs: ['PCMA'] } });
  assert.equal(legA.codec?.name, 'PCMU');
  assert.equal(legB.codec?.name, 'PCMA');
  const relay = bridge(legA, legB);
  const atCallee: RtpPacket[] = [];
  callee.on('rtp', (p) => atCallee.push(p));
  const digits: string[] = [];
  callee.on('dtmf', (d) => digits.push(d.digit));
  const signal = testSignal(1500, 21);
  const { samples } = await recordWhilePlaying(caller, callee, signal, 'bridged');
  const { atZero } = xcorr(signal, samples);
  assert.ok(atZero > 0.99, `r through the bridge = ${atZero}`);
  assert.ok(atCallee.every((p) => p.ssrc === legB.ssrc && p.payloadType === 8), "the callee sees legB's own stream in PCMA");
  assert.equal(atCallee[0]!.marker, true);
  await caller.sendDigits('42#');
  await delay(80);
  assert.deepEqual(digits, ['4', '2', '#']);
  assert.equal(relay.counts.aToB, atCallee.length);
  // Sequence numbers on the far leg run on without gaps.
  for (let i = 1; i < atCallee.length; i++) assert.equal((atCallee[i]!.sequenceNumber - atCallee[i - 1]!.sequenceNumber) & 0xffff, 1);
  relay.stop();
  const before = atCallee.length;
  await caller.play([testSignal(100)]).finished;
  await delay(30);
  assert.equal(atCallee.length, before, 'a stopped bridge forwards nothing');
});

test('a prompt on a bridged leg wins over relayed audio, then the relay re-anchors', async () => {
  const [caller, legA] = await pair();
  const [legB, callee] = await pair();
  bridge(legA, legB);
  const atCallee: RtpPacket[] = [];
  callee.on('rtp', (p) => atCallee.push(p));
  const callerPlays = caller.play([testSignal(1000, 3)]);
  await delay(200);
  await legB.play([new Int16Array(1600).fill(1000)]).finished; // a 200 ms beep to the callee
  await callerPlays.finished;
  await delay(50);
  const ts = atCallee.map((p) => p.timestamp);
  for (let i = 1; i < ts.length; i++) assert.ok(((ts[i]! - ts[i - 1]!) | 0) > 0, `timestamps keep rising at ${i}`);
  const seq = atCallee.map((p) => p.sequenceNumber);
  assert.equal(new Set(seq).size, seq.length, 'no sequence number used twice');
  const markers = atCallee.filter((p) => p.marker).length;
  assert.ok(markers >= 3, `first packet, the beep, the relay again: ${markers} markers`);
});

test('idle silence keeps the stream alive when asked to', async () => {
  const [a, b] = await pair({ idleSilence: true });
  const got: RtpPacket[] = [];
  b.on('rtp', (p) => got.push(p));
  a.play([]); // nothing to play: silence
  await delay(210);
  assert.ok(got.length >= 5, `${got.length} silence packets`);
  assert.ok(got.every((p) => p.payload.every((x) => x === 0xff)));
  await a.close();
  const n = got.length;
  await delay(60);
  assert.equal(got.length, n, 'nothing after close');
});

test('playing a second prompt stops the first; the level of what arrives is the prompt', async () => {
  const [a, b] = await pair();
  const levels: number[] = [];
  b.on('rtp', (p) => levels.push(rms([...p.payload].map((x) => (x === 0xff ? 0 : 1)))));
  const first = a.play([testSignal(1000)]);
  await delay(100);
  const second = a.play([testSignal(100)]);
  assert.deepEqual((await first.finished).completed, false);
  assert.equal((await second.finished).completed, true);
  assert.ok(levels.length < 20);
});

test('sends the network refuses (addresses from a hostile SDP) neither throw nor end the process', async () => {
  const s = await session();
  for (const address of ['255.255.255.255', '::1', '10.255.255.1']) {
    s.apply({ remote: { address, port: 9 }, codec: { payloadType: 0, name: 'PCMU' }, direction: 'sendonly', rtcpMux: false });
    const result = await s.play([testSignal(40)]).finished;
    assert.deepEqual(result, { completed: true, framesSent: 2 }, address);
  }
  await delay(30);
  assert.equal(s.stats().packetsSent, 6);
});

test('parseRtp of what a session sends is valid RTP version 2', async () => {
  const raw = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => raw.bind(0, '127.0.0.1', resolve));
  const s = await session();
  s.apply({ remote: { address: '127.0.0.1', port: raw.address().port }, codec: { payloadType: 8, name: 'PCMA' }, direction: 'sendonly', rtcpMux: false });
  const got = new Promise<Buffer>((resolve) => raw.once('message', resolve));
  s.play([testSignal(20)]);
  const datagram = await got;
  raw.close();
  const parsed = parseRtp(datagram);
  assert.ok(parsed.ok);
  assert.equal(parsed.packet.payloadType, 8);
  assert.equal(parsed.packet.payload.length, 160);
  assert.equal(datagram[0], 0x80);
});
