// Recordings on disk: an incremental WAV writer that keeps the file valid through a crash,
// the repair routine for start-up, and atomic JSON sidecars for a recording's metadata.
//
// Crash safety without fsync: audio is appended with positional writes in chunks, and the
// RIFF and data sizes in the header are rewritten every `headerIntervalMs` (default 1 s),
// always after the audio they count has been written. After a SIGKILL the kernel still
// holds every completed write, so the file is a valid WAV of all but the last second; and
// repairWav() recovers that last second from the file length. (A power cut can lose more:
// nothing is fsynced, on purpose, to keep hundreds of recordings cheap.)
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { fail, ok, type Result } from '../core/errors.js';
import { decode, transcode, type G711Law } from './g711.js';
import { mediaProblem } from './problems.js';
import { bytesPerSample, encodeSamples, headerLayout, lawOf, riffChunks, wavHeader, type WavEncoding } from './wav.js';

export interface WavWriterOptions {
  encoding?: WavEncoding;
  sampleRate?: number;
  /** Buffered audio is written once this many bytes are pending (default: 0.5 s of audio). */
  flushBytes?: number;
  /** How often pending audio is written and the header sizes updated (default 1000 ms). */
  headerIntervalMs?: number;
  /** Called once with the first write error; the writer stops writing after it. */
  onError?: (error: Error) => void;
}

export interface WavSummary {
  path: string;
  dataBytes: number;
  durationMs: number;
}

export class WavWriter {
  readonly encoding: WavEncoding;
  readonly sampleRate: number;
  private readonly layout: ReturnType<typeof headerLayout>;
  private readonly flushBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of audio queued for writing (the file's data size once the queue drains). */
  private queued = 0;
  private written = 0;
  private inHeader = 0;
  private queue: Promise<void> = Promise.resolve();
  private error: Error | undefined;
  private readonly timer: NodeJS.Timeout;
  private closing: Promise<WavSummary> | undefined;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    private readonly options: WavWriterOptions,
  ) {
    this.encoding = options.encoding ?? 'pcm16';
    this.sampleRate = options.sampleRate ?? 8000;
    this.layout = headerLayout(this.encoding);
    this.flushBytes = options.flushBytes ?? (this.sampleRate * bytesPerSample(this.encoding)) / 2;
    this.timer = setInterval(() => void this.flush(), options.headerIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Creates (or truncates) the file and writes a header for zero bytes of audio. */
  static async open(path: string, options: WavWriterOptions = {}): Promise<WavWriter> {
    const file = await open(path, 'w');
    const writer = new WavWriter(path, file, options);
    try {
      await file.write(wavHeader(writer.encoding, writer.sampleRate, 0), 0, undefined, 0);
    } catch (e) {
      clearInterval(writer.timer);
      await file.close();
      throw e;
    }
    return writer;
  }

  /** Audio appended so far (including what is still buffered). */
  get dataBytes(): number {
    return this.queued + this.pendingBytes;
  }

  get durationMs(): number {
    return (this.dataBytes / bytesPerSample(this.encoding) / this.sampleRate) * 1000;
  }

  /** Bytes of audio whose writes have completed: a crash from now on keeps at least these. */
  get writtenBytes(): number {
    return this.written;
  }

  /** Data size the header states right now: readers that trust the header see this much. */
  get headerDataBytes(): number {
    return this.inHeader;
  }

  writeSamples(pcm: Int16Array): void {
    this.append(encodeSamples(this.encoding, pcm));
  }

  /** Appends G.711 code words, stored as they are when the file has the same law. */
  writeG711(law: G711Law, bytes: Uint8Array): void {
    const fileLaw = lawOf(this.encoding);
    if (fileLaw) this.append(Buffer.from(transcode(law, fileLaw, bytes)));
    else this.append(encodeSamples('pcm16', decode(law, bytes)));
  }

  /** Appends digital silence (gaps in a recording keep their length). */
  writeSilence(samples: number): void {
    if (samples <= 0) return;
    const law = lawOf(this.encoding);
    this.append(law ? Buffer.alloc(samples, law === 'PCMU' ? 0xff : 0xd5) : Buffer.alloc(samples * 2));
  }

  /** Writes buffered audio and updates the header sizes; resolves when both are on file. */
  flush(): Promise<void> {
    this.writePending();
    const size = this.queued;
    if (size !== this.inHeader) {
      this.enqueue(async () => {
        await this.file.write(wavHeader(this.encoding, this.sampleRate, size), 0, undefined, 0);
        this.inHeader = size;
      });
    }
    return this.queue;
  }

  /** Writes everything, pads an odd data chunk (RIFF), closes the file. Idempotent. */
  close(): Promise<WavSummary> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      await this.flush();
      if (!this.error && this.queued % 2 === 1) {
        const at = this.layout.dataOffset + this.queued;
        this.enqueue(async () => {
          await this.file.write(Buffer.alloc(1), 0, 1, at);
          const riff = Buffer.alloc(4);
          riff.writeUInt32LE(at + 1 - 8);
          await this.file.write(riff, 0, 4, 4);
        });
        await this.queue;
      }
      await this.file.close();
      if (this.error) throw this.error;
      return { path: this.path, dataBytes: this.queued, durationMs: this.durationMs };
    })();
    return this.closing;
  }

  private append(bytes: Buffer): void {
    if (this.closing) throw new Error(`WavWriter ${this.path} is closed`);
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= this.flushBytes) this.writePending();
  }

  private writePending(): void {
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const at = this.layout.dataOffset + this.queued;
    this.queued += data.length;
    this.pending = [];
    this.pendingBytes = 0;
    this.enqueue(async () => {
      await this.file.write(data, 0, data.length, at);
      this.written = at + data.length - this.layout.dataOffset;
    });
  }

  /** Runs file operations one after another, so a header never counts audio not yet written. */
  private enqueue(operation: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.error) return;
      try {
        await operation();
      } catch (e) {
        this.error = e instanceof Error ? e : new Error(String(e));
        this.options.onError?.(this.error);
      }
    });
  }
}

