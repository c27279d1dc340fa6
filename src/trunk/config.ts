// A trunk's settings as an admin enters them, checked and normalised before they are stored.
// Every problem names its field and carries a Swedish text for the admin (errors.ts).
import { isIP } from 'node:net';
import { fail, ok, problemCatalogue, type Problem, type Result } from '../core/errors.js';
import { normalizeNumber } from '../core/numbers/index.js';
import { isHost } from '../sip/message/index.js';

export type TrunkMode = 'register' | 'ip';
export type TrunkTransport = 'UDP' | 'TCP';

/** A trunk's settings in the form the service stores (camelCase; `secret` never leaves the service). */
export interface TrunkSettings {
  name: string;
  mode: TrunkMode;
  /** An IP literal (IPv6 without brackets) or a host name, lower case. */
  host: string;
  /** Null: the operator's servers come from its SRV records (RFC 3263 4.2; a host name only). */
  port: number | null;
  transport: TrunkTransport;
  username: string | null;
  secret: string | null;
  /** E.164; null: the municipality's main number is presented. */
  callerId: string | null;
  /** Source addresses or CIDR prefixes the operator sends from, normalised. */
  addresses: string[];
  registerExpires: number;
  enabled: boolean;
}

/** Registration intervals we ask for, in seconds: RFC 3261 10.2.1.1 leaves them to us. */
export const REGISTER_EXPIRES = { min: 60, max: 86_400, default: 600 } as const;
export const MAX_ADDRESSES = 50;

const texts = {
  'trunk.name.empty': ['Ange ett namn på trunken.', 'The trunk needs a name'],
  'trunk.name.taken': ['Det finns redan en trunk med det namnet.', 'Another trunk of this municipality has that name'],
  'trunk.host.invalid': ['Värden måste vara en IP-adress eller ett giltigt värdnamn, till exempel sip.operator.se.', 'host must be an IP literal or a host name'],
  'trunk.host.port': ['Skriv porten i fältet för port, inte i värdnamnet.', 'host contains a port; use the port field'],
  'trunk.port.invalid': ['Porten måste vara ett heltal mellan 1 och 65535.', 'port must be an integer in 1..65535'],
  'trunk.port.srv-needs-name': ['Utan port söks operatörens servrar i DNS (SRV-poster), och det kräver ett värdnamn. Ange en port för en IP-adress.', 'port null (SRV lookup) needs a host name, not an IP address'],
  'trunk.username.missing': ['En trunk som registrerar sig behöver ett användarnamn från operatören.', "mode 'register' needs a username"],
  'trunk.username.invalid': ['Användarnamnet får bara innehålla synliga tecken utan mellanslag (högst 64).', 'username must be 1-64 printable ASCII characters without spaces'],
  'trunk.secret.missing': ['En trunk som registrerar sig behöver ett lösenord från operatören.', "mode 'register' needs a secret"],
  'trunk.secret.invalid': ['Lösenordet får vara högst 128 tecken och inte innehålla radbrytningar.', 'secret must be 1-128 characters without line breaks'],
  'trunk.caller-id.invalid': ['Nummerpresentationen måste vara ett telefonnummer, till exempel 08-465 004 00.', 'callerId is not a phone number'],
  'trunk.caller-id.foreign': ['Nummerpresentationen måste vara ett av kommunens egna nummer (växelnumret eller ett direktnummer).', "callerId is not one of the municipality's numbers"],
  'trunk.address.invalid': ['Adressen måste vara en IP-adress eller ett nät i CIDR-form, till exempel 192.0.2.0/28.', 'address must be an IP address or CIDR prefix'],
  'trunk.address.too-many': [`Högst ${MAX_ADDRESSES} adresser per trunk.`, `at most ${MAX_ADDRESSES} addresses`],
  'trunk.expires.invalid': [`Registreringstiden måste vara mellan ${REGISTER_EXPIRES.min} och ${REGISTER_EXPIRES.max} sekunder.`, `registerExpires must be in ${REGISTER_EXPIRES.min}..${REGISTER_EXPIRES.max}`],
} as const;

export const trunkProblems = problemCatalogue(texts);
const p = trunkProblems.problem;

/** "192.0.2.10", "2001:db8::1", "[2001:db8::1]" -> the address as sockets report it; undefined if not an IP literal. */
export function ipLiteral(text: string): string | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIP(bare) === 0) return undefined;
  const lower = bare.toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

