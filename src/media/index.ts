// Media: RTP sessions, G.711, RFC 4733 digits, prompts, recordings, the B2BUA relay and
// SDP offer/answer. See README.md in this folder.
export { alawDecodeSample, alawEncodeSample, decode, encode, mulawDecodeSample, mulawEncodeSample, SILENCE, transcode, type G711Law } from './g711.js';
export { bytesPerSample, encodeSamples, encodeWav, loadClip, readWav, readWavFile, wavHeader, type WavAudio, type WavEncoding } from './wav.js';
export { repairWav, WavWriter, writeJsonAtomic, type WavSummary, type WavWriterOptions } from './wav-writer.js';
export { parseRtp, writeRtp, looksLikeRtcp, seqDistance, timestampDistance, type RtpHeader, type RtpPacket, type RtpDropReason } from './rtp.js';
export { parseRtcp, ReceptionStats, roundTripMs, type RtcpPacket, type ReportBlock, type SenderReport, type ReceiverReport } from './rtcp.js';
export { ReorderBuffer, type Released, type ReorderStats, type ReorderOptions } from './jitter.js';
export { DtmfReceiver, dtmfSteps, isDtmfString, digitOfEvent, eventOfDigit, type DtmfDigit, type DtmfSendOptions } from './dtmf.js';
export { PacketScheduler, sharedScheduler, type PacedStream, type PacedHandle, type PacingStats, type SchedulerClock } from './scheduler.js';
export { PortPool } from './ports.js';
export { Clip, Player, type PlayOptions, type PlayResult } from './player.js';
export {
  RtpSession,
  type Codec,
  type Direction,
  type Endpoint,
  type MediaParams,
  type RtpKind,
  type RtpSessionEvents,
  type RtpSessionOptions,
  type SessionStats,
} from './session.js';
export { HeldAudio, Recorder, Recording, recoverRecordings, sidecarPath, type RecorderOptions, type RecordingMeta, type RecordingOptions } from './recorder.js';
export { Bridge, bridge } from './bridge.js';
export { acceptAnswer, answerOffer, buildOffer, remoteAudio, type Format, type LocalMedia, type RemoteAudio } from './sdp.js';
export { correlationAt, rms, testSignal, tone, xcorr, type Correlation, type Samples } from './analysis.js';
export { mediaProblem, type MediaProblemCode } from './problems.js';
export { downmix, isSilent, normalizePeak, resample, SILENCE_RMS, TELEPHONE_RATE, telephoneAudioFromWav, trimSilence, type UploadLimits, type UploadWording } from './convert.js';
