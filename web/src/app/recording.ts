// Audio in the browser for uploads: any file the browser can play becomes a WAV (decoded by
// the browser, so MP3, M4A and Ogg work although the server reads WAV only), and a recording
// from the microphone (MediaRecorder) becomes one too.
import { clientError } from '../api/client.js';
import { looksLikeWav, mixDown, wavFromFloat } from '../logic/wav.js';

/** The rate the browser decodes to: twice the telephone band, so the server's filter has room. */
const DECODE_RATE = 16_000;

/** WAVs up to this size go as they are (the server's limit is 64 MB). */
const WAV_AS_IS_BYTES = 48 * 1024 * 1024;

/** At most this long: the server refuses more than a minute. */
export const MAX_RECORDING_MS = 60_000;

async function decodeToWav(data: ArrayBuffer): Promise<Blob> {
  const context = new OfflineAudioContext(1, 1, DECODE_RATE);
  let audio: AudioBuffer;
  try {
    audio = await context.decodeAudioData(data);
  } catch {
    throw clientError('Filen kunde inte läsas som ljud. Välj en WAV-, MP3- eller annan ljudfil.', 'The browser could not decode the file as audio.');
  }
  const channels = Array.from({ length: audio.numberOfChannels }, (_, i) => audio.getChannelData(i));
  return new Blob([wavFromFloat(mixDown(channels), audio.sampleRate)], { type: 'audio/wav' });
}

/** The file as a WAV: a WAV goes as it is, anything else is decoded by the browser first. */
export async function asWav(file: Blob): Promise<Blob> {
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  // A long WAV at CD quality would pass the server's upload limit: the browser makes it mono 16 kHz.
  if (looksLikeWav(head) && file.size <= WAV_AS_IS_BYTES) return file.type === 'audio/wav' ? file : new Blob([file], { type: 'audio/wav' });
  return decodeToWav(await file.arrayBuffer());
}

/** A recording from the microphone; `stop` gives it as a WAV. Stops by itself after a minute. */
export class MicRecording {
  private readonly chunks: Blob[] = [];
  private readonly done: Promise<void>;
  private readonly limit: ReturnType<typeof setTimeout>;

  private constructor(private readonly stream: MediaStream, private readonly recorder: MediaRecorder, onLimit: () => void) {
    this.done = new Promise((resolve) => recorder.addEventListener('stop', () => resolve()));
    recorder.addEventListener('dataavailable', (e) => {
      if (e.data.size > 0) this.chunks.push(e.data);
    });
    recorder.start(250);
    this.limit = setTimeout(onLimit, MAX_RECORDING_MS);
  }

  static async start(onLimit: () => void): Promise<MicRecording> {
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      throw clientError('Webbläsaren kan inte spela in ljud. Ladda upp en ljudfil i stället.', 'getUserMedia or MediaRecorder is missing.');
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: true, autoGainControl: true } });
    } catch {
      throw clientError('Mikrofonen kunde inte användas. Tillåt mikrofonen för sidan och försök igen.', 'Microphone access was refused or failed.');
    }
    return new MicRecording(stream, new MediaRecorder(stream), onLimit);
  }

  private release(): void {
    clearTimeout(this.limit);
    for (const track of this.stream.getTracks()) track.stop();
  }

  async stop(): Promise<Blob> {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    await this.done;
    this.release();
    const recorded = new Blob(this.chunks, { type: this.recorder.mimeType });
    if (recorded.size === 0) throw clientError('Inget ljud spelades in. Kontrollera mikrofonen.', 'The recording is empty.');
    return decodeToWav(await recorded.arrayBuffer());
  }

  cancel(): void {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.release();
  }
}
