// RFC 4475 torture messages: every message of section 3, from test/fixtures/rfc4475/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  AbsoluteUri,
  createErrorResponse,
  parseMessage,
  parseSdp,
  serializeMessage,
  SipRequest,
  SipResponse,
  SipStreamFramer,
  SipUri,
  type ParseFailure,
  type SipMessage,
} from './index.js';

const DIR = new URL('../../../test/fixtures/rfc4475/', import.meta.url);

interface Entry {
  file: string;
  section: string;
  title: string;
  category: 'valid' | 'invalid' | 'invalid-parseable';
}

const index = JSON.parse(readFileSync(new URL('index.json', DIR), 'utf8')) as { messages: Entry[] };
const bytes = (file: string): Buffer => readFileSync(new URL(file, DIR));

function parsed(file: string): SipMessage {
  const r = parseMessage(bytes(file));
  if (!r.ok) assert.fail(`${file}: ${r.problems.map((p) => p.en).join('; ')}`);
  return r.value;
}

function request(file: string): SipRequest {
  const m = parsed(file);
  assert.ok(m instanceof SipRequest, `${file} is a request`);
  return m;
}

function rejected(file: string): ParseFailure {
  const r = parseMessage(bytes(file));
  assert.equal(r.ok, false, `${file} must be rejected`);
  return r as ParseFailure;
}

function sipUri(u: unknown): SipUri {
  assert.ok(u instanceof SipUri);
  return u;
}

test('the fixtures are the 49 messages of RFC 4475 section 3, each listed once', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.dat')).sort();
  assert.equal(files.length, 49);
  assert.deepEqual(index.messages.map((m) => m.file).sort(), files);
  assert.equal(bytes('mpart01.dat').length, 1290);
  assert.equal(bytes('longreq.dat').length, 3515);
});

describe('every message: nothing throws, and the category holds', () => {
  for (const m of index.messages) {
    test(`${m.section} ${m.title} (${m.file}) is ${m.category}`, () => {
      const r = parseMessage(bytes(m.file));
      if (m.category === 'invalid') {
        assert.equal(r.ok, false);
      } else {
        assert.ok(r.ok, r.ok ? '' : r.problems[0]?.en);
        assert.equal(r.value.defects.length > 0, m.category === 'invalid-parseable', JSON.stringify(r.value.defects));
        // what we accept we can write out and read back
        const again = parseMessage(serializeMessage(r.value));
        assert.ok(again.ok);
      }
    });
  }
});

