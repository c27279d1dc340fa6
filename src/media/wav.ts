// WAV (RIFF WAVE) reading and writing for prompts and recordings: 16-bit PCM, and 8-bit
// G.711 (WAVE_FORMAT_MULAW 7, WAVE_FORMAT_ALAW 6). No resampling: clips are rendered at
// 8 kHz mono, as the phone network carries them.
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { fail, ok, type Result } from '../core/errors.js';
import { decode, encode as encodeG711, type G711Law } from './g711.js';
import { mediaProblem } from './problems.js';

export type WavEncoding = 'pcm16' | 'mulaw' | 'alaw';

const LITTLE_ENDIAN = endianness() === 'LE';

const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

export interface WavAudio {
  encoding: WavEncoding;
  sampleRate: number;
  channels: number;
  /** Decoded linear samples, channels interleaved. */
  samples: Int16Array;
  /** The data chunk's bytes as stored (G.711 code words or little-endian PCM). */
  data: Buffer;
  /** Byte offset of the audio in the file. */
  dataOffset: number;
  /** The data size the header declares (may differ after a crash; see repairWav). */
  declaredDataBytes: number;
  /** True when the header declared more (or, as 0 or 0xFFFFFFFF, unknown) data than the file holds. */
  truncated: boolean;
}

/** The G.711 law a WAV encoding stores, if any. */
export function lawOf(encoding: WavEncoding): G711Law | undefined {
  return encoding === 'mulaw' ? 'PCMU' : encoding === 'alaw' ? 'PCMA' : undefined;
}

export function bytesPerSample(encoding: WavEncoding): number {
  return encoding === 'pcm16' ? 2 : 1;
}

/**
 * A header for mono audio with `dataBytes` of data. G.711 files get an 18-byte fmt chunk
 * (cbSize 0) and the fact chunk that non-PCM formats need; PCM gets the classic 44 bytes.
 * The data chunk is last, so its size can be rewritten as a recording grows.
 */
export function wavHeader(encoding: WavEncoding, sampleRate: number, dataBytes: number): Buffer {
  const pcm = encoding === 'pcm16';
  const size = pcm ? 44 : 58;
  const h = Buffer.alloc(size);
  const width = bytesPerSample(encoding);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(size - 8 + dataBytes, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(pcm ? 16 : 18, 16);
  h.writeUInt16LE(pcm ? FORMAT_PCM : encoding === 'mulaw' ? FORMAT_MULAW : FORMAT_ALAW, 20);
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * width, 28); // byte rate
  h.writeUInt16LE(width, 32); // block align
  h.writeUInt16LE(width * 8, 34);
  let at = 36;
  if (!pcm) {
    h.writeUInt16LE(0, 36); // cbSize
    h.write('fact', 38, 'latin1');
    h.writeUInt32LE(4, 42);
    h.writeUInt32LE(dataBytes, 46); // sample frames (one byte each)
    at = 50;
  }
  h.write('data', at, 'latin1');
  h.writeUInt32LE(dataBytes, at + 4);
  return h;
}

/** Where wavHeader puts the size fields, for rewriting them in place. */
export function headerLayout(encoding: WavEncoding): { dataOffset: number; dataSizeAt: number; factAt?: number } {
  return encoding === 'pcm16' ? { dataOffset: 44, dataSizeAt: 40 } : { dataOffset: 58, dataSizeAt: 54, factAt: 46 };
}

/** A whole WAV file from linear samples (mono). */
export function encodeWav(samples: Int16Array, options: { encoding?: WavEncoding; sampleRate?: number } = {}): Buffer {
  const encoding = options.encoding ?? 'pcm16';
  const body = encodeSamples(encoding, samples);
  return Buffer.concat([wavHeader(encoding, options.sampleRate ?? 8000, body.length), body]);
}

/** Linear samples in a WAV encoding's byte form. */
export function encodeSamples(encoding: WavEncoding, samples: Int16Array): Buffer {
  const law = lawOf(encoding);
  if (law) {
    const out = Buffer.allocUnsafe(samples.length);
    encodeG711(law, samples, out);
    return out;
  }
  const out = Buffer.allocUnsafe(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, i * 2);
  return out;
}

