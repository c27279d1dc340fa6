// Calls per second through our SIP stack: SIPp's uac scenario (INVITE, 100?, 200, ACK,
// BYE, 200) against the minimal UAS of test/sip/uas.ts, stepping the call rate up until a
// step has a failed call. Prints, per step: calls/s achieved, failed calls, the UAS's CPU
// (process.cpuUsage, in % of one core) and RSS. Target: >= 500 calls/s on one core.
//
//   node --import tsx bench/sip-calls.ts [--seconds 30] [--rates 100,200,...] [--short]
//        [--no-kamailio] [--kamailio-children 1]
//
// In the same run, the same load goes through Kamailio (a stateful record-routing relay,
// test/fixtures/kamailio/relay.cfg) to a SIPp uas, and the highest rates of both and their
// ratio are printed at the end.
// --short runs 5 s per step (a quick look; figures settle better over 30 s).
// The UAS runs in its own process, pinned to CPU 0 with taskset when there are two or
// more CPUs; SIPp runs pinned to CPU 1. Everything stays on 127.0.0.1.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, runSipp, type SippResult, sippAvailable, startSipp } from '../test/sip/sipp.js';
import { Kamailio, kamailioAvailable } from '../test/support/kamailio.js';
import { type UasUsage as Usage } from '../test/sip/uas.js';

/** What is measured of a system under test; heap and transactions only where they exist. */
type SutUsage = Pick<Usage, 'cpuMicros' | 'rss'> & Partial<Pick<Usage, 'heapUsed' | 'transactions'>>;

/**
 * A SIP server to measure: ours (a UAS on our transaction layer), then Kamailio as a
 * stateful record-routing relay in front of a SIPp uas, under the same SIPp uac load.
 */
interface SystemUnderTest {
  name: string;
  /** Starts it listening on 127.0.0.1:port (UDP), on CPU 0 when pinning is possible. */
  start(port: number): Promise<{ usage(): Promise<SutUsage>; stop(): Promise<void> }>;
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
// One UDP worker by default: with two, a 180 and the 200 after it can be relayed by
// different workers and overtake each other, which SIPp's uac counts as an unexpected
// message (seen at 800 calls/s). One worker on one core also matches our single thread.
const KAMAILIO_CHILDREN = Number(flag('kamailio-children') ?? 1);
/** Clock ticks per second for /proc/<pid>/stat (getconf CLK_TCK; 100 on Linux). */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

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

/**
 * Kamailio 5.6 (test/fixtures/kamailio/relay.cfg): tm, record_route() on INVITE, every
 * request relayed with t_relay() to a SIPp uas. Kamailio is pinned to CPU 0 like our UAS;
 * the SIPp uas shares CPU 1 with the SIPp uac when there are only two CPUs. Note that it
 * does different work from ours: it relays (two transactions per request, one each side)
 * rather than answering, so the ratio compares a proxy hop with our UAS, not like for like.
 */
const kamailio: SystemUnderTest = {
  name: `Kamailio 5.6 (stateful relay, record_route, UDP workers: ${KAMAILIO_CHILDREN}) in front of a SIPp uas`,
  async start(port) {
    const uasPort = await freePort();
    const uas = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(uasPort), '-buff_size', String(4 * 1024 * 1024), '-max_recv_loops', '5000'], 24 * 3600_000, pin(cpus >= 3 ? 2 : 1));
    const dir = await mkdtemp(join(tmpdir(), 'ov-bench-kamailio-'));
    let k: Kamailio;
    try {
      k = await Kamailio.start({
        dir, config: 'relay.cfg', sharedMb: 512, ...(pin(0).length ? { cpus: '0' } : {}),
        vars: { EDGE_PORT: port, UPSTREAM_HOST: '127.0.0.1', UPSTREAM_PORT: uasPort, CHILDREN: KAMAILIO_CHILDREN },
      });
    } catch (error) {
      uas.kill();
      await uas.done;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const usage = async (): Promise<SutUsage> => processTreeUsage((await k.pid()) ?? 0);
    const stop = async () => {
      await k.stop();
      uas.stop();
      const timer = setTimeout(() => uas.kill(), 5000);
      await uas.done;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    };
    return { usage, stop };
  },
};

/**
 * CPU (user + system) and memory of a process and its children from /proc: Kamailio forks
 * its workers from the main process. Memory is the sum of PSS, so the shared memory all
 * workers map is counted once.
 */
