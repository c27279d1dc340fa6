import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUri } from '../sip/message/index.js';
import { callerNumber, dialledNumber, identityWithheld, trunkNumber } from './inbound.js';

const uri = (s: string) => {
  const r = parseUri(s);
  if (!r.ok) throw new Error(s);
  return r.value;
};

test('numbers as operators write them become E.164', () => {
  assert.equal(trunkNumber('+46846500401'), '+46846500401');
  assert.equal(trunkNumber('0846500401'), '+46846500401', 'national with trunk prefix 0');
  assert.equal(trunkNumber('0046846500401'), '+46846500401', 'international prefix 00');
  assert.equal(trunkNumber('46846500401'), '+46846500401', 'E.164 without the plus');
  assert.equal(trunkNumber('+46-8-465-004-01'), '+46846500401', 'RFC 3966 visual separators');
  assert.equal(trunkNumber('+442079460000'), '+442079460000');
  assert.equal(trunkNumber('112'), '112', 'short numbers stay digits');
  assert.equal(trunkNumber('2211'), '2211', 'an extension stays digits');
  assert.equal(trunkNumber('4621'), '4621', 'four digits starting 46 are not E.164');
  assert.equal(trunkNumber('alice'), undefined);
  assert.equal(trunkNumber(''), undefined);
});

test('dialled: the Request-URI user, normalised', () => {
  assert.equal(dialledNumber(uri('sip:+46846500401@192.0.2.1;user=phone'), '<sip:+46846500401@op.example>'), '+46846500401');
  assert.equal(dialledNumber(uri('sip:0846500401@192.0.2.1'), '<sip:x@op.example>'), '+46846500401');
  assert.equal(dialledNumber(uri('sip:0846500401;phone-context=+46@192.0.2.1;user=phone'), '<sip:x@op.example>'), '+46846500401', 'user parameters are dropped');
  assert.equal(dialledNumber(uri('tel:+46-8-465-004-01'), '<sip:x@op.example>'), '+46846500401');
});

test('dialled: To when the Request-URI is our registered contact or not a number', () => {
  assert.equal(dialledNumber(uri('sip:4684650040@10.0.0.1:5060'), '<sip:+46846500417@op.example>', ['4684650040']), '+46846500417', 'a numeric account is not taken as the DID');
  assert.equal(dialledNumber(uri('sip:valdemarsvik@10.0.0.1'), '"Kommunen" <sip:0846500417@op.example>;tag=1'), '+46846500417');
  assert.equal(dialledNumber(uri('sip:valdemarsvik@10.0.0.1'), '<tel:+46846500417>'), '+46846500417');
  assert.equal(dialledNumber(uri('sip:valdemarsvik@10.0.0.1'), '<sip:vaxel@op.example>'), 'valdemarsvik', 'nothing numeric: the user as it came');
});

test('caller: P-Asserted-Identity before From, tel: before sip:', () => {
  const from = '"Okänd" <sip:0701740610@op.example>;tag=a';
  assert.equal(callerNumber(from), '+46701740610');
  assert.equal(callerNumber(from, ['<sip:+46701740699@op.example;user=phone>']), '+46701740699');
  assert.equal(callerNumber(from, ['<sip:+46701740699@op.example;user=phone>, <tel:+46701740698>']), '+46701740698', 'one header, two values');
  assert.equal(callerNumber(from, ['<sip:+46701740699@op.example>', '<tel:+46701740698>']), '+46701740698', 'two headers');
  assert.equal(callerNumber('<sip:+4613123456@op.example>;tag=x', ['garbage']), '+4613123456', 'an unreadable PAI falls back to From');
});

test("caller: withheld numbers are kept as 'anonymous'", () => {
  assert.equal(callerNumber('"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1'), 'anonymous', 'RFC 3323 4.1.1.3');
  assert.equal(callerNumber('<sip:anonymous@op.example>;tag=1'), 'anonymous');
  assert.equal(callerNumber('<sip:Restricted@op.example>;tag=1'), 'anonymous');
  // The operator vouches for the number but the caller asked to withhold it (RFC 3325 9.3).
  assert.equal(callerNumber('<sip:anonymous@anonymous.invalid>;tag=1', ['<tel:+46701740610>'], 'id'), 'anonymous');
  assert.equal(callerNumber('<sip:0701740610@op.example>;tag=1', [], 'user; critical'), 'anonymous');
  assert.equal(callerNumber('<sip:0701740610@op.example>;tag=1', [], 'none'), '+46701740610');
  assert.equal(identityWithheld('header;id'), true);
  assert.equal(identityWithheld('session'), false);
});