/** "192.0.2.0/28" or a single address, normalised; undefined when neither. */
export function normalizeSourceAddress(text: string): string | undefined {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash < 0) return ipLiteral(t);
  const address = ipLiteral(t.slice(0, slash));
  const bits = t.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(bits)) return undefined;
  const max = isIP(address) === 4 ? 32 : 128;
  const n = Number(bits);
  return n <= max ? `${address}/${n}` : undefined;
}

function normalizeHost(text: string): Result<string> {
  const t = text.trim().toLowerCase();
  const ip = ipLiteral(t);
  if (ip !== undefined) return ok(ip);
  // "sip.op.se:5060" or "192.0.2.1:5060": the port has a field of its own.
  if (/^[^:]+:\d+$/.test(t) || /^\[.*\]:\d+$/.test(t)) return fail(p('trunk.host.port', t, { field: 'host' }));
  // A name must be a DNS name (RFC 1123 labels), not digits that only look like an address.
  if (t.length > 253 || !isHost(t) || !/[a-z]/.test(t)) return fail(p('trunk.host.invalid', JSON.stringify(t), { field: 'host' }));
  return ok(t.endsWith('.') ? t.slice(0, -1) : t);
}

/**
 * Checks settings that are about to be stored (a new trunk, or an old one with changes
 * applied) and returns them normalised. `ownNumber` says whether an E.164 number belongs to
 * the municipality (its main number or a direct number).
 */
export function validateTrunk(input: TrunkSettings, ownNumber: (e164: string) => boolean): Result<TrunkSettings> {
  const problems: Problem[] = [];
  const name = input.name.trim();
  if (name === '' || name.length > 100) problems.push(p('trunk.name.empty', undefined, { field: 'name' }));

  const host = normalizeHost(input.host);
  if (!host.ok) problems.push(...host.problems);
  if (input.port === null) {
    if (host.ok && ipLiteral(host.value) !== undefined) problems.push(p('trunk.port.srv-needs-name', host.value, { field: 'port' }));
  } else if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) {
    problems.push(p('trunk.port.invalid', String(input.port), { field: 'port' }));
  }

  const username = input.username?.trim() || null;
  if (username !== null && !/^[\x21-\x7e]{1,64}$/.test(username)) problems.push(p('trunk.username.invalid', undefined, { field: 'username' }));
  const secret = input.secret === null || input.secret === '' ? null : input.secret;
  if (secret !== null && (secret.length > 128 || /[\r\n\0]/.test(secret))) problems.push(p('trunk.secret.invalid', undefined, { field: 'secret' }));
  if (input.mode === 'register') {
    if (username === null) problems.push(p('trunk.username.missing', undefined, { field: 'username' }));
    if (secret === null) problems.push(p('trunk.secret.missing', undefined, { field: 'secret' }));
  }
  const expires = input.registerExpires;
  if (!Number.isInteger(expires) || expires < REGISTER_EXPIRES.min || expires > REGISTER_EXPIRES.max) {
    problems.push(p('trunk.expires.invalid', String(expires), { field: 'registerExpires' }));
  }

  let callerId: string | null = null;
  if (input.callerId !== null && input.callerId.trim() !== '') {
    const n = normalizeNumber(input.callerId);
    if (!n.ok || n.value.form !== 'e164') problems.push(p('trunk.caller-id.invalid', JSON.stringify(input.callerId), { field: 'callerId' }));
    else if (!ownNumber(n.value.value)) problems.push(p('trunk.caller-id.foreign', n.value.value, { field: 'callerId' }));
    else callerId = n.value.value;
  }

  const addresses: string[] = [];
  if (input.addresses.length > MAX_ADDRESSES) problems.push(p('trunk.address.too-many', undefined, { field: 'addresses' }));
  input.addresses.forEach((a, i) => {
    const n = normalizeSourceAddress(a);
    if (n === undefined) problems.push(p('trunk.address.invalid', JSON.stringify(a), { field: `addresses.${i}` }));
    else if (!addresses.includes(n)) addresses.push(n);
  });

  if (problems.length > 0) return fail(problems);
  return ok({ ...input, name, host: host.ok ? host.value : '', username, secret, callerId, addresses });
}