describe('3.1.1 valid messages: key fields', () => {
  test('3.1.1.1 wsinv: folding, escapes in quotes, LWS everywhere, compact and long forms', () => {
    const m = request('wsinv.dat');
    assert.equal(m.method, 'INVITE');
    const ruri = sipUri(m.uri);
    assert.equal(ruri.user, 'vivekg');
    assert.equal(ruri.host, 'chair-dnrc.example.com');
    assert.equal(ruri.params.get('unknownparam'), null);
    assert.equal(m.to.tag, '1918181833n');
    assert.equal(m.from.displayName, 'J Rosenberg \\"');
    assert.equal(m.from.tag, '98asjd8');
    assert.equal(m.maxForwards, 68);
    assert.equal(m.callId, 'wsinv.ndaksdj@192.0.2.1');
    assert.deepEqual(m.cseq, { seq: 9, method: 'INVITE' });
    assert.deepEqual(
      m.via.map((v) => [v.transport, v.host, v.branch]),
      [
        ['UDP', '192.0.2.2', '390skdjuw'],
        ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
        ['UDP', '192.168.255.111', 'z9hG4bK30239'],
      ],
    );
    assert.equal(m.headers.get('Subject'), '');
    assert.equal(m.headers.get('NewFangledHeader'), 'newfangled value continued newfangled value');
    // unknown header: one value, never split at its commas
    assert.deepEqual(m.headers.getAll('UnknownHeaderWithUnusualValue'), [';;,,;;,;']);
    assert.equal(m.route[0]?.uri.toString(), 'sip:services.example.com;lr;unknownwith=value;unknown-no-value');
    const contact = m.contact[0];
    assert.equal(contact?.displayName, 'Quoted string ""');
    assert.equal(contact?.params.get('newparam'), 'newvalue');
    assert.equal(contact?.params.get('secondparam'), null);
    assert.equal(contact?.q, 0.33);
    assert.equal(m.contentType?.essence, 'application/sdp');
    assert.equal(m.body.length, 150);
  });

  test('3.1.1.2 intmeth: unusual method, URI, branch, quoted controls, UTF-8', () => {
    const m = request('intmeth.dat');
    assert.equal(m.method, "!interesting-Method0123456789_*+`.%indeed'~");
    const uri = sipUri(m.uri);
    assert.equal(uri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assert.equal(uri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    assert.equal(m.via[0]?.branch, "z9hG4bK-.!%66*_+`'~");
    assert.equal(m.to.displayName, 'BEL:\x07 NUL:\x00 DEL:\x7f');
    assert.equal(m.from.displayName, "token1~` token2'+_ token3*%!.-");
    assert.equal(m.from.params.get("fromParam''~+*_!.-%"), '"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439"');
    assert.equal(m.from.tag, "_token~1'+`*%!-.");
    assert.equal(m.callId, 'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    assert.equal(m.cseq.method, m.method);
    assert.equal(m.headers.get("extensionHeader-!.%*+_`'~"), '\ufeff\u5927\u505c\u96fb');
  });

  test('3.1.1.3 esc01: %HH is decoded in URIs, and never recursively', () => {
    const m = request('esc01.dat');
    assert.equal(sipUri(m.uri).user, 'sips:user@example.com');
    assert.equal(sipUri(m.to.uri).user, 'user');
    assert.equal(sipUri(m.from.uri).user, 'I have spaces');
    const c = sipUri(m.contact[0]?.uri);
    assert.equal(c.user, 'caller');
    assert.equal(c.params.get('lr'), null);
    assert.equal(c.params.get('name'), 'value%41');
    assert.equal(m.contentType?.essence, 'application/sdp'); // compact "C"
  });

  test('3.1.1.4 escnull: %00 in user parts does not shorten them', () => {
    const m = request('escnull.dat');
    assert.equal(sipUri(m.to.uri).user, 'null-\x00-null');
    assert.deepEqual(
      m.contact.map((c) => sipUri(c.uri).user),
      ['\x00', '\x00\x00'],
    );
    assert.equal(m.contact[0]?.uri.toString(), 'sip:%00@host5.example.com');
  });

  test('3.1.1.5 esc02: % is no escape in method, display name, branch or header name', () => {
    const m = request('esc02.dat');
    assert.equal(m.method, 'RE%47IST%45R');
    assert.equal(m.to.displayName, '%Z%45');
    assert.equal(m.via[0]?.branch, 'z9hG4bK209%fzsnel234');
    assert.equal(m.contact.length, 2);
    assert.deepEqual(m.headers.getAll('C%6Fntact'), ['<sip:alias2@host2.example.com>']);
  });

  test('3.1.1.6 lwsdisp: display name directly followed by <', () => {
    const m = request('lwsdisp.dat');
    assert.equal(m.from.displayName, 'caller');
    assert.equal(sipUri(m.from.uri).user, 'caller');
    assert.equal(m.from.tag, '323');
  });

  test('3.1.1.7 longreq: long values and 34 Via values in mixed case and compact form', () => {
    const m = request('longreq.dat');
    assert.equal(m.via.length, 34);
    assert.equal(m.via[0]?.host, 'sip33.example.com');
    assert.equal(m.via[33]?.received, '192.0.2.5');
    assert.equal(m.via[33]?.branch, 'very' + 'long'.repeat(50) + 'branchvalue');
    assert.equal(m.to.displayName, `I have a user name of ${'extreme'.repeat(10)} proportion`);
    assert.equal(sipUri(m.to.uri).port, 6000);
    assert.equal(m.from.tag, '12' + '982'.repeat(50) + '424');
    assert.equal(m.callId, 'longreq.one' + 'really'.repeat(20) + 'longcallid');
    assert.equal(m.body.length, 150);
  });

  test('3.1.1.8 dblreq: octets after the body of a datagram are ignored (RFC 3261 18.3)', () => {
    const m = request('dblreq.dat');
    assert.equal(m.method, 'REGISTER');
    assert.equal(m.body.length, 0);
    assert.equal(m.callId, 'dblreq.0ha0isndaksdj99sdfafnl3lk233412');
    assert.equal(m.contact[0]?.uri.toString(), 'sip:j.user@host.example.com');
  });

  test('3.1.1.9 semiuri: the user part is "user;par=u@example.net"', () => {
    const uri = sipUri(request('semiuri.dat').uri);
    assert.equal(uri.user, 'user;par=u@example.net');
    assert.equal(uri.host, 'example.com');
    assert.equal(uri.params.size, 0);
    assert.deepEqual(request('semiuri.dat').headers.getAll('Accept'), [
      'application/sdp',
      'application/pkcs7-mime',
      'multipart/mixed',
      'multipart/signed',
      'message/sip',
      'message/sipfrag',
    ]);
  });

  test('3.1.1.10 transports: all known and an unknown transport', () => {
    assert.deepEqual(
      request('transports.dat').via.map((v) => v.transport),
      ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP'],
    );
  });

  test('3.1.1.11 mpart01: a binary body with NUL, CR and LF octets is framed by Content-Length', () => {
    const m = request('mpart01.dat');
    assert.equal(m.body.length, 553);
    assert.equal(m.body.subarray(0, 20).toString(), '--7a9cbec02ceef655\r\n');
    assert.ok(m.body.includes(0x00));
    assert.equal(m.contentType?.param('boundary'), '7a9cbec02ceef655');
    assert.equal(m.via[0]?.rport, null);
    // the binary body survives a round trip byte for byte
    const again = parseMessage(serializeMessage(m));
    assert.ok(again.ok);
    assert.ok(again.value.body.equals(m.body));
  });

  test('3.1.1.12 unreason: UTF-8 reason phrase', () => {
    const m = parsed('unreason.dat');
    assert.ok(m instanceof SipResponse);
    assert.equal(m.status, 200);
    assert.ok(m.reason.startsWith('= 2**3 * 5**2 \u043d\u043e '));
    assert.ok(m.reason.endsWith(' - \u043f\u0440\u043e\u0441\u0442\u043e\u0435'));
  });

  test('3.1.1.13 noreason: empty reason phrase', () => {
    const m = parsed('noreason.dat');
    assert.ok(m instanceof SipResponse);
    assert.equal(m.status, 100);
    assert.equal(m.reason, '');
  });
});

describe('3.1.2 invalid messages: rejected, with what a 400 needs', () => {
  const cases: [string, string, number][] = [
    ['badinv01.dat', 'sip.header.invalid', 400],
    ['clerr.dat', 'sip.body.truncated', 400],
    ['ncl.dat', 'sip.content-length.invalid', 400],
    ['scalar02.dat', 'sip.header.invalid', 400],
    ['scalarlg.dat', 'sip.header.invalid', 400],
    ['quotbal.dat', 'sip.header.invalid', 400],
    ['ltgtruri.dat', 'sip.request-uri.invalid', 400],
    ['lwsruri.dat', 'sip.request-uri.invalid', 400],
    ['lwsstart.dat', 'sip.request-uri.invalid', 400],
    ['trws.dat', 'sip.start-line.invalid', 400],
    ['regbadct.dat', 'sip.header.invalid', 400],
    ['badaspec.dat', 'sip.header.invalid', 400],
    ['baddn.dat', 'sip.header.invalid', 400],
    ['badvers.dat', 'sip.version.unsupported', 505],
    ['bigcode.dat', 'sip.status.invalid', 400],
    ['mcl01.dat', 'sip.content-length.conflict', 400],
  ];
  for (const [file, code, status] of cases) {
    test(`${file}: ${code}, status ${status}`, () => {
      const f = rejected(file);
      assert.equal(f.problems[0]?.code, code);
      assert.equal(f.status, status);
      assert.ok(f.problems[0]?.sv && f.problems[0].en);
    });
  }

  test('requests that fail keep Via, From, To, Call-ID and CSeq so a 400 can be sent', () => {
    for (const file of ['badinv01.dat', 'clerr.dat', 'ncl.dat', 'scalar02.dat', 'ltgtruri.dat', 'lwsruri.dat', 'lwsstart.dat', 'trws.dat', 'regbadct.dat', 'badaspec.dat', 'badvers.dat', 'mcl01.dat']) {
      const f = rejected(file);
      assert.equal(f.context.kind, 'request', file);
      const reply = createErrorResponse(f.context, f.status);
      assert.ok(reply, `${file} can be answered`);
      assert.equal(reply.headers.get('Call-ID'), f.context.callId);
      assert.ok(serializeMessage(reply).toString().startsWith(`SIP/2.0 ${f.status} `));
    }
    assert.equal(rejected('badvers.dat').context.callId, 'badvers.31417@c.example.com');
  });

  test('3.1.2.6 quotbal: an unterminated quote in To is the reason', () => {
    const f = rejected('quotbal.dat');
    assert.equal(f.problems[0]?.field, 'To');
    assert.equal(f.context.to, '"Mr. J. User <sip:j.user@example.com>');
  });

  test('3.1.2.5 and 3.1.2.19: responses that fail are marked as responses (to be dropped)', () => {
    assert.equal(rejected('scalarlg.dat').context.kind, 'response');
    assert.equal(rejected('bigcode.dat').context.kind, 'response');
    assert.equal(createErrorResponse(rejected('bigcode.dat').context, 400), undefined);
  });

  test('3.1.2.11 escruri: parsed, with the Request-URI headers as a defect', () => {
    const m = request('escruri.dat');
    assert.deepEqual(m.defects.map((d) => d.code), ['sip.request-uri.headers']);
    assert.equal(sipUri(m.uri).headers.get('Route'), '<sip:example.com>');
  });

  test('3.1.2.12 baddate: parsed, with the non-GMT Date as a defect', () => {
    assert.deepEqual(request('baddate.dat').defects.map((d) => d.code), ['sip.date.invalid']);
  });

  test('3.1.2.17 and 3.1.2.18: CSeq method mismatch is a defect', () => {
    assert.deepEqual(request('mismatch01.dat').defects.map((d) => d.code), ['sip.cseq.method-mismatch']);
    const m2 = request('mismatch02.dat');
    assert.equal(m2.method, 'NEWMETHOD');
    assert.deepEqual(m2.defects.map((d) => d.code), ['sip.cseq.method-mismatch']);
  });
});

describe('3.2-3.4 transaction and application semantics', () => {
  test('3.2.1 badbranch: parsed; the branch is only the magic cookie', () => {
    const via = request('badbranch.dat').via[0];
    assert.equal(via?.branch, 'z9hG4bK');
    assert.equal(via?.isRfc3261Branch, false);
  });

  test('3.3.1 insuf: missing From, To, Call-ID are defects', () => {
    const m = request('insuf.dat');
    assert.deepEqual(m.defects.map((d) => d.field).sort(), ['Call-ID', 'From', 'To']);
    assert.throws(() => m.from, /From/);
  });

  test('3.3.2-3.3.4 unknown URI schemes are kept as they are', () => {
    const unkscm = request('unkscm.dat').uri;
    assert.ok(unkscm instanceof AbsoluteUri);
    assert.equal(unkscm.toString(), 'nobodyknowsthisscheme:totallyopaquecontent');
    assert.equal(request('novelsc.dat').uri.toString(), 'soap.beep://192.0.2.103:3002');
    const m = request('unksm2.dat');
    assert.equal(m.to.uri.toString(), 'isbn:2983792873');
    assert.equal(m.from.uri.toString(), 'http://www.example.com');
    assert.equal(m.contact[0]?.uri.toString(), 'name:John_Smith');
  });

  test('3.3.5 bext01: Require and Proxy-Require lists', () => {
    const m = request('bext01.dat');
    assert.deepEqual(m.require, ['nothingSupportsThis', 'nothingSupportsThisEither']);
    assert.deepEqual(m.proxyRequire, ['noProxiesSupportThis', 'norDoAnyProxiesSupportThis']);
  });

  test('3.3.6 invut: unknown Content-Type with its body', () => {
    const m = request('invut.dat');
    assert.equal(m.contentType?.essence, 'application/unknownformat');
    assert.equal(m.body.length, 40);
  });

  test('3.3.7 regaut01: Authorization is kept raw', () => {
    assert.equal(request('regaut01.dat').headers.get('Authorization'), 'NoOneKnowsThisScheme opaque-data=here');
  });

  test('3.3.8 multi01: every repeated single-value header is a defect', () => {
    const fields = request('multi01.dat').defects.filter((d) => d.code === 'sip.header.multiple').map((d) => d.field);
    assert.deepEqual(fields.sort(), ['CSeq', 'Call-ID', 'From', 'Max-Forwards', 'To']);
  });

  test('3.3.10 bcast: a response with a broadcast Via parses', () => {
    const m = parsed('bcast.dat');
    assert.equal(m.via[1]?.host, '255.255.255.255');
  });

  test('3.3.11 zeromf: Max-Forwards 0', () => {
    assert.equal(request('zeromf.dat').maxForwards, 0);
  });

  test('3.3.12/3.3.13 cparam01/02: header parameter without <>, URI parameter inside <>', () => {
    const c1 = request('cparam01.dat').contact[0];
    assert.equal(c1?.params.get('unknownparam'), null);
    assert.equal(sipUri(c1?.uri).params.size, 0);
    const c2 = request('cparam02.dat').contact[0];
    assert.equal(c2?.params.size, 0);
    assert.equal(sipUri(c2?.uri).params.get('unknownparam'), null);
  });

  test('3.3.14 regescrt: an escaped Route header in a Contact URI', () => {
    const m = request('regescrt.dat');
    assert.equal(sipUri(m.contact[0]?.uri).headers.get('Route'), '<sip:sip.example.com>');
  });

  test('3.3.15 sdp01: the SDP body parses', () => {
    const m = request('sdp01.dat');
    assert.equal(m.headers.get('Accept'), 'text/nobodyKnowsThis');
    const sdp = parseSdp(m.body);
    assert.ok(sdp.ok);
    assert.equal(sdp.value.media.length, 2);
  });

  test('3.4.1 inv2543: no branch, no Max-Forwards, no Content-Length', () => {
    const m = request('inv2543.dat');
    assert.equal(m.via[0]?.branch, undefined);
    assert.equal(m.maxForwards, undefined);
    assert.equal(m.defects.length, 0);
    assert.ok(m.body.toString().startsWith('v=0'));
  });
});

test('over a stream, the framer gives the same verdicts for messages with a sound Content-Length', () => {
  for (const m of index.messages) {
    if (['ncl.dat', 'mcl01.dat', 'clerr.dat', 'inv2543.dat', 'dblreq.dat', 'baddn.dat'].includes(m.file)) continue;
    const events = new SipStreamFramer().push(bytes(m.file));
    const first = events[0];
    assert.ok(first, m.file);
    assert.equal(first.type === 'message', m.category !== 'invalid', `${m.file}: ${first.type}`);
  }
  // negative and conflicting Content-Length lose the framing: the connection must close
  for (const file of ['ncl.dat', 'mcl01.dat']) {
    assert.deepEqual(new SipStreamFramer().push(bytes(file)).map((e) => e.type), ['error'], file);
  }
  // over a stream, clerr just waits for 9999 more octets
  assert.deepEqual(new SipStreamFramer().push(bytes('clerr.dat')), []);
});
