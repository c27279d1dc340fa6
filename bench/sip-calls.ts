// Calls per second through our SIP stack: SIPp's uac scenario (INVITE, 100?, 200, ACK,
// BYE, 200) against the minimal UAS of test/sip/uas.ts, stepping the call rate up until a
// step has a failed call. Prints, per step: calls/s achieved, failed calls, the UAS's CPU
// (process.cpuUsage, in % of one core) and RSS. Target: >= 500 calls/s on one core.
//
//   node --import tsx bench/sip-calls.ts [--seconds 30] [--rates 100,200,...] [--short]
//
// --short runs 5 s per step (a quick look; figures settle better over 30 s).
// The UAS runs in its own process, pinned to CPU 0 with taskset when there are two or
// more CPUs; SIPp runs pinned to CPU 1. Everything stays on 127.0.0.1.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { freePort, runSipp, type SippResult, sippAvailable } from '../test/sip/sipp.js';
import { type UasUsage as Usage } from '../test/sip/uas.js';

/**
 * A SIP server to measure. Ours is the only one today; the Kamailio comparison (same SIPp
 * load against Kamailio answering with sl_send_reply, to show the cost of Node.js) is meant
 * to be added as a second SystemUnderTest in SYSTEMS below.
 */
interface SystemUnderTest {
  name: string;
  /** Starts it listening on 127.0.0.1:port (UDP), on CPU 0 when pinning is possible. */
  start(port: number): Promise<{ usage(): Promise<Usage>; stop(): Promise<void> }>;
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const seconds = args.includes('--short') ? 5 : Number(flag('seconds') ?? 30);
const rates = (flag('rates') ?? '100,200,300,400,500,600,700,800,1000,1200,1500,2000').split(',').map(Number);
const cpus = availableParallelism();
const haveTaskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).error === undefined;
const pin = (cpu: number): string[] => (haveTaskset && cpus >= 2 ? ['taskset', '-c', String(cpu)] : []);

const ours: SystemUnderTest = {
  name: 'Öppen Växel UAS (Node.js, our transaction layer)',
  async start(port) {
    const script = fileURLToPath(new URL('./sip-uas-server.ts', import.meta.url));
    const [cmd, ...rest] = [...pin(0), process.execPath, '--import', 'tsx', script, String(port)];
    const child: ChildProcess = spawn(cmd as string, rest, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`UAS exited with ${code}`)));
      child.on('message', (m: { ready?: boolean }) => {
        if (m.ready) resolve();
      });
    });
    const usage = () =>
      new Promise<Usage>((resolve) => {
        const on = (m: { usage?: Usage }) => {
          if (!m.usage) return;
          child.off('message', on);
          resolve(m.usage);
        };
        child.on('message', on);
        child.send({ cmd: 'usage' });
      });
    const stop = async () => {
      child.send({ cmd: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    };
    return { usage, stop };
  },
};

// Add the Kamailio comparison here: { name: 'Kamailio 5.6 (sl_send_reply)', start() {...} }.
const SYSTEMS: SystemUnderTest[] = [ours];

interface Step {
  rate: number;
  achieved: number;
  successful: number;
  failed: number;
  retransmissions: number;
  cpuPercent: number;
  rssMiB: number;
  heapMiB: number;
  /** Transactions alive at the end of the step (Timers J and L keep them 32 s on UDP). */
  transactions: number;
  killed: boolean;
}

async function step(sut: Awaited<ReturnType<SystemUnderTest['start']>>, port: number, rate: number): Promise<Step> {
  const calls = rate * seconds;
  const before = await sut.usage();
  const t0 = performance.now();
  const sipp = await runSippPinned(
    ['-sn', 'uac', `127.0.0.1:${port}`, '-i', '127.0.0.1', '-p', String(await freePort()), '-m', String(calls), '-r', String(rate)],
    ['-l', String(rate * 10), '-buff_size', String(4 * 1024 * 1024), '-max_recv_loops', '5000', '-max_sched_loops', '5000'],
    seconds * 1000 + 60_000,
  );
  const wallMs = performance.now() - t0;
  const after = await sut.usage();
  const successful = sipp.stats?.successful ?? 0;
  return {
    rate,
    achieved: Number(sipp.stats?.columns['CallRate'] ?? 0) || successful / (wallMs / 1000),
    successful,
    failed: sipp.killed ? calls - successful : (sipp.stats?.failed ?? calls),
    retransmissions: sipp.stats?.retransmissions ?? 0,
    cpuPercent: ((after.cpuMicros - before.cpuMicros) / 1000 / wallMs) * 100,
    rssMiB: after.rss / 1024 / 1024,
    heapMiB: after.heapUsed / 1024 / 1024,
    transactions: after.transactions,
    killed: sipp.killed,
  };
}

/** SIPp on CPU 1 (the UAS has CPU 0). */
function runSippPinned(scenario: string[], tuning: string[], timeoutMs: number): Promise<SippResult> {
  return runSipp([...scenario, ...tuning], timeoutMs, pin(1));
}

async function main(): Promise<void> {
  if (!sippAvailable()) {
    console.error('sipp is not installed: apt-get install sip-tester (scripts/install-test-deps.sh)');
    process.exit(2);
  }
  console.log(`SIP calls bench: ${seconds} s per step, rates ${rates.join(', ')} calls/s; ${cpus} CPUs${pin(0).length ? ', UAS on CPU 0, SIPp on CPU 1' : ' (not pinned)'}`);
  for (const system of SYSTEMS) {
    console.log(`\n${system.name}`);
    console.log('  rate   achieved  successful  failed  SIPp retrans  UAS CPU  UAS RSS  UAS heap  live transactions');
    const port = await freePort();
    const sut = await system.start(port);
    let best: Step | undefined;
    try {
      for (const rate of rates) {
        const s = await step(sut, port, rate);
        console.log(
          `  ${String(s.rate).padStart(4)}  ${s.achieved.toFixed(1).padStart(9)}  ${String(s.successful).padStart(10)}  ${String(s.failed).padStart(6)}  ${String(s.retransmissions).padStart(12)}  ${s.cpuPercent.toFixed(0).padStart(6)} %  ${s.rssMiB.toFixed(0).padStart(4)} MiB  ${s.heapMiB.toFixed(0).padStart(4)} MiB  ${String(s.transactions).padStart(17)}${s.killed ? '  (SIPp killed: timeout)' : ''}`,
        );
        if (s.failed > 0) break;
        best = s;
      }
    } finally {
      await sut.stop();
    }
    if (best) {
      console.log(`  highest rate with 0 failed calls: ${best.rate} calls/s (achieved ${best.achieved.toFixed(1)}/s), UAS CPU ${best.cpuPercent.toFixed(0)} % of one core, RSS ${best.rssMiB.toFixed(0)} MiB`);
    } else {
      console.log('  no step completed without failures');
    }
  }
}

await main();
