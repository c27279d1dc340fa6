// vCard 4.0 (RFC 6350) of people in the directory, for phones, mail clients and the intranet.
import { byId, fullName, unitChain, type DirectoryState, type Person, type Unit } from './types.js';

export interface VCardOptions {
  /** First ORG component, e.g. "Linköpings kommun". */
  organisation: string;
  /** The switchboard's number (E.164); with it, an extension becomes tel:+46...;ext=2345. */
  mainNumber?: string;
}

/** RFC 6350 section 3.4: backslash, comma and line breaks are escaped in text values. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** In structured values (N, ORG) the semicolon separates components, so it is escaped too. */
export function escapeComponent(value: string): string {
  return escapeText(value).replace(/;/g, '\\;');
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * RFC 6350 section 3.2: lines longer than 75 octets are folded with CRLF and one space,
 * never inside a multi-octet UTF-8 character.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0)!);
    if (octets + n > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** RFC 3966 tel URI of an E.164 number. */
function telUri(e164: string, ext?: string): string {
  return `tel:${e164}${ext ? `;ext=${ext}` : ''}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function personToVCard(person: Person, state: DirectoryState, options: VCardOptions): string {
  return vcardOf(person, byId(state.units), options);
}

function vcardOf(person: Person, units: ReadonlyMap<string, Unit>, options: VCardOptions): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', 'KIND:individual'];
  lines.push(UUID.test(person.id) ? `UID:urn:uuid:${person.id.toLowerCase()}` : `UID;VALUE=text:${escapeText(person.id)}`);
  lines.push(`FN:${escapeText(fullName(person))}`);
  lines.push(`N:${escapeComponent(person.lastName)};${escapeComponent(person.firstName)};;;`);
  const org = [options.organisation, ...unitChain(person.unitId, units).reverse().map((u) => u.name)];
  lines.push(`ORG:${org.map(escapeComponent).join(';')}`);
  if (person.title) lines.push(`TITLE:${escapeText(person.title)}`);

  // P-MOB-8: with a mobile extension the fixed number is the official one, so the mobile
  // number is left out and the fixed number preferred.
  const official = person.directNumber
    ? telUri(person.directNumber)
    : person.extension && options.mainNumber
      ? telUri(options.mainNumber, person.extension)
      : undefined;
  if (official) lines.push(`TEL;VALUE=uri;TYPE="work,voice";PREF=1:${official}`);
  if (person.mobileNumber && !person.mobileExtension) lines.push(`TEL;VALUE=uri;TYPE="work,cell":${telUri(person.mobileNumber)}`);
  if (person.email) lines.push(`EMAIL;TYPE=work:${escapeText(person.email)}`);
  if (person.matters.length > 0) lines.push(`CATEGORIES:${person.matters.map(escapeText).join(',')}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** One file of vCards, people in the order given. */
export function exportVCards(people: readonly Person[], state: DirectoryState, options: VCardOptions): string {
  const units = byId(state.units);
  return people.map((p) => vcardOf(p, units, options)).join('');
}
