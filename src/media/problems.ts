// Every problem the media layer reports: Swedish for people, English for developers
// (core/errors.ts). Codes are stable; call control switches on them (e.g. 488 for
// 'media.sdp.no-common-codec').
import { problemCatalogue, type Problem } from '../core/errors.js';

const TEXTS = {
  'media.wav.invalid': ['Ljudfilen är inte en giltig WAV-fil.', 'Not a valid WAV file'],
  'media.wav.unsupported': ['Ljudfilens format stöds inte (använd 16-bitars PCM, µ-law eller A-law).', 'Unsupported WAV encoding'],
  'media.wav.not-8khz-mono': ['Ljudklippet måste vara mono med 8000 Hz samplingsfrekvens.', 'Clip must be mono at 8000 Hz'],
  'media.wav.repair-failed': ['Inspelningen kunde inte repareras.', 'Recording could not be repaired'],
  'media.sdp.invalid': ['Mediebeskrivningen (SDP) är ogiltig.', 'Invalid SDP'],
  'media.sdp.no-audio': ['Samtalet erbjuder inget ljud som kan tas emot.', 'No usable audio stream in the offer'],
  'media.sdp.no-common-codec': ['Ingen gemensam ljudkodek (PCMU/PCMA) finns.', 'No codec in common'],
  'media.sdp.answer-mismatch': ['Svaret på mediebeskrivningen stämmer inte med erbjudandet.', 'Answer does not match the offer'],
  'media.ports.exhausted': ['Det finns inga lediga portar för samtalsljud.', 'No free RTP port in the range'],
  'media.dtmf.invalid-digit': ['Ogiltig tonvalssiffra.', 'Invalid DTMF digit'],
  'media.dtmf.not-negotiated': ['Motparten tar inte emot tonval (telephone-event).', 'telephone-event was not negotiated'],
} as const satisfies Record<string, readonly [string, string]>;

export type MediaProblemCode = keyof typeof TEXTS;

const catalogue = problemCatalogue(TEXTS);

/** A problem with the catalogue's texts; `detail` is appended to the English text. */
export const mediaProblem: (code: MediaProblemCode, detail?: string, extra?: Omit<Problem, 'code' | 'sv' | 'en'>) => Problem = catalogue.problem;

/** Throws a DomainError: for misuse by the caller (bad arguments), not for bad input from the network. */
export const mediaError: (code: MediaProblemCode, detail?: string, extra?: Omit<Problem, 'code' | 'sv' | 'en'>) => never = catalogue.error;
