import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { parseMessage } from '../message/index.js';
import { TcpTransport, type TcpOptions } from './tcp.js';
import { type Inbound, TransportError } from './types.js';

function options(callId: string, extra: string[] = []): string {
  return (
    [
      'OPTIONS sip:vaxel@127.0.0.1 SIP/2.0',
      'Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKtcp1',
      'From: <sip:anna@127.0.0.1>;tag=a1',
      'To: <sip:vaxel@127.0.0.1>',
      `Call-ID: ${callId}`,
      'CSeq: 1 OPTIONS',
      ...extra,
      ...(extra.some((l) => l.startsWith('Content-Length')) ? [] : ['Content-Length: 0']),
    ].join('\r\n') + '\r\n\r\n'
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 2000): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > ms) throw new Error('timed out waiting');
    await sleep(10);
  }
}

async function withTransport(opts: TcpOptions, f: (t: TcpTransport, inbound: Inbound[]) => Promise<void>): Promise<void> {
  const t = await TcpTransport.listen({ port: 0, ...opts });
  const inbound: Inbound[] = [];
  t.onMessage((m) => inbound.push(m));
  try {
    await f(t, inbound);
  } finally {
    await t.close();
  }
}

/** A raw client connection that collects what comes back. */
async function client(port: number): Promise<{ socket: Socket; data: () => string; ended: () => boolean }> {
  const socket = connect({ port, host: '127.0.0.1' });
  let text = '';
  let ended = false;
  socket.on('data', (b) => (text += b.toString('latin1')));
  socket.on('close', () => (ended = true));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, data: () => text, ended: () => ended };
}

