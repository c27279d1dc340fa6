// The worker thread behind convertOffThread (convert-off-thread.ts): one upload, converted
// where it cannot hold up the calls' media on the main thread, and the result posted back.
import { parentPort, workerData } from 'node:worker_threads';
import { telephoneAudioFromWav, type UploadLimits, type UploadWording } from './convert.js';

const { bytes, limits, words } = workerData as { bytes: Uint8Array; limits: UploadLimits; words: UploadWording };
const result = telephoneAudioFromWav(bytes, limits, words);
parentPort!.postMessage(result, result.ok ? [result.value.buffer as ArrayBuffer] : []);
