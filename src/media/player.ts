// Playing prompts: clips of 8 kHz linear audio, played back to back without gaps (a
// sentence built from clips, "fjorton" + "trettio", must not stutter at the joins), one
// 20 ms frame per paced slot.
import { encode, SILENCE, type G711Law } from './g711.js';

/** A prompt clip; its G.711 encodings are made once and shared by every call playing it. */
export class Clip {
  private readonly encoded = new Map<G711Law, Uint8Array>();

  constructor(
    readonly samples: Int16Array,
    readonly name = '',
  ) {}

  get durationMs(): number {
    return this.samples.length / 8;
  }

  encodedAs(law: G711Law): Uint8Array {
    let bytes = this.encoded.get(law);
    if (!bytes) {
      bytes = encode(law, this.samples, new Uint8Array(this.samples.length));
      this.encoded.set(law, bytes);
    }
    return bytes;
  }
}

export interface PlayResult {
  /** False when stopped (or replaced, or the session closed) before the end. */
  completed: boolean;
  framesSent: number;
}

export interface PlayOptions {
  /** Start over when the last clip ends (hold music) until stopped. */
  loop?: boolean;
  /** Called when clip `index` starts. */
  onClip?: (index: number) => void;
}

export class Player {
  readonly finished: Promise<PlayResult>;
  private readonly clips: Clip[];
  private clip = 0;
  private offset = 0;
  private frames = 0;
  private settle!: (result: PlayResult) => void;
  private over = false;

  constructor(
    clips: readonly (Clip | Int16Array)[],
    private readonly options: PlayOptions = {},
  ) {
    this.clips = clips.map((c) => (c instanceof Clip ? c : new Clip(c))).filter((c) => c.samples.length > 0);
    this.finished = new Promise((resolve) => (this.settle = resolve));
  }

  get done(): boolean {
    return this.over;
  }

  /**
   * The next `samples` (default 160: 20 ms) in the given law, running on into the next
   * clip; the last frame is padded with silence. Undefined once everything has played.
   */
  nextFrame(law: G711Law, samples = 160): Uint8Array | undefined {
    if (this.over) return undefined;
    if (this.clip >= this.clips.length) {
      this.end(true);
      return undefined;
    }
    if (this.offset === 0) this.options.onClip?.(this.clip);
    const bytes = this.clips[this.clip]!.encodedAs(law);
    if (bytes.length - this.offset > samples) {
      // The common case: a view into the shared encoding, no copy (less garbage per packet).
      const frame = bytes.subarray(this.offset, this.offset + samples);
      this.offset += samples;
      this.frames++;
      return frame;
    }
    const out = new Uint8Array(samples);
    let filled = 0;
    while (filled < samples && this.clip < this.clips.length) {
      if (this.offset === 0 && filled > 0) this.options.onClip?.(this.clip);
      const clip = this.clips[this.clip]!.encodedAs(law);
      const n = Math.min(samples - filled, clip.length - this.offset);
      out.set(clip.subarray(this.offset, this.offset + n), filled);
      filled += n;
      this.offset += n;
      if (this.offset >= clip.length) {
        this.clip++;
        this.offset = 0;
        if (this.clip >= this.clips.length && this.options.loop) this.clip = 0;
      }
    }
    if (filled < samples) out.fill(SILENCE[law], filled);
    this.frames++;
    return out;
  }

  /** Stops playback; `finished` resolves with completed: false. */
  stop(): void {
    this.end(false);
  }

  private end(completed: boolean): void {
    if (this.over) return;
    this.over = true;
    this.settle({ completed, framesSent: this.frames });
  }
}
