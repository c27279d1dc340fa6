// ITU-T G.711 µ-law (PCMU) and A-law (PCMA), table driven.
//
// Linear audio is signed 16-bit PCM. Encoding looks up a 64 KiB table per law (built once,
// indexed by the 16-bit sample), decoding a 256-entry table; transcoding between the laws
// goes through linear PCM, also as 256-entry tables. At 8 kHz one 20 ms frame is 160
// samples and 160 bytes of G.711.

export type G711Law = 'PCMU' | 'PCMA';

const MULAW_BIAS = 0x84; // 132: shifts the segment boundaries so that segment 0 starts at 0
const MULAW_CLIP = 32635; // largest magnitude that still fits after adding the bias

/** One sample to µ-law (the classic bias-and-segment construction of G.711 Table 2a). */
function mulawFromLinear(sample: number): number {
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > MULAW_CLIP) s = MULAW_CLIP;
  s += MULAW_BIAS;
  // Segment (exponent) = position of the highest set bit above bit 7.
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff; // µ-law code words are sent inverted
}

function linearFromMulaw(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = (((u & 0x0f) << 3) + MULAW_BIAS) << exponent;
  return u & 0x80 ? MULAW_BIAS - magnitude : magnitude - MULAW_BIAS;
}

// A-law works on 13-bit magnitudes; segment ends of G.711 Table 1a in that scale.
const ALAW_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function alawFromLinear(sample: number): number {
  let pcm = sample >> 3;
  let mask: number;
  if (pcm >= 0) {
    mask = 0xd5; // sign bit set for positive values, even bits inverted (0x55)
  } else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  let segment = 0;
  while (segment < 8 && pcm > ALAW_SEGMENT_END[segment]!) segment++;
  if (segment >= 8) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (pcm >> 1) & 0x0f : (pcm >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

function linearFromAlaw(code: number): number {
  const a = code ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  if (segment === 0) t += 8;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

function encodeTable(f: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = f((i << 16) >> 16); // index = sample & 0xffff
  return table;
}

function decodeTable(f: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let c = 0; c < 256; c++) table[c] = f(c);
  return table;
}

const MULAW_ENCODE = encodeTable(mulawFromLinear);
const ALAW_ENCODE = encodeTable(alawFromLinear);
const MULAW_DECODE = decodeTable(linearFromMulaw);
const ALAW_DECODE = decodeTable(linearFromAlaw);
const MULAW_TO_ALAW = Uint8Array.from(MULAW_DECODE, (s) => ALAW_ENCODE[s & 0xffff]!);
const ALAW_TO_MULAW = Uint8Array.from(ALAW_DECODE, (s) => MULAW_ENCODE[s & 0xffff]!);

/** The code word for silence (linear 0) in each law: what gaps and padding are filled with. */
export const SILENCE: Readonly<Record<G711Law, number>> = { PCMU: 0xff, PCMA: 0xd5 };

export function mulawEncodeSample(sample: number): number {
  return MULAW_ENCODE[sample & 0xffff]!;
}
export function mulawDecodeSample(code: number): number {
  return MULAW_DECODE[code & 0xff]!;
}
export function alawEncodeSample(sample: number): number {
  return ALAW_ENCODE[sample & 0xffff]!;
}
export function alawDecodeSample(code: number): number {
  return ALAW_DECODE[code & 0xff]!;
}

/** Encodes linear PCM; `out` (at least as long as `pcm`) avoids an allocation per frame. */
export function encode(law: G711Law, pcm: Int16Array, out: Uint8Array = Buffer.allocUnsafe(pcm.length)): Uint8Array {
  const table = law === 'PCMU' ? MULAW_ENCODE : ALAW_ENCODE;
  for (let i = 0; i < pcm.length; i++) out[i] = table[pcm[i]! & 0xffff]!;
  return out;
}

export function decode(law: G711Law, bytes: Uint8Array, out: Int16Array = new Int16Array(bytes.length)): Int16Array {
  const table = law === 'PCMU' ? MULAW_DECODE : ALAW_DECODE;
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}

/** Re-encodes G.711 from one law to the other (through linear PCM); same law copies. */
export function transcode(from: G711Law, to: G711Law, bytes: Uint8Array, out: Uint8Array = Buffer.allocUnsafe(bytes.length)): Uint8Array {
  if (from === to) {
    out.set(bytes);
    return out;
  }
  const table = from === 'PCMU' ? MULAW_TO_ALAW : ALAW_TO_MULAW;
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}
