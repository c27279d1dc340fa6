// SDP bodies (RFC 4566) through sdp-transform, with the few checks it does not make.
import { parse, write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { fail, ok, type Result } from '../../core/errors.js';
import { sipProblem } from './problems.js';

export type { MediaDescription, SessionDescription };

export const SDP_CONTENT_TYPE = 'application/sdp';

/**
 * Parses an SDP body. sdp-transform accepts almost anything, so this checks what every
 * offer or answer must have (RFC 4566 5: v=0 first, o=, s=, t=; RFC 3264 5: media lines
 * with a port and a protocol).
 */
export function parseSdp(body: Buffer | string): Result<SessionDescription> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (!/^v=0\r?\n/.test(text)) return fail(sipProblem('sip.sdp.invalid', 'must start with v=0'));
  let sdp: SessionDescription;
  try {
    sdp = parse(text);
  } catch (e) {
    return fail(sipProblem('sip.sdp.invalid', e instanceof Error ? e.message : String(e)));
  }
  if (!sdp.origin || typeof sdp.origin.address !== 'string') return fail(sipProblem('sip.sdp.invalid', 'missing or malformed o= line'));
  if (sdp.name === undefined) return fail(sipProblem('sip.sdp.invalid', 'missing s= line'));
  if (!sdp.timing) return fail(sipProblem('sip.sdp.invalid', 'missing t= line'));
  for (const m of sdp.media ?? []) {
    if (!Number.isInteger(m.port) || typeof m.protocol !== 'string') return fail(sipProblem('sip.sdp.invalid', `malformed m=${m.type} line`));
  }
  sdp.media ??= [];
  return ok(sdp);
}

/** Writes an SDP body (CRLF line ends). */
export function writeSdp(sdp: SessionDescription): string {
  return write(sdp);
}
