// A real DNS server for tests: dnsmasq (Debian package dnsmasq-base) on 127.0.0.1 at a port
// of its own, answering only the records a test gives it (no upstream, no /etc/hosts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Resolver } from 'node:dns/promises';
import { resolverDns, type Dns } from '../../src/trunk/resolve.js';
import { freePort } from '../sip/sipp.js';

const DNSMASQ = ['/usr/sbin/dnsmasq', '/usr/bin/dnsmasq'].find((p) => existsSync(p));

export function dnsmasqAvailable(): boolean {
  return DNSMASQ !== undefined && spawnSync(DNSMASQ, ['--version']).status === 0;
}

export interface TestDnsRecords {
  /** [name, target, port, priority, weight] */
  srv?: [string, string, number, number, number][];
  /** [name, address] */
  hosts?: [string, string][];
}

export interface TestDns {
  port: number;
  /** Our resolver pointed at it. */
  dns: Dns;
  stop(): Promise<void>;
}

export async function startDns(records: TestDnsRecords): Promise<TestDns> {
  if (!DNSMASQ) throw new Error('dnsmasq is not installed (apt-get install dnsmasq-base)');
  const port = await freePort();
  const args = [
    '--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--no-poll', '--pid-file=',
    '--bind-interfaces', '--listen-address=127.0.0.1', '--interface=lo', `--port=${port}`, `--user=${userInfo().username}`, '--log-facility=-',
    ...(records.srv ?? []).map(([name, target, p, priority, weight]) => `--srv-host=${name},${target},${p},${priority},${weight}`),
    ...[...(records.hosts ?? []), ['ready.test', '127.0.0.1']].map(([name, address]) => `--host-record=${name},${address}`),
  ];
  const child: ChildProcess = spawn(DNSMASQ, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // Both lookups ask this server (the system's getaddrinfo would not).
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const dns = resolverDns(resolver, async (host) => {
    const [v4, v6] = await Promise.all([resolver.resolve4(host).catch(() => []), resolver.resolve6(host).catch(() => [])]);
    return [...v4, ...v6];
  });
  // Ready when it answers (bounded).
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dnsmasq exited: ${stderr}`);
    if ((await dns.addresses('ready.test')).length > 0) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`dnsmasq did not answer: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    dns,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
