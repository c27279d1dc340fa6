// Recording what a call leg hears: RTP through the reorder buffer into an incremental WAV
// file, with a JSON sidecar holding the metadata (who called, when, how long, how many
// packets were lost).
//
// Gap policy: lost packets become silence of their exact length, placed by RTP timestamp;
// no concealment. A recording can become a public record (P-VM-4: a voicemail kept as an
// official note), so it should hold what arrived and nothing we made up; silence also
// keeps the timing of what follows. A jump in timestamps (the sender paused, RFC 3551
// silence suppression) is silence too, up to `maxGapMs`.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Temporal, type Instant } from '../core/time.js';
import type { G711Law } from './g711.js';
import { ReorderBuffer, type Released, type ReorderStats } from './jitter.js';
import { timestampDistance, type RtpPacket } from './rtp.js';
import type { RtpKind, RtpSession } from './session.js';
import type { WavEncoding } from './wav.js';
import { repairWav, WavWriter, writeJsonAtomic } from './wav-writer.js';

interface Frame {
  timestamp: number;
  payload: Uint8Array;
  law: G711Law;
}

export interface RecorderOptions {
  /** Packets waited for before a missing one counts as lost (default 10: 200 ms). */
  depth?: number;
  /** Longest silence written for one gap (default 10 000 ms). */
  maxGapMs?: number;
}

export interface RecorderStats extends ReorderStats {
  /** Samples of silence written in place of lost or missing audio. */
  silenceSamples: number;
}

/** Places G.711 packets by timestamp into a WavWriter, in sequence order. */
export class Recorder {
  private buffer: ReorderBuffer<Frame>;
  private ssrc: number | undefined;
  private expected: number | undefined;
  private readonly totals: ReorderStats = { received: 0, released: 0, duplicates: 0, late: 0, lost: 0, reordered: 0, restarts: 0 };
  private silence = 0;
  private readonly maxGap: number;

  constructor(
    readonly writer: WavWriter,
    private readonly options: RecorderOptions = {},
  ) {
    this.buffer = new ReorderBuffer({ depth: options.depth ?? 10 });
    this.maxGap = ((options.maxGapMs ?? 10_000) * 8000) / 1000;
  }

  push(packet: RtpPacket, law: G711Law): void {
    if (this.ssrc !== undefined && packet.ssrc !== this.ssrc) {
      // A new source (transfer, re-INVITE): finish the old one, continue right after it.
      this.place(this.buffer.flush());
      this.addStats();
      this.buffer = new ReorderBuffer({ depth: this.options.depth ?? 10 });
      this.expected = undefined;
    }
    this.ssrc = packet.ssrc;
    this.place(this.buffer.push(packet.sequenceNumber, { timestamp: packet.timestamp, payload: packet.payload, law }));
  }

  /** Writes what the buffer still holds. */
  finish(): void {
    this.place(this.buffer.flush());
  }

  get stats(): RecorderStats {
    const b = this.buffer.stats;
    const t = this.totals;
    return {
      received: t.received + b.received,
      released: t.released + b.released,
      duplicates: t.duplicates + b.duplicates,
      late: t.late + b.late,
      lost: t.lost + b.lost,
      reordered: t.reordered + b.reordered,
      restarts: t.restarts + b.restarts,
      silenceSamples: this.silence,
    };
  }

  private addStats(): void {
    for (const key of Object.keys(this.totals) as (keyof ReorderStats)[]) this.totals[key] += this.buffer.stats[key];
  }

  private place(frames: Released<Frame>[]): void {
    for (const { item } of frames) {
      let bytes = item.payload;
      if (this.expected !== undefined) {
        const gap = timestampDistance(item.timestamp, this.expected);
        if (gap > 0) {
          const fill = Math.min(gap, this.maxGap);
          this.writer.writeSilence(fill);
          this.silence += fill;
        } else if (gap < 0) {
          if (-gap >= bytes.length) continue; // wholly overlaps what is written
          bytes = bytes.subarray(-gap);
        }
      }
      this.writer.writeG711(item.law, bytes);
      this.expected = (item.timestamp + item.payload.length) >>> 0; // G.711: one byte per sample
    }
  }
}

/** Packets a recording has not taken yet: 10 s of 20 ms frames, then the oldest are kept. */
const HELD_PACKETS = 500;

/**
 * A call's audio held from a moment on until a recording takes it over. A caller starts
 * speaking right after the tone, while the message's row and file are still being made; on
 * a loaded server that took a few hundred milliseconds, and the first words were lost.
 * Made synchronously at the moment recording should begin; bounded.
 */
export class HeldAudio {
  private packets: { packet: RtpPacket; law: G711Law }[] = [];
  private readonly listener = (packet: RtpPacket, kind: RtpKind): void => {
    const law = this.session.codec?.name;
    if (kind === 'audio' && law && this.packets.length < HELD_PACKETS) this.packets.push({ packet, law });
  };

  constructor(private readonly session: RtpSession) {
    session.on('rtp', this.listener);
  }

