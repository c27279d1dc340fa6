// One leader per job among app servers sharing PostgreSQL: exactly one leads; when it stops,
// or its connection is killed, another takes over and the old one has stopped the job.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Leadership } from './leadership.js';
import { freshTarget, type TestTarget } from './testing.js';

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('leadership through a PostgreSQL advisory lock', () => {
  let target: TestTarget;
  const running = new Set<string>();
  const log: string[] = [];
  const servers: Leadership[] = [];

  async function server(name: string, job = 'trunk-registrations'): Promise<Leadership> {
    const l = await Leadership.start({
      databaseUrl: target.options.databaseUrl!, job, retryMs: 100, heartbeatMs: 100,
      lead: async () => {
        assert.ok(![...running].some((r) => r.endsWith(`:${job}`)), `${name} leads ${job} while ${[...running].join(', ')} runs it`);
        running.add(`${name}:${job}`);
        log.push(`${name} leads`);
      },
      yield: async () => {
        running.delete(`${name}:${job}`);
        log.push(`${name} yields`);
      },
    });
    servers.push(l);
    return l;
  }

  before(async () => {
    target = await freshTarget('postgres');
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await target.dispose();
  });

  test('of three servers exactly one leads; another job has its own leader', async () => {
    const [a, b, c] = [await server('a'), await server('b'), await server('c')];
    assert.deepEqual([a.isLeader, b.isLeader, c.isLeader], [true, false, false]);
    const other = await server('b', 'mail-digest');
    assert.equal(other.isLeader, true, 'another job, another lock');
    await new Promise((r) => setTimeout(r, 300)); // b and c keep asking, in vain
    assert.deepEqual([...running].sort(), ['a:trunk-registrations', 'b:mail-digest']);
  });

  test('the leader stops: another takes over, after the old one stopped the job', async () => {
    await servers[0]!.stop();
    await until(() => servers[1]!.isLeader || servers[2]!.isLeader, 'a new leader');
    assert.ok(log.indexOf('a yields') < log.findIndex((l, i) => i > log.indexOf('a yields') && l.endsWith('leads')));
    assert.equal([...running].filter((r) => r.endsWith(':trunk-registrations')).length, 1);
  });

  test('the leader\'s connection is killed: it stops the job, and another server takes over', async () => {
    const leader = servers[1]!.isLeader ? servers[1]! : servers[2]!;
    const name = leader === servers[1] ? 'b' : 'c';
    const admin = new pg.Client({ connectionString: target.options.databaseUrl! });
    await admin.connect();
    try {
      // The lock's holder is the leader's connection: end it as a network failure would.
      const killed = await admin.query("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and classid = $1::int::oid and objsubid = 2 and database = (select oid from pg_database where datname = current_database()) and pid <> pg_backend_pid()", [0x4f56_4c44]);
      assert.ok(killed.rowCount! >= 1, 'the lock holder found');
    } finally {
      await admin.end();
    }
    await until(() => log.includes(`${name} yields`), `${name} to stop the job`);
    await until(() => (leader === servers[1] ? servers[2]! : servers[1]!).isLeader || leader.isLeader, 'a leader again');
    assert.equal([...running].filter((r) => r.endsWith(':trunk-registrations')).length, 1);
  });
});