interface Chunk {
  id: string;
  offset: number; // of the chunk body
  size: number; // as declared
}

/** The chunks of a RIFF WAVE file, stopping at the data chunk (whose size may be wrong). */
export function riffChunks(bytes: Uint8Array): Result<Chunk[]> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
    return fail(mediaProblem('media.wav.invalid', 'no RIFF/WAVE header'));
  }
  const chunks: Chunk[] = [];
  let at = 12;
  while (at + 8 <= buf.length) {
    const id = buf.toString('latin1', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    chunks.push({ id, offset: at + 8, size });
    if (id === 'data') return ok(chunks);
    at += 8 + size + (size & 1); // RIFF pads chunks to even sizes
  }
  return fail(mediaProblem('media.wav.invalid', 'no data chunk'));
}

/** Reads a WAV file's bytes. Lenient about the data size (crashed recordings), strict about the format. */
export function readWav(bytes: Uint8Array): Result<WavAudio> {
  const chunks = riffChunks(bytes);
  if (!chunks.ok) return chunks;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fmt = chunks.value.find((c) => c.id === 'fmt ');
  const dataChunk = chunks.value[chunks.value.length - 1]!;
  if (!fmt || fmt.size < 16 || fmt.offset + 16 > buf.length) return fail(mediaProblem('media.wav.invalid', 'no fmt chunk before the data'));
  let tag = buf.readUInt16LE(fmt.offset);
  const channels = buf.readUInt16LE(fmt.offset + 2);
  const sampleRate = buf.readUInt32LE(fmt.offset + 4);
  const bits = buf.readUInt16LE(fmt.offset + 14);
  if (tag === FORMAT_EXTENSIBLE && fmt.size >= 40) tag = buf.readUInt16LE(fmt.offset + 24); // sub-format GUID starts with the tag
  let encoding: WavEncoding;
  if (tag === FORMAT_PCM && bits === 16) encoding = 'pcm16';
  else if (tag === FORMAT_MULAW && bits === 8) encoding = 'mulaw';
  else if (tag === FORMAT_ALAW && bits === 8) encoding = 'alaw';
  else return fail(mediaProblem('media.wav.unsupported', `format tag ${tag}, ${bits} bits`));
  if (channels < 1 || sampleRate < 1) return fail(mediaProblem('media.wav.invalid', `${channels} channels at ${sampleRate} Hz`));

  const frame = bytesPerSample(encoding) * channels;
  const available = Math.max(0, buf.length - dataChunk.offset);
  const truncated = dataChunk.size > available || dataChunk.size === 0xffffffff || (dataChunk.size === 0 && available > 0);
  let length = truncated ? available : dataChunk.size;
  length -= length % frame; // a crash may cut a sample in half
  const data = buf.subarray(dataChunk.offset, dataChunk.offset + length);
  const law = lawOf(encoding);
  let samples: Int16Array;
  if (law) samples = decode(law, data);
  else {
    samples = new Int16Array(length / 2);
    if (LITTLE_ENDIAN) {
      // The bytes are the samples on this machine: one copy, not a read per sample.
      new Uint8Array(samples.buffer).set(data);
    } else {
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
    }
  }
  return ok({ encoding, sampleRate, channels, samples, data, dataOffset: dataChunk.offset, declaredDataBytes: dataChunk.size, truncated });
}

export async function readWavFile(path: string): Promise<Result<WavAudio>> {
  return readWav(await readFile(path));
}

/** Loads a prompt clip: mono 8 kHz in any supported encoding, as linear samples. */
export async function loadClip(path: string): Promise<Result<Int16Array>> {
  const wav = await readWavFile(path);
  if (!wav.ok) return wav;
  const { sampleRate, channels, samples } = wav.value;
  if (sampleRate !== 8000 || channels !== 1) return fail(mediaProblem('media.wav.not-8khz-mono', `${path}: ${channels} channels at ${sampleRate} Hz`));
  return ok(samples);
}
