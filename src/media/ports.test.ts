import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { DomainError } from '../core/errors.js';
import { PortPool } from './ports.js';
import { testPortPool } from './testing.js';

test('RTP on even ports, RTCP on the next odd one; round robin; released ports come back', async () => {
  const base = testPortPool(20);
  const pool = new PortPool({ min: base.min + 1, max: base.min + 6 }); // odd min is rounded up
  assert.equal(pool.min % 2, 0);
  assert.equal(pool.capacity, 2);
  const a = await pool.bind('127.0.0.1');
  const b = await pool.bind('127.0.0.1');
  assert.equal(a.port % 2, 0);
  assert.equal(b.port, a.port + 2);
  assert.equal(a.rtcp.address().port, a.port + 1);
  assert.equal(pool.used, 2);
  await assert.rejects(pool.bind('127.0.0.1'), (e: unknown) => e instanceof DomainError && e.problems[0]!.code === 'media.ports.exhausted');
  for (const s of [a.rtp, a.rtcp]) s.close();
  pool.release(a.port);
  const c = await pool.bind('127.0.0.1');
  assert.equal(c.port, a.port);
  for (const s of [b.rtp, b.rtcp, c.rtp, c.rtcp]) s.close();
});

test('a port another program holds is skipped, as is one whose RTCP neighbour is taken', async () => {
  const base = testPortPool(20);
  const pool = new PortPool({ min: base.min, max: base.min + 5 });
  const squatter = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => squatter.bind(pool.min + 1, '127.0.0.1', resolve)); // the first pair's RTCP port
  const got = await pool.bind('127.0.0.1');
  assert.equal(got.port, pool.min + 2);
  assert.equal(pool.used, 1, 'the refused port is not kept');
  for (const s of [got.rtp, got.rtcp, squatter]) s.close();
  assert.throws(() => new PortPool({ min: 5000, max: 5000 }), RangeError);
});
