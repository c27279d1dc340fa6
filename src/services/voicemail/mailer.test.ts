import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from '../../core/time.js';
import { composeVoicemailMail, swedishCaller, swedishDuration } from './mailer.js';

const at = (iso: string) => Temporal.Instant.from(iso);

test('P-CB-1: the e-mail says who, when, how long and by when to call back, in Swedish', () => {
  const { subject, text } = composeVoicemailMail({
    firstName: 'Anna', box: { kind: 'person' }, caller: { number: '+46701740610', name: 'Eva Lund' },
    receivedAt: at('2026-04-02T13:05:00Z'), durationMs: 65_400, due: at('2026-04-08T14:30:00Z'),
    publicUrl: 'https://vaxel.valdemarsvik.se', voicemailNumber: '2222',
  });
  assert.equal(subject, 'Nytt röstmeddelande från Eva Lund, 070-174 06 10');
  assert.equal(text, [
    'Hej Anna!', '', 'Du har fått ett nytt röstmeddelande.', '',
    'Från: Eva Lund, 070-174 06 10',
    'Mottaget: torsdag 2 april kl. 15.05',
    'Längd: 1 minut och 5 sekunder',
    'Ring upp senast: onsdag 8 april kl. 16.30',
    '', 'Meddelandet finns bifogat som ljudfil.',
    'Du kan också lyssna på det i Öppen Växel: https://vaxel.valdemarsvik.se, eller ringa 2222 från din telefon.',
    '', 'Ring upp den som lämnade meddelandet, eller svara med e-post, senast vid tiden ovan.', '',
  ].join('\n'));
});

test('a function\'s and the switchboard\'s box say whose box; a withheld number is "okänt nummer"', () => {
  const base = { firstName: 'Sara', receivedAt: at('2026-12-31T10:00:00Z'), durationMs: 4000, due: null, publicUrl: 'http://x', voicemailNumber: null };
  const fn = composeVoicemailMail({ ...base, box: { kind: 'function', name: 'Bygglov' }, caller: { number: 'anonymous', name: null } });
  assert.equal(fn.subject, 'Nytt röstmeddelande till Bygglov från okänt nummer');
  assert.match(fn.text, /^Ett nytt röstmeddelande har kommit till Bygglov\.$/m);
  assert.doesNotMatch(fn.text, /Ring upp senast/, 'no call-back, no deadline');
  const sw = composeVoicemailMail({ ...base, box: { kind: 'switchboard' }, caller: { number: '2004', name: null } });
  assert.equal(sw.subject, 'Nytt röstmeddelande till växeln från anknytning 2004');
});

test('durations and callers read as Swedes write them', () => {
  assert.deepEqual([400, 1000, 59_600, 60_000, 61_000, 180_000].map(swedishDuration), ['1 sekund', '1 sekund', '1 minut', '1 minut', '1 minut och 1 sekund', '3 minuter']);
  assert.equal(swedishCaller({ number: '+4686001000', name: null }), '08-600 10 00');
  assert.equal(swedishCaller({ number: null, name: null }), 'okänt nummer');
});
