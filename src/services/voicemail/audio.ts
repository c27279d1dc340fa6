// Audio checks for voicemail: an uploaded greeting becomes 8 kHz mono 16-bit PCM (what
// callers hear through G.711), and a recording that holds nothing but silence is told apart
// from one where someone spoke. The conversion itself is the media layer's (media/convert.ts).
import type { Result } from '../../core/errors.js';
import { TELEPHONE_RATE } from '../../media/convert.js';
import { convertOffThread } from '../../media/convert-off-thread.js';

export const VOICEMAIL_RATE = TELEPHONE_RATE;

/** P-VM-2: "a short recorded greeting". */
export const GREETING_MAX_SECONDS = 60;
export const GREETING_MIN_MS = 1000;

/**
 * An uploaded greeting as callers will hear it: any WAV the converter reads (16-, 24- or
 * 32-bit PCM, 32-bit float, µ-law, A-law; any channel count; 8 kHz or more) mixed to mono and
 * resampled to 8 kHz. Refused, with a Swedish reason: not a WAV, another encoding, below
 * 8 kHz, shorter than a second, longer than a minute, or silent.
 */
export function greetingFromWav(bytes: Uint8Array): Promise<Result<Int16Array>> {
  return convertOffThread(bytes, { minMs: GREETING_MIN_MS, maxMs: GREETING_MAX_SECONDS * 1000 },
    { code: 'voicemail.greeting', sv: 'hälsningen', en: 'greeting', field: 'greeting', rule: 'P-VM-2' });
}
