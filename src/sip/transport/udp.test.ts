import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { parseMessage, type SipMessage } from '../message/index.js';
import { type Inbound, TransportError } from './types.js';
import { UdpTransport } from './udp.js';

/** A peer socket that collects what it receives. */
async function peer(): Promise<{ socket: Socket; port: number; next: (ms?: number) => Promise<Buffer | undefined>; send: (data: string | Buffer, port: number) => void }> {
  const socket = createSocket('udp4');
  const queue: Buffer[] = [];
  const waiters: ((b: Buffer) => void)[] = [];
  socket.on('message', (b) => {
    const w = waiters.shift();
    if (w) w(b);
    else queue.push(b);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const next = (ms = 1000) =>
    new Promise<Buffer | undefined>((resolve) => {
      const b = queue.shift();
      if (b) return resolve(b);
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        resolve(undefined);
      }, ms);
      const w = (x: Buffer) => {
        clearTimeout(timer);
        resolve(x);
      };
      waiters.push(w);
    });
  const send = (data: string | Buffer, port: number) => socket.send(data, port, '127.0.0.1');
  return { socket, port: socket.address().port, next, send };
}

function options(viaPort: number, extra = ''): string {
  return [
    'OPTIONS sip:vaxel@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/UDP 127.0.0.1:${viaPort};rport;branch=z9hG4bKudp1`,
    'From: <sip:anna@127.0.0.1>;tag=a1',
    'To: <sip:vaxel@127.0.0.1>',
    'Call-ID: udp-1',
    'CSeq: 1 OPTIONS',
    extra,
    '',
  ]
    .filter((l, i, a) => l !== '' || i === a.length - 1)
    .join('\r\n')
    .concat('\r\n');
}

function parse(b: Buffer | undefined): SipMessage {
  assert.ok(b, 'nothing received');
  const r = parseMessage(b);
  assert.ok(r.ok, r.ok ? '' : r.problems[0]?.en);
  return r.value;
}

describe('UDP transport (live socket on 127.0.0.1)', () => {
  let t: UdpTransport;
  const inbound: Inbound[] = [];
  const errors: unknown[] = [];
  let throwNext = false;

  before(async () => {
    t = await UdpTransport.listen({ port: 0, onError: (e) => errors.push(e) });
    t.onMessage((m) => {
      if (throwNext) {
        throwNext = false;
        throw new Error('handler bug');
      }
      inbound.push(m);
    });
  });
  after(() => t.close());

  const arrived = async (count: number): Promise<Inbound> => {
    for (let i = 0; i < 100 && inbound.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    const m = inbound[count - 1];
    assert.ok(m, 'no message delivered');
    return m;
  };

  test('a request arrives with its source, and RFC 3581 fills rport and received', async () => {
    const p = await peer();
    p.send(options(p.port), t.local.port);
    const m = await arrived(1);
    assert.equal(m.source.transport, 'UDP');
    assert.equal(m.source.address, '127.0.0.1');
    assert.equal(m.source.port, p.port);
    assert.equal(m.message.headers.get('Via'), `SIP/2.0/UDP 127.0.0.1:${p.port};rport=${p.port};branch=z9hG4bKudp1;received=127.0.0.1`);
    assert.equal(t.advertised.host, '127.0.0.1');
    assert.equal(t.advertised.port, t.local.port);
    p.socket.close();
  });

  test('send() reaches the peer from the listening socket (RFC 3581: same address and port)', async () => {
    const p = await peer();
    const got = new Promise<number>((resolve) => p.socket.once('message', (_b, rinfo) => resolve(rinfo.port)));
    await t.send({ transport: 'UDP', address: '127.0.0.1', port: p.port }, Buffer.from('SIP/2.0 200 OK\r\n\r\n'));
    assert.equal(await got, t.local.port);
    p.socket.close();
  });

  test('garbage is dropped and counted; a broken request gets 400 with a clear reason', async () => {
    const p = await peer();
    const before = { ...t.metrics };
    p.send(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x0d, 0x0a, 0x0d, 0x0a]), t.local.port);
    p.send(options(p.port, 'Content-Length: 99'), t.local.port);
    const res = parse(await p.next());
    assert.equal(res.kind === 'response' && res.status, 400);
    assert.equal(res.kind === 'response' && res.reason, 'Bad Request (Body shorter than Content-Length)');
    assert.equal(t.metrics.malformedDropped, before.malformedDropped + 1);
    assert.equal(t.metrics.malformedAnswered, before.malformedAnswered + 1);
    p.socket.close();
  });

  test('a handler that throws is reported; the transport keeps serving', async () => {
    const p = await peer();
    const n = inbound.length;
    throwNext = true;
    p.send(options(p.port), t.local.port);
    p.send(options(p.port), t.local.port);
    await arrived(n + 1);
    assert.equal(errors.length, 1);
    p.socket.close();
  });

  test('a datagram above 65,507 bytes cannot be sent: TransportError, counted', async () => {
    const before = t.metrics.sendErrors;
    await assert.rejects(t.send({ transport: 'UDP', address: '127.0.0.1', port: 9 }, Buffer.alloc(70_000, 0x41)), TransportError);
    assert.equal(t.metrics.sendErrors, before + 1);
  });

  test('after close() sends are refused', async () => {
    const u = await UdpTransport.listen({ port: 0 });
    await u.close();
    await assert.rejects(u.send({ transport: 'UDP', address: '127.0.0.1', port: 9 }, Buffer.from('x')), TransportError);
  });
});
