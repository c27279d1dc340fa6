// Running baresip (Debian package baresip-core) as a real phone in tests: a config folder
// per instance, driven over ctrl_tcp (netstring-framed JSON, one connection per instance),
// events collected, every wait bounded, the process always killed.
// Facts this relies on: /work/shared/notes/sip-test-peers.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { readWav } from '../../src/media/wav.js';

export function baresipAvailable(): boolean {
  return spawnSync('baresip', ['-h'], { stdio: 'ignore' }).error === undefined;
}

/** Two consecutive free ports (baresip binds SIP on p and TLS on p + 1), from a range the kernel does not hand out. */
export async function portPair(): Promise<number> {
  // Callers use base (SIP; baresip binds TLS on base+1), base+10000 (ctrl_tcp) and
  // base+20000..+20038 (RTP). With base in 2000-4998 all of them stay below the kernel's
  // ephemeral range (32768+, where other tests' sockets and connections get their ports) and
  // clear of testPortPool's 26000-32767, so parallel test files only meet by the random draw.
  for (let i = 0; i < 50; i++) {
    const base = 2000 + Math.floor(Math.random() * 1500) * 2;
    if ((await isFree(base)) && (await isFree(base + 1)) && (await isFree(base + 10000)) && (await isFree(base + 20000))) return base;
  }
  throw new Error('no free port pair');
}

