// Converting uploads (a greeting, a prompt recording, music on hold) to 8 kHz mono while the
// event loop must keep pacing calls' RTP: how long a conversion takes, and the longest time
// the main thread was unavailable meanwhile (a 1 ms timer's longest gap), converted on the
// main thread and on a worker thread (what the server does).
//
//   node --import tsx bench/upload-convert.ts [seconds=60,300]
//
// Target: no gap over 10 ms (half a packet interval), so that calls in progress are not
// disturbed by an administrator's upload.
import { cpus, loadavg } from 'node:os';
import { testSignal } from '../src/media/index.js';
import { stereoWav } from '../src/media/testing.js';
import { withLoopGap } from './loop-gap.js';
import { telephoneAudioFromWav } from '../src/media/convert.js';
import { convertOffThread } from '../src/media/convert-off-thread.js';

const LENGTHS = (process.argv[2] ?? '60,300').split(',').map(Number);
const WORDS = { code: 'bench', sv: 'musiken', en: 'music', field: 'file' };

/** A stereo 44.1 kHz 16-bit WAV of `seconds`. */
const cdWav = (seconds: number) => stereoWav(testSignal(seconds * 1000, 3, 8000, 44_100), 44_100);

async function main() {
  console.log(`machine: ${cpus()[0]?.model ?? '?'} x${cpus().length}, node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('a stereo 44.1 kHz 16-bit WAV converted to 8 kHz mono; "longest gap": the longest the main thread could not run a 1 ms timer');
  console.log('');
  console.log('length   size     main thread: time / longest gap     worker thread: time / longest gap');
  for (const seconds of LENGTHS) {
    const here = cdWav(seconds);
    const size = here.length;
    const main = await withLoopGap(() => telephoneAudioFromWav(here, { minMs: 100, maxMs: 600_000 }, WORDS));
    const wav = cdWav(seconds);
    const off = await withLoopGap(() => convertOffThread(wav, { minMs: 100, maxMs: 600_000 }, WORDS)); // takes the bytes over
    console.log(`${String(seconds).padStart(4)} s ${(size / 1e6).toFixed(1).padStart(6)} MB   ${main.ms.toFixed(0).padStart(6)} ms / ${main.gap.toFixed(1).padStart(6)} ms            ${off.ms.toFixed(0).padStart(6)} ms / ${off.gap.toFixed(1).padStart(5)} ms`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
