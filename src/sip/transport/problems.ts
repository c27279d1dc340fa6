// Problems of the transport layer: Swedish for people, English for developers (core/errors.ts).
import { problem, type Problem } from '../../core/errors.js';

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

export function transportProblem(code: TransportProblemCode, detail?: string, extra: Omit<Problem, 'code' | 'sv' | 'en'> = {}): Problem {
  const [sv, en] = TEXTS[code];
  return problem(code, sv, detail ? `${en}: ${detail}` : en, extra);
}
