// Uploads converted on a worker thread: decoding, mixing and resampling minutes of CD-quality
// audio takes most of a second, which on the main thread would stall every call's RTP pacing
// (the media layer sends a packet per call every 20 ms). Uploads are rare, so each gets a
// worker of its own; it ends when the result is back.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Result } from '../core/errors.js';
import type { UploadLimits, UploadWording } from './convert.js';

/**
 * The worker: the compiled .js beside this file, or, when running from TypeScript sources
 * (npm start and the tests run through tsx), the .ts file with tsx registered in the worker
 * first, because a worker thread does not inherit the parent's module loader hooks.
 */
function spawn(options: WorkerOptions): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./convert-worker.js', here), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./convert-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(worker)}); });`, { ...options, eval: true });
}

/**
 * telephoneAudioFromWav (convert.ts), on a worker thread. Bytes that fill their own buffer
 * (an upload's body) are handed over, not copied, and are empty afterwards; bytes in a shared
 * buffer are copied first.
 */
export function convertOffThread(bytes: Uint8Array, limits: UploadLimits, words: UploadWording): Promise<Result<Int16Array>> {
  const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const own = whole ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
  const options = { workerData: { bytes: own, limits, words }, transferList: [own.buffer] };
  return new Promise((resolve, reject) => {
    const worker = spawn(options);
    let settled = false;
    worker.once('message', (result: Result<Int16Array>) => {
      settled = true;
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the conversion worker exited with ${code} before answering`));
    });
  });
}
