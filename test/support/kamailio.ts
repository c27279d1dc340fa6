// Running Kamailio (Debian package kamailio) as an edge proxy in tests and benchmarks: a
// config from test/fixtures/kamailio with its placeholders filled in, a pid file at an
// absolute path (a relative -P fails silently), every wait bounded, the process killed.
// Facts this relies on: /work/shared/notes/sip-test-peers.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function kamailioAvailable(): boolean {
  return spawnSync('kamailio', ['-v'], { stdio: 'ignore' }).error === undefined;
}

export const KAMAILIO_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/kamailio');

export interface KamailioOptions {
  /** A folder of its own for the config, pid file and run dir. */
  dir: string;
  /** Config template in test/fixtures/kamailio, e.g. 'edge.cfg'. */
  config: string;
  /** Values for the template's @NAME@ placeholders. */
  vars: Record<string, string | number>;
  /** Shared memory in MB (-m) and worker processes (kept small for tests). */
  sharedMb?: number;
  /** Pin to CPUs with taskset (benchmarks), e.g. '1'. */
  cpus?: string;
}

export class Kamailio {
  readonly output: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    readonly pidFile: string,
  ) {}

  static async start(opts: KamailioOptions): Promise<Kamailio> {
    const dir = resolve(opts.dir);
    const run = join(dir, 'run');
    await mkdir(run, { recursive: true });
    let cfg = await readFile(join(KAMAILIO_FIXTURES, opts.config), 'utf8');
    for (const [name, value] of Object.entries(opts.vars)) cfg = cfg.replaceAll(`@${name}@`, String(value));
    const left = /@[A-Z_]+@/.exec(cfg);
    if (left) throw new Error(`kamailio config ${opts.config}: no value for ${left[0]}`);
    const cfgFile = join(dir, 'kamailio.cfg');
    await writeFile(cfgFile, cfg);
    const pidFile = join(dir, 'kamailio.pid');
    const args = ['-f', cfgFile, '-DD', '-E', '-m', String(opts.sharedMb ?? 32), '-M', '4', '-P', pidFile, '-Y', run];
    const [cmd, argv] = opts.cpus ? ['taskset', ['-c', opts.cpus, 'kamailio', ...args]] : ['kamailio', args];
    const proc = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const k = new Kamailio(proc, pidFile);
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) k.output.push(line);
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    // Ready once the pid file is written; bounded.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`kamailio exited (${proc.exitCode}): ${k.output.slice(-10).join('\n')}`);
      if (await k.pid()) return k;
      await new Promise((r) => setTimeout(r, 50));
    }
    await k.stop();
    throw new Error(`kamailio did not start: ${k.output.slice(-10).join('\n')}`);
  }

  /** The main process id from the pid file, once written. */
  async pid(): Promise<number | undefined> {
    try {
      const n = Number((await readFile(this.pidFile, 'utf8')).trim());
      return Number.isInteger(n) && n > 0 ? n : undefined;
    } catch {
      return undefined;
    }
  }

  /** SIGTERM to the pid in the pid file (Kamailio then stops its children), SIGKILL after 3 s. */
  async stop(): Promise<void> {
    const pid = (await this.pid()) ?? this.proc.pid;
    if (this.proc.exitCode !== null || pid === undefined) return;
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }, 3000);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    clearTimeout(timer);
  }
}
