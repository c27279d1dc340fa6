// Every problem the message layer reports, with its Swedish text for people and its
// English text for developers (core/errors.ts). Codes are stable: other layers switch on them.
import { problemCatalogue, type Problem } from '../../core/errors.js';

const TEXTS = {
  'sip.message.empty': ['SIP-meddelandet är tomt.', 'Empty SIP message'],
  'sip.message.too-large': ['SIP-meddelandet är för stort.', 'SIP message too large'],
  'sip.message.incomplete': ['SIP-meddelandet saknar slut på huvudfälten.', 'SIP message headers are not terminated by an empty line'],
  'sip.line.too-long': ['En rad i SIP-meddelandet är för lång.', 'Line too long'],
  'sip.line.bare-cr': ['SIP-meddelandet innehåller ett ensamt CR-tecken.', 'Bare CR in the header section'],
  'sip.headers.too-many': ['SIP-meddelandet har för många huvudfält.', 'Too many header fields'],
  'sip.header.line': ['Ett huvudfält i SIP-meddelandet är felformat.', 'Malformed header line'],
  'sip.start-line.invalid': ['Startraden i SIP-meddelandet är ogiltig.', 'Invalid start line'],
  'sip.version.unsupported': ['SIP-versionen stöds inte.', 'Unsupported SIP version'],
  'sip.request-uri.invalid': ['Mottagaradressen (Request-URI) är ogiltig.', 'Invalid Request-URI'],
  'sip.status.invalid': ['Statuskoden i SIP-svaret är ogiltig.', 'Invalid status code'],
  'sip.content-length.invalid': ['Content-Length är ogiltig.', 'Invalid Content-Length'],
  'sip.content-length.conflict': ['SIP-meddelandet har motstridiga Content-Length.', 'Conflicting Content-Length values'],
  'sip.body.truncated': ['Meddelandekroppen är kortare än Content-Length anger.', 'Body shorter than Content-Length'],
  'sip.body.trailing': ['Det finns data efter meddelandekroppen.', 'Data after the message body'],
  'sip.header.invalid': ['Ett huvudfält i SIP-meddelandet har ogiltigt innehåll.', 'Invalid header field value'],
  'sip.header.missing': ['Ett obligatoriskt huvudfält saknas.', 'Required header field missing'],
  'sip.header.multiple': ['Ett huvudfält som bara får förekomma en gång förekommer flera gånger.', 'Single-valued header field appears more than once'],
  'sip.cseq.method-mismatch': ['Metoden i CSeq stämmer inte med förfrågan.', 'CSeq method does not match the request method'],
  'sip.request-uri.headers': ['Mottagaradressen får inte innehålla huvudfält.', 'Request-URI must not contain headers'],
  'sip.date.invalid': ['Datumfältet är ogiltigt.', 'Invalid Date header field'],
  'sip.header.crlf': ['Ett värde innehåller radbrytning och kan inte skickas.', 'Value contains CR or LF'],
  'sip.header.name': ['Ogiltigt namn på huvudfält.', 'Invalid header field name'],
  'sip.value.invalid': ['Ett värde i SIP-meddelandet är ogiltigt.', 'Invalid value'],
  'sip.uri.invalid': ['SIP-adressen är ogiltig.', 'Invalid URI'],
  'sip.sdp.invalid': ['Mediebeskrivningen (SDP) är ogiltig.', 'Invalid SDP'],
} as const satisfies Record<string, readonly [string, string]>;

export type SipProblemCode = keyof typeof TEXTS;

const catalogue = problemCatalogue(TEXTS);

/** A problem with the catalogue's texts; `detail` is appended to the English text. */
export const sipProblem: (code: SipProblemCode, detail?: string, extra?: Omit<Problem, 'code' | 'sv' | 'en'>) => Problem = catalogue.problem;

/** Throws a DomainError: for misuse by the caller (bad arguments), not for bad input from the network. */
export const sipError: (code: SipProblemCode, detail?: string, extra?: Omit<Problem, 'code' | 'sv' | 'en'>) => never = catalogue.error;