  /** Stops holding and hands over what was held, oldest first. */
  take(): { packet: RtpPacket; law: G711Law }[] {
    this.release();
    const held = this.packets;
    this.packets = [];
    return held;
  }

  /** Stops holding (the recording did not start). */
  release(): void {
    this.session.off('rtp', this.listener);
  }
}

export interface RecordingOptions extends RecorderOptions {
  /** The .wav file; the sidecar is the same name with .json. */
  path: string;
  /** Default pcm16: what browsers play (P-VM-3, listening on the computer). */
  encoding?: WavEncoding;
  /** Caller, callee, call id and the like; written to the sidecar as given. */
  meta?: Record<string, unknown>;
  /** Wall clock for the sidecar's times (default: the system clock). */
  now?: () => Instant;
  /** Audio held since recording should have begun; by default, from the call to start(). */
  held?: HeldAudio;
}

export interface RecordingMeta {
  file: string;
  encoding: WavEncoding;
  sampleRate: number;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  /** False until stop(): a sidecar still false at start-up belongs to a crashed recording. */
  complete: boolean;
  /** Set by recoverRecordings() for a recording cut short by a crash. */
  recovered?: boolean;
  packets?: RecorderStats;
  [key: string]: unknown;
}

export function sidecarPath(wavPath: string): string {
  return wavPath.replace(/\.wav$/i, '') + '.json';
}

/** A recording in progress: stop() closes the WAV and completes the sidecar. */
export class Recording {
  private stopping: Promise<RecordingMeta> | undefined;

  private constructor(
    private readonly session: RtpSession,
    readonly recorder: Recorder,
    readonly metaPath: string,
    private meta: RecordingMeta,
    private readonly now: () => Instant,
    private readonly listener: (packet: RtpPacket, kind: RtpKind) => void,
  ) {}

  /**
   * Records from the moment of the call (or of `options.held`): packets that arrive while
   * the file is being opened are held and written first. Makes the file's folder.
   */
  static async start(session: RtpSession, options: RecordingOptions): Promise<Recording> {
    const held = options.held ?? new HeldAudio(session);
    try {
      const now = options.now ?? (() => Temporal.Now.instant());
      const encoding = options.encoding ?? 'pcm16';
      const startedAt = now().toString();
      await mkdir(dirname(options.path), { recursive: true });
      const writer = await WavWriter.open(options.path, { encoding });
      const recorder = new Recorder(writer, options);
      const meta: RecordingMeta = { ...options.meta, file: basename(options.path), encoding, sampleRate: 8000, startedAt, complete: false };
      const metaPath = sidecarPath(options.path);
      await writeJsonAtomic(metaPath, meta);
      const listener = (packet: RtpPacket, kind: RtpKind): void => {
        const law = session.codec?.name;
        if (kind === 'audio' && law) recorder.push(packet, law);
      };
      // In one turn: what was held, then the live packets, so none is lost or written twice.
      for (const { packet, law } of held.take()) recorder.push(packet, law);
      session.on('rtp', listener);
      return new Recording(session, recorder, metaPath, meta, now, listener);
    } finally {
      held.release();
    }
  }

  get path(): string {
    return this.recorder.writer.path;
  }

  get durationMs(): number {
    return this.recorder.writer.durationMs;
  }

  stop(extraMeta: Record<string, unknown> = {}): Promise<RecordingMeta> {
    this.stopping ??= (async () => {
      this.session.off('rtp', this.listener);
      this.recorder.finish();
      const summary = await this.recorder.writer.close();
      this.meta = { ...this.meta, ...extraMeta, endedAt: this.now().toString(), durationMs: summary.durationMs, packets: this.recorder.stats, complete: true };
      await writeJsonAtomic(this.metaPath, this.meta);
      return this.meta;
    })();
    return this.stopping;
  }
}

/**
 * Start-up recovery: every sidecar in `dir` still marked incomplete belongs to a recording
 * cut short by a crash. Repairs its WAV sizes (repairWav) and completes the sidecar with
 * the duration found and recovered: true. Returns the sidecars it completed.
 */
export async function recoverRecordings(dir: string): Promise<RecordingMeta[]> {
  const done: RecordingMeta[] = [];
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json')) continue;
    const metaPath = join(dir, name);
    let meta: RecordingMeta;
    try {
      meta = JSON.parse(await readFile(metaPath, 'utf8')) as RecordingMeta;
    } catch {
      continue; // not ours
    }
    if (meta.complete !== false || typeof meta.file !== 'string') continue;
    const repaired = await repairWav(join(dir, meta.file));
    if (!repaired.ok) continue;
    const bytesPerSample = meta.encoding === 'pcm16' ? 2 : 1;
    const updated: RecordingMeta = { ...meta, durationMs: (repaired.value.dataBytes / bytesPerSample / (meta.sampleRate || 8000)) * 1000, complete: true, recovered: true };
    await writeJsonAtomic(metaPath, updated);
    done.push(updated);
  }
  return done;
}