describe('TCP transport (live sockets on 127.0.0.1)', () => {
  test('18.3 messages framed by Content-Length across chunks; responses go back on the same connection (18.2.2)', async () => {
    await withTransport({}, async (t, inbound) => {
      const c = await client(t.local.port);
      const two = options('tcp-a') + options('tcp-b');
      c.socket.write(two.slice(0, 50));
      await sleep(20);
      c.socket.write(two.slice(50, 250));
      await sleep(20);
      c.socket.write(two.slice(250));
      await until(() => inbound.length === 2);
      assert.deepEqual(
        inbound.map((m) => m.message.callId),
        ['tcp-a', 'tcp-b'],
      );
      const src = inbound[0]?.source;
      assert.equal(src?.transport, 'TCP');
      assert.ok(src?.connectionId);
      assert.equal(inbound[0]?.message.via[0]?.received, undefined, '18.2.1: the sent-by address is the source address');
      await t.send({ transport: 'TCP', address: '127.0.0.1', port: 5999, connectionId: src?.connectionId }, Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'));
      await until(() => c.data().includes('200 OK'));
      assert.equal(t.connectionCount, 1, 'no new connection to the sent-by port');
      c.socket.destroy();
    });
  });

  test('connection reuse: sends to the same remote share one connection, in both directions', async () => {
    const received: string[] = [];
    const sockets: Socket[] = [];
    const peer: Server = createServer((s) => {
      sockets.push(s);
      s.on('data', (b) => received.push(b.toString()));
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    const port = (peer.address() as { port: number }).port;
    await withTransport({}, async (t, inbound) => {
      const target = { transport: 'TCP' as const, address: '127.0.0.1', port };
      await t.send(target, Buffer.from(options('out-1')));
      await t.send(target, Buffer.from(options('out-2')));
      await until(() => received.join('').includes('out-2'));
      assert.equal(sockets.length, 1);
      assert.equal(t.metrics.connectionsOpened, 1);
      // the peer answers on the same connection; it arrives with that connection's id
      sockets[0]?.write(options('back-1'));
      await until(() => inbound.length === 1);
      assert.equal(inbound[0]?.source.port, port);
    });
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => peer.close(resolve));
  });

  test('RFC 5626 3.5.1 a CRLFCRLF ping gets a CRLF pong', async () => {
    await withTransport({}, async (t) => {
      const c = await client(t.local.port);
      c.socket.write('\r\n\r\n');
      await until(() => c.data() === '\r\n');
      assert.equal(t.metrics.keepAlivesAnswered, 1);
      c.socket.destroy();
    });
  });

  test('a complete but invalid message gets 400 and the connection serves the next one', async () => {
    await withTransport({}, async (t, inbound) => {
      const c = await client(t.local.port);
      c.socket.write(options('bad', ['Max-Forwards: many']) + options('good'));
      await until(() => inbound.length === 1 && c.data().includes('400'));
      assert.match(c.data(), /^SIP\/2\.0 400 Bad Request \(Invalid header field value\)\r\n/);
      assert.equal(inbound[0]?.message.callId, 'good');
      assert.equal(c.ended(), false);
      c.socket.destroy();
    });
  });

  test('lost framing (negative Content-Length) gets 400, then the connection is closed', async () => {
    await withTransport({}, async (t) => {
      const c = await client(t.local.port);
      c.socket.write(options('x', ['Content-Length: -1']));
      await until(() => c.ended());
      assert.match(c.data(), /^SIP\/2\.0 400 /);
      assert.equal(t.metrics.connectionsAborted, 1);
    });
  });

  test('a 100 KiB message exceeds the buffer limit: 513, connection closed, listener still serves', async () => {
    await withTransport({}, async (t, inbound) => {
      const c = await client(t.local.port);
      const body = 'x'.repeat(100 * 1024);
      c.socket.write(options('big', ['Content-Type: text/plain', `Content-Length: ${body.length}`]) + body);
      await until(() => c.ended());
      const reply = parseMessage(Buffer.from(c.data(), 'latin1'));
      assert.ok(reply.ok && reply.value.kind === 'response');
      assert.equal(reply.value.status, 513);
      const d = await client(t.local.port);
      d.socket.write(options('after'));
      await until(() => inbound.length === 1);
      assert.equal(inbound[0]?.message.callId, 'after');
      d.socket.destroy();
    });
  });

  test('maxConnections: a connection beyond the limit is refused and counted', async () => {
    await withTransport({ maxConnections: 1 }, async (t) => {
      const a = await client(t.local.port);
      await until(() => t.connectionCount === 1);
      const b = await client(t.local.port);
      await until(() => b.ended());
      assert.equal(t.metrics.connectionsRejected, 1);
      assert.equal(a.ended(), false);
      await assert.rejects(t.send({ transport: 'TCP', address: '127.0.0.1', port: 9 }, Buffer.from('x')), /limit/);
      a.socket.destroy();
    });
  });

  test('idle timeout closes a silent connection', async () => {
    await withTransport({ idleTimeoutMs: 100 }, async (t) => {
      const c = await client(t.local.port);
      await until(() => c.ended(), 3000);
      assert.equal(t.metrics.connectionsIdleClosed, 1);
      assert.equal(t.connectionCount, 0);
    });
  });

  test('a peer that does not read is cut off at maxWriteBuffer', async () => {
    await withTransport({ maxWriteBuffer: 64 }, async (t, inbound) => {
      const c = await client(t.local.port);
      c.socket.write(options('w'));
      await until(() => inbound.length === 1);
      const target = { transport: 'TCP' as const, address: '127.0.0.1', port: 1, connectionId: inbound[0]?.source.connectionId };
      await assert.rejects(t.send(target, Buffer.alloc(100, 0x41)), TransportError);
      await until(() => c.ended());
      c.socket.destroy();
    });
  });

  test('connection refused: the send rejects with a TransportError', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    await withTransport({}, async (t) => {
      await assert.rejects(t.send({ transport: 'TCP', address: '127.0.0.1', port }, Buffer.from(options('r'))), TransportError);
      await until(() => t.connectionCount === 0);
    });
  });
});
