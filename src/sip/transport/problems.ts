// Problems of the transport layer: Swedish for people, English for developers (core/errors.ts).
import { problemCatalogue, type Problem } from '../../core/errors.js';

const TEXTS = {
  'sip.target.invalid': ['SIP-adressen för trunken är ogiltig (värd:port:transport).', 'Invalid static target (host:port:transport)'],
  'sip.target.needs-dns': [
    'SIP-adressen är ett värdnamn; ange en IP-adress eller en fast adress för värden.',
    'Host name needs DNS; give an IP literal or a static host entry',
  ],
  'sip.target.transport': ['Transportprotokollet stöds inte.', 'Unsupported transport'],
  'sip.target.scheme': ['Adressen är ingen SIP-adress.', 'Not a SIP or SIPS URI'],
} as const satisfies Record<string, readonly [string, string]>;

export type TransportProblemCode = keyof typeof TEXTS;

const catalogue = problemCatalogue(TEXTS);

/** A problem with the catalogue's texts; `detail` is appended to the English text. */
export const transportProblem: (code: TransportProblemCode, detail?: string, extra?: Omit<Problem, 'code' | 'sv' | 'en'>) => Problem = catalogue.problem;