async function isFree(port: number): Promise<boolean> {
  const tcp = createServer();
  const tcpOk = await new Promise<boolean>((resolve) => {
    tcp.once('error', () => resolve(false));
    tcp.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (tcpOk) await new Promise<void>((r) => tcp.close(() => r()));
  if (!tcpOk) return false;
  const udp = createSocket('udp4');
  const udpOk = await new Promise<boolean>((resolve) => {
    udp.once('error', () => resolve(false));
    udp.bind(port, '127.0.0.1', () => resolve(true));
  });
  await new Promise<void>((r) => udp.close(() => r()));
  return udpOk;
}

export interface BaresipEvent {
  type: string;
  class?: string;
  accountaor?: string;
  peeruri?: string;
  param?: string;
  [key: string]: unknown;
}

export interface BaresipOptions {
  /** A folder of its own for config, accounts and recordings. */
  dir: string;
  /** SIP port; baresip also binds TLS on port+1, so space instances by 2. */
  sipPort: number;
  ctrlPort: number;
  rtpPorts: [number, number];
  /** The account line, e.g. <sip:2211@127.0.0.1:5060;transport=udp>;auth_pass=...;answermode=auto */
  account: string;
  /** 8 kHz mono 16-bit WAV played as the microphone. */
  audioFile: string;
}

export class Baresip {
  readonly events: BaresipEvent[] = [];
  readonly log: string[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly pending = new Map<string, (r: { ok: boolean; data?: string }) => void>();
  private buffer = Buffer.alloc(0);
  private token = 0;

  private constructor(
    readonly opts: BaresipOptions,
    private readonly proc: ChildProcess,
    private readonly ctrl: Socket,
  ) {
    ctrl.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  get recordings(): string {
    return join(this.opts.dir, 'rec');
  }

  static async start(opts: BaresipOptions): Promise<Baresip> {
    await mkdir(join(opts.dir, 'rec'), { recursive: true });
    const config = [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${opts.sipPort}`,
      'net_interface 127.0.0.1',
      'dns_server 127.0.0.1:53',
      `rtp_ports ${opts.rtpPorts[0]}-${opts.rtpPorts[1]}`,
      'audio_player aubridge,nil',
      'audio_alert aubridge,nil',
      `audio_source aufile,${opts.audioFile}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aubridge.so',
      'module aufile.so',
      'module sndfile.so',
      'module ctrl_tcp.so',
      'module_tmp account.so',
      'module_app menu.so',
      `ctrl_tcp_listen 127.0.0.1:${opts.ctrlPort}`,
      `snd_path ${join(opts.dir, 'rec')}`,
      '',
    ].join('\n');
    await writeFile(join(opts.dir, 'config'), config);
    await writeFile(join(opts.dir, 'accounts'), `${opts.account}\n`);
    const proc = spawn('baresip', ['-4', '-f', opts.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    proc.stdout?.on('data', (b: Buffer) => lines.push(b.toString()));
    proc.stderr?.on('data', (b: Buffer) => lines.push(b.toString()));
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const sock = await new Promise<Socket>((resolve, reject) => {
          const s = connect(opts.ctrlPort, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        const b = new Baresip(opts, proc, sock);
        b.log.push(...lines);
        proc.stdout?.on('data', (x: Buffer) => b.log.push(x.toString()));
        proc.stderr?.on('data', (x: Buffer) => b.log.push(x.toString()));
        return b;
      } catch {
        if (Date.now() > deadline || proc.exitCode !== null) {
          proc.kill('SIGKILL');
          throw new Error(`baresip did not open ctrl_tcp: ${lines.join('')}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const len = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + len + 1) return;
      const text = this.buffer.subarray(colon + 1, colon + 1 + len).toString();
      this.buffer = this.buffer.subarray(colon + 1 + len + 1);
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(text) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (msg.response) {
        const done = this.pending.get(String(msg.token));
        this.pending.delete(String(msg.token));
        done?.({ ok: Boolean(msg.ok), data: typeof msg.data === 'string' ? msg.data : undefined });
      } else if (msg.event) {
        this.events.push(msg as unknown as BaresipEvent);
        for (const w of [...this.waiters]) w();
      }
    }
  }

  /** A ctrl_tcp command, e.g. command('dial', 'sip:2212@127.0.0.1:5060'). */
  command(command: string, params?: string, timeoutMs = 5000): Promise<{ ok: boolean; data?: string }> {
    const token = String(++this.token);
    const body = Buffer.from(JSON.stringify({ command, ...(params !== undefined ? { params } : {}), token }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Error(`baresip command ${command} got no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.ctrl.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
    });
  }

  /** Waits (bounded) for an event of this type after index `from` of `events`. */
  waitFor(type: string, timeoutMs = 10_000, from = 0): Promise<BaresipEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.slice(from).find((e) => e.type === type);
        if (!found) return false;
        clearTimeout(timer);
        this.waiters.delete(check as () => void);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check as () => void);
        reject(new Error(`baresip: no ${type} in ${timeoutMs} ms; events: ${this.events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check as () => void);
    });
  }

  /**
   * Waits (bounded) until the account's registration state (ctrl_tcp `reginfo`) is OK or
   * failed. Polling, because the first REGISTER_OK/FAIL event can come before our
   * ctrl_tcp connection exists.
   */
  async registration(timeoutMs = 10_000): Promise<'OK' | 'ERR'> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const r = await this.command('reginfo');
      // Colour codes (ESC [ ... m) around the state.
      last = (r.data ?? '').split(String.fromCharCode(27)).join('').replace(/\[[0-9;]*m/g, '');
      if (/\sOK\s/.test(last)) return 'OK';
      if (/\sERR\s/.test(last)) return 'ERR';
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error(`baresip: registration still pending after ${timeoutMs} ms: ${last}\n${this.log.join('')}`);
  }

  /** The sndfile recordings (dump-*-enc.wav = sent, dump-*-dec.wav = heard), newest last. */
  async dumps(kind: 'enc' | 'dec'): Promise<string[]> {
    const files = (await readdir(this.recordings)).filter((f) => f.endsWith(`-${kind}.wav`)).sort();
    return files.map((f) => join(this.recordings, f));
  }

  /** The newest recording of what the phone heard ('dec') or sent ('enc'), as 8 kHz samples. */
  async lastRecording(kind: 'enc' | 'dec' = 'dec'): Promise<Int16Array> {
    const last = (await this.dumps(kind)).at(-1);
    if (!last) throw new Error(`baresip: no ${kind} recording in ${this.recordings}`);
    // sndfile writes the end of a recording a moment after the call closed: wait (bounded)
    // until the file stops growing.
    let bytes = await readFile(last);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const again = await readFile(last);
      if (again.length === bytes.length) break;
      bytes = again;
    }
    const wav = readWav(bytes);
    if (!wav.ok) throw new Error(`baresip: ${last} is not a WAV: ${wav.problems[0]?.en}`);
    return wav.value.samples;
  }

  /** Kills the process (SIGTERM, then SIGKILL after 2 s). */
  async stop(): Promise<void> {
    this.ctrl.destroy();
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}