async function processTreeUsage(root: number): Promise<SutUsage> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(name) === root || Number(fields[1]) === root) pids.push(Number(name));
  }
  let ticks = 0;
  let pss = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5); here counted after the ')'.
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
  }
  return { cpuMicros: (ticks / CLOCK_TICKS) * 1e6, rss: pss };
}

const SYSTEMS: SystemUnderTest[] = args.includes('--no-kamailio') || !kamailioAvailable() ? [ours] : [ours, kamailio];

interface Step {
  rate: number;
  achieved: number;
  successful: number;
  failed: number;
  retransmissions: number;
  cpuPercent: number;
  rssMiB: number;
  heapMiB: number | undefined;
  /** Transactions alive at the end of the step (Timers J and L keep them 32 s on UDP). */
  transactions: number | undefined;
  killed: boolean;
  /** SIPp's nonzero Failed* columns, e.g. "FailedMaxUDPRetrans=1": why calls failed. */
  why: string;
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
    heapMiB: after.heapUsed === undefined ? undefined : after.heapUsed / 1024 / 1024,
    transactions: after.transactions,
    killed: sipp.killed,
    why: Object.entries(sipp.stats?.columns ?? {})
      .filter(([k, v]) => k.startsWith('Failed') && k !== 'FailedCall' && Number(v) > 0)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
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
  const highest = new Map<SystemUnderTest, Step>();
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
          `  ${String(s.rate).padStart(4)}  ${s.achieved.toFixed(1).padStart(9)}  ${String(s.successful).padStart(10)}  ${String(s.failed).padStart(6)}  ${String(s.retransmissions).padStart(12)}  ${s.cpuPercent.toFixed(0).padStart(6)} %  ${s.rssMiB.toFixed(0).padStart(4)} MiB  ${s.heapMiB === undefined ? '   -    ' : `${s.heapMiB.toFixed(0).padStart(4)} MiB`}  ${String(s.transactions ?? '-').padStart(17)}${s.killed ? '  (SIPp killed: timeout)' : ''}${s.why ? `  ${s.why}` : ''}`,
        );
        if (s.failed > 0) break;
        best = s;
      }
    } finally {
      await sut.stop();
    }
    if (best) {
      highest.set(system, best);
      console.log(`  highest rate with 0 failed calls: ${best.rate} calls/s (achieved ${best.achieved.toFixed(1)}/s), UAS CPU ${best.cpuPercent.toFixed(0)} % of one core, RSS ${best.rssMiB.toFixed(0)} MiB`);
    } else {
      console.log('  no step completed without failures');
    }
  }
  compare(highest.get(ours), highest.get(kamailio));
}

/** The comparison, printed last and plainly (README figures are taken from here). */
function compare(our: Step | undefined, kam: Step | undefined): void {
  if (!SYSTEMS.includes(kamailio)) {
    console.log('\nKamailio comparison skipped (kamailio not installed, or --no-kamailio)');
    return;
  }
  const fmt = (s: Step | undefined) => (s ? `${s.rate} calls/s (achieved ${s.achieved.toFixed(1)}/s, CPU ${s.cpuPercent.toFixed(0)} % of one core)` : 'no step without failures');
  console.log('\nComparison (highest step rate with 0 failed calls, same SIPp uac load, each system on CPU 0):');
  console.log(`  Öppen Växel UAS:           ${fmt(our)}`);
  console.log(`  Kamailio relay + SIPp uas: ${fmt(kam)}`);
  if (our && kam) {
    console.log(`  ratio Öppen Växel / Kamailio: ${(our.rate / kam.rate).toFixed(2)} (by achieved rate: ${(our.achieved / kam.achieved).toFixed(2)})`);
    console.log(`  CPU per 100 calls/s: Öppen Växel ${((our.cpuPercent / our.achieved) * 100).toFixed(1)} %, Kamailio ${((kam.cpuPercent / kam.achieved) * 100).toFixed(1)} % of one core`);
  }
  console.log('  (rates are capped by the highest step tried, --rates; a capped system shows the cap, not its limit.');
  if (cpus < 3) console.log('   With 2 CPUs the SIPp uac and the SIPp uas share CPU 1: the Kamailio run may be limited by SIPp, see its CPU.)');
  else console.log('   The SIPp uas runs on CPU 2.)');
}

await main();
