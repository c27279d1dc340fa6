// Parse and serialize a typical INVITE with SDP, one core. Prints figures; asserts nothing.
// Run: node --import tsx bench/sip-parse.ts [seconds per case, default 2]
import { performance } from 'node:perf_hooks';
import { createResponse, newTag, parseMessage, serializeMessage, SipRequest, SipStreamFramer } from '../src/sip/message/index.js';
import { SAMPLE_INVITE, SAMPLE_SDP_OFFER } from '../src/sip/message/samples.js';

const INVITE = Buffer.from(SAMPLE_INVITE);

function measure(label: string, seconds: number, fn: () => void): void {
  // warm up the JIT for a tenth of the time, then run in batches of about 10 ms
  let batch = 1;
  const warmUntil = performance.now() + seconds * 100;
  while (performance.now() < warmUntil) {
    const b0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    if (performance.now() - b0 < 10) batch *= 2;
  }
  let ops = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
  }
  const ms = performance.now() - t0;
  const perSecond = (ops / ms) * 1000;
  console.log(`${label.padEnd(66)} ${Math.round(perSecond).toLocaleString('en').padStart(9)} ops/s ${((ms * 1000) / ops).toFixed(2).padStart(9)} µs/op`);
}

const seconds = Number(process.argv[2] ?? 2);
let sink = 0; // keeps the typed reads from being optimised away
console.log(`INVITE with SDP: ${INVITE.length} bytes; node ${process.version}; ${seconds} s per case`);

measure('parse (datagram)', seconds, () => {
  parseMessage(INVITE);
});

measure('parse + read Via, From, To, Call-ID, CSeq, Contact', seconds, () => {
  const r = parseMessage(INVITE);
  if (!r.ok) throw new Error('benchmark message does not parse');
  const m = r.value;
  sink += (m.topVia?.branch?.length ?? 0) + (m.from.tag?.length ?? 0) + m.to.uri.kind.length + m.callId.length + m.cseq.seq + (m.contact[0] ? 1 : 0);
});

measure('parse + serialize', seconds, () => {
  const r = parseMessage(INVITE);
  if (!r.ok) throw new Error('benchmark message does not parse');
  serializeMessage(r.value);
});

const parsed = parseMessage(INVITE);
if (!parsed.ok || !(parsed.value instanceof SipRequest)) throw new Error('benchmark message does not parse');
const invite = parsed.value;

measure('serialize', seconds, () => {
  serializeMessage(invite);
});

measure('parse + 200 OK with To tag + serialize both (a UAS turn)', seconds, () => {
  const r = parseMessage(INVITE);
  if (!r.ok || !(r.value instanceof SipRequest)) throw new Error('benchmark message does not parse');
  serializeMessage(r.value);
  const ok = createResponse(r.value, 200);
  ok.setToTag(newTag());
  serializeMessage(ok);
});

// Hostile messages near the limits (64 KiB, 8 KiB lines): the parser must stay linear.
function hostile(extra: string[]): Buffer {
  const head = ['OPTIONS sip:b@c.se SIP/2.0', 'Via: SIP/2.0/UDP a.se;branch=z9hG4bK1', 'To: <sip:b@c.se>', 'From: <sip:a@c.se>;tag=1', 'Call-ID: x', 'CSeq: 1 OPTIONS'];
  return Buffer.from([...head, ...extra, '', ''].join('\r\n'));
}
const HOSTILE: Record<string, Buffer> = {
  '7 Via lines with 1300 distinct parameters each': hostile(Array.from({ length: 7 }, () => 'Via: SIP/2.0/UDP a.se' + Array.from({ length: 1300 }, (_, i) => `;p${i}`).join(''))),
  '7 Contact lines with 8000 commas each': hostile(Array.from({ length: 7 }, () => 'Contact: <sip:a@b.se>' + ','.repeat(8000))),
  '7 Contact lines with 300 URIs each': hostile(Array.from({ length: 7 }, () => 'Contact: ' + Array.from({ length: 300 }, (_, i) => `<sip:u${i}@h.se>`).join(','))),
  '250 Route headers': hostile(Array.from({ length: 250 }, (_, i) => `Route: <sip:r${i}.se;lr>`)),
  '7 display names of 4000 quoted-pairs': hostile(Array.from({ length: 7 }, () => 'Contact: "' + '\\"'.repeat(4000) + '" <sip:a@b.se>')),
};
for (const [label, message] of Object.entries(HOSTILE)) {
  measure(`hostile: ${label} (${(message.length / 1024).toFixed(0)} KiB)`, seconds / 4, () => {
    parseMessage(message);
  });
}

// A peer trickling a large message over TCP one byte per segment.
const big = Buffer.from(SAMPLE_INVITE.replace(/Content-Length: \d+/, `Content-Length: ${Buffer.byteLength(SAMPLE_SDP_OFFER) + 60_000}`) + 'x'.repeat(60_000));
measure(`framer: ${(big.length / 1024).toFixed(0)} KiB message pushed one byte at a time`, seconds / 4, () => {
  const framer = new SipStreamFramer();
  for (let i = 0; i < big.length; i++) framer.push(big.subarray(i, i + 1));
});

if (sink === 0) console.log('(no typed values were read)');