// Chunks that editors put after the audio. Only these count: audio bytes can look like any id.
const TRAILING_CHUNKS = new Set(['LIST', 'id3 ', 'ID3 ', 'cue ', 'smpl', 'inst', 'bext', 'JUNK', 'junk', 'PAD ', 'iXML', '_PMX']);

/**
 * Fixes the RIFF, data (and fact) sizes of a WAV file from its length: for recordings
 * left behind by a crash, run at start-up. Cuts a half-written sample off the end.
 * Leaves a file alone when its sizes already agree, or when the declared data is
 * followed by another chunk (then the data size was right).
 */
export async function repairWav(path: string): Promise<Result<{ dataBytes: number; repaired: boolean }>> {
  let file: FileHandle;
  try {
    file = await open(path, 'r+');
  } catch (e) {
    return fail(mediaProblem('media.wav.repair-failed', `${path}: ${e instanceof Error ? e.message : String(e)}`));
  }
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, 65536));
    await file.read(head, 0, head.length, 0);
    const chunks = riffChunks(head);
    if (!chunks.ok) return fail(mediaProblem('media.wav.repair-failed', `${path}: ${chunks.problems[0]!.en}`));
    const fmt = chunks.value.find((c) => c.id === 'fmt ');
    const fact = chunks.value.find((c) => c.id === 'fact');
    const data = chunks.value[chunks.value.length - 1]!;
    if (!fmt || fmt.offset + 16 > head.length) return fail(mediaProblem('media.wav.repair-failed', `${path}: no fmt chunk`));
    const blockAlign = head.readUInt16LE(fmt.offset + 12) || 1;
    const declared = data.size;
    const riffDeclared = head.readUInt32LE(4);

    let actual = size - data.offset;
    actual -= actual % blockAlign;
    if (declared < actual) {
      // Another chunk after the data (LIST, id3 ...) means the declared size was right.
      const next = Buffer.alloc(8);
      const nextAt = data.offset + declared + (declared & 1);
      const { bytesRead } = await file.read(next, 0, 8, nextAt);
      if (bytesRead === 8 && TRAILING_CHUNKS.has(next.toString('latin1', 0, 4)) && nextAt + 8 + next.readUInt32LE(4) <= size) {
        return ok({ dataBytes: declared, repaired: false });
      }
    }
    // close() pads an odd data chunk with one byte (RIFF); that byte is not audio.
    const padded = (declared & 1) === 1 && actual === declared + 1;
    if ((declared === actual || padded) && riffDeclared === size - 8) return ok({ dataBytes: declared, repaired: false });
    const end = data.offset + actual;
    if (size > end) await file.truncate(end); // half a sample
    const word = Buffer.alloc(4);
    word.writeUInt32LE(end - 8);
    await file.write(word, 0, 4, 4);
    word.writeUInt32LE(actual);
    await file.write(word, 0, 4, data.offset - 4);
    if (fact && fact.size >= 4) {
      word.writeUInt32LE(actual / blockAlign);
      await file.write(word, 0, 4, fact.offset);
    }
    return ok({ dataBytes: actual, repaired: true });
  } finally {
    await file.close();
  }
}

let temporaryCounter = 0;

/**
 * Writes JSON so that readers see the old file or the new one, never half of one: write a
 * temporary file beside it, fsync that (it is small), rename over the target.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${process.pid}.${++temporaryCounter}.tmp`;
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
}
