// Malformed input on live sockets: garbage, the RFC 4475 torture messages a transport must
// reject, the largest datagram there is, and a 100 KiB message over TCP. The server answers
// what it can answer (400, 505, 513, straight back to the packet's source), drops the rest,
// and keeps serving the next valid OPTIONS.
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parseMessage, type SipResponse } from '../../src/sip/message/index.js';
import { malformedReply } from '../../src/sip/transport/index.js';
import { MinimalUas } from './uas.js';

const FIXTURES = new URL('../fixtures/rfc4475/', import.meta.url);

interface Fixture {
  file: string;
  section: string;
  category: string;
}

function options(port: number, callId: string, transport = 'UDP'): string {
  return [
    'OPTIONS sip:vaxel@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/${transport} 127.0.0.1:${port};rport;branch=z9hG4bK${callId}`,
    'Max-Forwards: 70',
    'From: <sip:test@127.0.0.1>;tag=t1',
    'To: <sip:vaxel@127.0.0.1>',
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** A seeded xorshift, so that the garbage is the same on every run. */
function garbage(seed: number, length: number): Buffer {
  let x = seed;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

class Peer {
  readonly socket: Socket = createSocket('udp4');
  private readonly inbox: Buffer[] = [];
  async open(): Promise<this> {
    this.socket.on('message', (b) => this.inbox.push(b));
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return this;
  }
  get port(): number {
    return this.socket.address().port;
  }
  send(data: Buffer | string, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }
  /** What arrived within `ms`, parsed as responses. */
  async collect(ms: number): Promise<SipResponse[]> {
    await new Promise((r) => setTimeout(r, ms));
    const out: SipResponse[] = [];
    for (const b of this.inbox.splice(0)) {
      const r = parseMessage(b);
      assert.ok(r.ok && r.value.kind === 'response', 'the server only ever sends well-formed responses');
      out.push(r.value);
    }
    return out;
  }
}

describe('malformed input on a live server', () => {
  let uas: MinimalUas;
  let peer: Peer;
  before(async () => {
    uas = await MinimalUas.start();
    peer = await new Peer().open();
  });
  after(async () => {
    peer.socket.close();
    await uas.close();
  });

  test('garbage datagrams are dropped and counted; the next OPTIONS gets 200', async () => {
    const udp = () => uas.endpoint.metrics().transports.UDP;
    const dropped = udp()?.malformedDropped ?? 0;
    for (let i = 1; i <= 20; i++) await peer.send(garbage(i, 50 + i * 37), uas.port());
    await peer.send('\r\n\r\n', uas.port()); // a keep-alive: ignored, not counted
    assert.deepEqual(await peer.collect(100), []);
    assert.equal((udp()?.malformedDropped ?? 0) - dropped, 20);
    await peer.send(options(peer.port, 'after-garbage'), uas.port());
    const [ok] = await peer.collect(100);
    assert.equal(ok?.status, 200);
    assert.equal(ok?.callId, 'after-garbage');
  });

  test('RFC 4475: every torture message a transport must reject is answered as the parser says, or dropped', async () => {
    const index = JSON.parse(readFileSync(new URL('index.json', FIXTURES), 'utf8')) as { messages: Fixture[] };
    const invalid = index.messages.filter((m) => m.category === 'invalid');
    assert.ok(invalid.length >= 15);
    let answered = 0;
    for (const m of invalid) {
      const bytes = readFileSync(new URL(m.file, FIXTURES));
      const parsed = parseMessage(bytes);
      assert.ok(!parsed.ok, `${m.file} is expected not to parse`);
      const expected = malformedReply(parsed);
      await peer.send(bytes, uas.port());
      const got = await peer.collect(50);
      if (!expected) {
        assert.deepEqual(got, [], `${m.file} (${m.section}) must be dropped`);
        continue;
      }
      answered++;
      assert.equal(got.length, 1, `${m.file} (${m.section}) gets one answer`);
      assert.equal(got[0]?.status, parsed.status);
      assert.match(got[0]?.reason ?? '', /^(Bad Request|Version Not Supported|Message Too Large) \(.+\)$/, `${m.file}: a reason phrase that says why`);
    }
    assert.ok(answered >= 8, `most torture messages are answerable (${answered})`);
    await peer.send(options(peer.port, 'after-torture'), uas.port());
    assert.equal((await peer.collect(100))[0]?.status, 200);
  });

  test('a 100 KiB datagram cannot exist (the kernel refuses it); the largest one (65,507 bytes) gets 400 and the server serves on', async () => {
    await assert.rejects(peer.send(Buffer.alloc(100 * 1024, 0x41), uas.port()), /EMSGSIZE/);
    const head = options(peer.port, 'huge').replace('Content-Length: 0\r\n', '');
    const filler = 'X-Filler: ';
    const top = head.slice(0, -2); // the header lines, without the empty line
    const largest = top + filler + 'y'.repeat(65_507 - top.length - filler.length - 4) + '\r\n\r\n';
    assert.equal(Buffer.byteLength(largest), 65_507);
    await peer.send(largest, uas.port());
    const [bad] = await peer.collect(200);
    assert.equal(bad?.status, 400);
    assert.equal(bad?.reason, 'Bad Request (Line too long)');
    assert.equal(bad?.callId, 'huge');
    await peer.send(options(peer.port, 'after-huge'), uas.port());
    assert.equal((await peer.collect(100))[0]?.status, 200);
  });

  test('a 100 KiB message over TCP gets 513 and its connection is closed; the next connection is served', async () => {
    const port = uas.port('TCP');
    const body = 'z'.repeat(100 * 1024);
    const big = options(5999, 'big', 'TCP').replace('Content-Length: 0', `Content-Type: text/plain\r\nContent-Length: ${body.length}`) + body;
    const reply = await new Promise<string>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' });
      let text = '';
      s.on('data', (b) => (text += b.toString()));
      s.on('error', () => undefined);
      s.on('close', () => resolve(text));
      s.write(big);
    });
    assert.match(reply, /^SIP\/2\.0 513 Message Too Large/);
    const ok = await new Promise<string>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' });
      let text = '';
      s.on('data', (b) => {
        text += b.toString();
        if (text.includes('\r\n\r\n')) s.destroy();
      });
      s.on('close', () => resolve(text));
      s.write(options(5999, 'tcp-after-big', 'TCP'));
    });
    assert.match(ok, /^SIP\/2\.0 200 OK/);
  });
});
