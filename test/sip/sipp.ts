// Running SIPp (Debian package sip-tester) from tests and benches: free ports, a bounded
// run that is always killed, and the statistics file (-trace_stat) read back.
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True when the sipp binary is installed (scripts/install-test-deps.sh installs it). */
export function sippAvailable(): boolean {
  return spawnSync('sipp', ['-v'], { stdio: 'ignore' }).error === undefined;
}

/** A port that is free for both UDP and TCP on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
    const udp = createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (free) return port;
  }
  throw new Error('no free port found');
}

/** The cumulative figures of SIPp's statistics file that tests and benches look at. */
export interface SippStats {
  created: number;
  successful: number;
  failed: number;
  retransmissions: number;
  /** Messages SIPp did not expect at that point of the scenario. */
  unexpected: number;
  /** Every cumulative column by name, e.g. "FailedMaxUDPRetrans". */
  columns: Record<string, string>;
}

export interface SippResult {
  /** Exit code: 0 all calls succeeded, 1 some failed, 97/99 other endings; null when killed. */
  code: number | null;
  /** True when our timeout killed it. */
  killed: boolean;
  stats: SippStats | undefined;
  output: string;
  /** SIPp's error log (-trace_err), when it wrote one. */
  errors: string;
}

export interface SippRun {
  /** Resolves when SIPp has exited (or was killed). */
  done: Promise<SippResult>;
  /** Kills SIPp now (idempotent). */
  kill(): void;
  /** Asks SIPp to finish its calls and exit (SIGUSR1, like pressing q); `done` resolves then. */
  stop(): void;
}

/**
 * Starts `sipp` with `args` plus the statistics options, and kills it after `timeoutMs`
 * whatever happens. The working files live in a temporary folder that is removed afterwards.
 * `prefix` runs it through another command, e.g. ['taskset', '-c', '1'] (which execs sipp,
 * so killing the child kills SIPp).
 */
export function startSipp(args: string[], timeoutMs: number, prefix: string[] = []): SippRun {
  let kill: () => void = () => undefined;
  let stop: () => void = () => undefined;
  const done = (async (): Promise<SippResult> => {
    const dir = await mkdtemp(join(tmpdir(), 'sipp-'));
    const statFile = join(dir, 'stats.csv');
    const errFile = join(dir, 'errors.log');
    try {
      const [command, ...before] = [...prefix, 'sipp'];
      const child = spawn(command as string, [...before, ...args, '-nostdin', '-trace_stat', '-stf', statFile, '-fd', '1', '-trace_err', '-error_file', errFile], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-20_000)));
      child.stderr.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-20_000)));
      let killed = false;
      kill = () => {
        if (child.exitCode === null && child.signalCode === null) {
          killed = true;
          child.kill('SIGKILL');
        }
      };
      stop = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGUSR1');
      };
      const timer = setTimeout(kill, timeoutMs);
      const code = await new Promise<number | null>((resolve) => {
        child.once('error', () => resolve(null));
        child.once('exit', (c) => resolve(c));
      });
      clearTimeout(timer);
      const stats = parseStats(await readFile(statFile, 'utf8').catch(() => ''));
      const errors = await readFile(errFile, 'utf8').catch(() => '');
      return { code, killed, stats, output, errors };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return { done, kill: () => kill(), stop: () => stop() };
}

export function runSipp(args: string[], timeoutMs: number, prefix: string[] = []): Promise<SippResult> {
  return startSipp(args, timeoutMs, prefix).done;
}

/** Reads the last line of a -trace_stat file (";"-separated, a header line first). */
export function parseStats(csv: string): SippStats | undefined {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0]?.split(';');
  const last = lines[lines.length - 1]?.split(';');
  if (!header || !last || lines.length < 2) return undefined;
  const columns: Record<string, string> = {};
  header.forEach((name, i) => {
    const m = /^(.*)\(C\)$/.exec(name);
    if (m?.[1]) columns[m[1]] = last[i] ?? '';
  });
  const n = (k: string) => Number(columns[k] ?? 'NaN');
  return {
    created: n('OutgoingCall') + n('IncomingCall'),
    successful: n('SuccessfulCall'),
    failed: n('FailedCall'),
    retransmissions: n('Retransmissions'),
    unexpected: n('FailedUnexpectedMessage'),
    columns,
  };
}
