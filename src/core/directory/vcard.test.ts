import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeComponent, escapeText, exportVCards, foldLine, personToVCard } from './vcard.js';
import { sampleDirectory, samplePeople } from './sample-directory.js';

const byId = (id: string) => samplePeople.find((p) => p.id === id)!;
const options = { organisation: 'Exempels kommun', mainNumber: '+4613206000' };
const octets = (s: string) => Buffer.byteLength(s, 'utf8');

test('a vCard 4.0 with name, organisation path, title, numbers and e-mail', () => {
  const card = personToVCard(byId('p-erik'), sampleDirectory, options);
  assert.equal(
    card,
    [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'KIND:individual',
      'UID;VALUE=text:p-erik',
      'FN:Erik Åberg',
      'N:Åberg;Erik;;;',
      'ORG:Exempels kommun;Samhällsbyggnadsförvaltningen;Bygglovsenheten',
      'TITLE:Byggnadsinspektör',
      'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+4613206000;ext=2346',
      'EMAIL;TYPE=work:erik.aberg@kommun.se',
      'CATEGORIES:tillsyn,ovårdade tomter',
      'END:VCARD',
      '',
    ].join('\r\n'),
  );
});

test('P-MOB-8: with a mobile extension the fixed number is official and the mobile is left out', () => {
  const anna = personToVCard(byId('p-anna'), sampleDirectory, options);
  assert.match(anna, /\r\nTEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:\+4613206345\r\n/);
  assert.doesNotMatch(anna, /\+46701234567/);
  const plain = personToVCard({ ...byId('p-anna'), mobileExtension: false }, sampleDirectory, options);
  assert.match(plain, /\r\nTEL;VALUE=uri;TYPE="work,cell":tel:\+46701234567\r\n/);
});

test('RFC 6350 3.4: backslash, comma, semicolon and newlines are escaped', () => {
  assert.equal(escapeText('a\\b,c;d\ne'), 'a\\\\b\\,c;d\\ne');
  assert.equal(escapeComponent('Bygg; miljö, plan'), 'Bygg\\; miljö\\, plan');
  const card = personToVCard({ ...byId('p-mats'), lastName: 'Andersson; Wik', title: 'Chef, miljö\noch hälsa' }, sampleDirectory, options);
  assert.match(card, /\r\nN:Andersson\\; Wik;Mats;;;\r\n/);
  assert.match(card, /\r\nTITLE:Chef\\, miljö\\noch hälsa\r\n/);
});

test('RFC 6350 3.2: lines fold at 75 octets without splitting UTF-8 characters', () => {
  const long = 'NOTE:' + 'åäö'.repeat(40);
  const folded = foldLine(long);
  const lines = folded.split('\r\n');
  assert.ok(lines.length > 1);
  for (const l of lines) assert.ok(octets(l) <= 75, `${octets(l)} octets`);
  assert.ok(lines.slice(1).every((l) => l.startsWith(' ')));
  // Unfolding (remove CRLF + one space) gives the line back.
  assert.equal(folded.replace(/\r\n /g, ''), long);
  assert.equal(foldLine('FN:Anna Berg'), 'FN:Anna Berg');
  // Exactly 75 octets stays on one line; 76 folds.
  assert.equal(foldLine('X'.repeat(75)).includes('\r\n'), false);
  assert.equal(foldLine('X'.repeat(76)), `${'X'.repeat(75)}\r\n X`);
});

test('a UUID id becomes a urn:uuid UID; without a main number, an extension alone gives no TEL', () => {
  const id = '0b3e7c1a-5a2b-4c3d-9e8f-1a2b3c4d5e6f';
  const card = personToVCard({ ...byId('p-karin'), id }, sampleDirectory, { organisation: 'K' });
  assert.match(card, new RegExp(`\\r\\nUID:urn:uuid:${id}\\r\\n`));
  assert.doesNotMatch(card, /TEL/);
});

test('exportVCards concatenates cards', () => {
  const all = exportVCards(samplePeople, sampleDirectory, options);
  assert.equal(all.match(/BEGIN:VCARD/g)?.length, samplePeople.length);
  assert.equal(all.match(/END:VCARD\r\n/g)?.length, samplePeople.length);
});
