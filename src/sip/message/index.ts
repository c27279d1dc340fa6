// Public API of the SIP message layer. See README.md in this folder.
export { NameAddress, readNameAddress } from './address.js';
export {
  createErrorResponse,
  createRequest,
  createResponse,
  newBranch,
  newCallId,
  newTag,
  REASON_PHRASES,
  reasonPhrase,
  type RequestInit,
} from './builders.js';
export { type FramerEvent, SipStreamFramer } from './framer.js';
export { canonicalName, compactName, type HeaderField, headerKey, SipHeaders } from './headers.js';
export { SipRequest, SipResponse, type SipMessage, type TypedHeaderKey, type TypedHeaders } from './message.js';
export { isHost, isIpv4, isIpv6, type ParamValue, SipParams, unquoteParam } from './params.js';
export {
  DEFAULT_LIMITS,
  parseMessage,
  type ParseFailure,
  type ParseLimits,
  type ParseOptions,
  type ParseResult,
  type ReplyContext,
} from './parser.js';
export { type SipProblemCode } from './problems.js';
export { parseSdp, SDP_CONTENT_TYPE, writeSdp, type MediaDescription, type SessionDescription } from './sdp.js';
export { type SerializeOptions, serializeMessage, startLine } from './serializer.js';
export { AbsoluteUri, parseSipUri, parseUri, SipUri, type SipUriInit, type Uri, uriEquals } from './uri.js';
export {
  type CSeq,
  EventHeader,
  formatCSeq,
  formatReplaces,
  isCallId,
  MAX_CSEQ,
  MediaType,
  readEvent,
  readMediaType,
  readReplaces,
  type Replaces,
} from './values.js';
export { BRANCH_COOKIE, readVia, Via, type ViaInit } from './via.js';
