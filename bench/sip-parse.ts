// Parse and serialize a typical INVITE with SDP, one core. Prints figures; asserts nothing.
// Run: node --import tsx bench/sip-parse.ts [seconds per case, default 2]
import { performance } from 'node:perf_hooks';
import { createResponse, newTag, parseMessage, serializeMessage, SipRequest } from '../src/sip/message/index.js';
import { SAMPLE_INVITE } from '../src/sip/message/samples.js';

const INVITE = Buffer.from(SAMPLE_INVITE);

function measure(label: string, seconds: number, fn: () => void): void {
  for (let i = 0; i < 20_000; i++) fn(); // warm up the JIT
  let ops = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i++) fn();
    ops += 1000;
  }
  const ms = performance.now() - t0;
  const perSecond = (ops / ms) * 1000;
  console.log(`${label.padEnd(58)} ${Math.round(perSecond).toLocaleString('en').padStart(10)} ops/s  ${((ms * 1000) / ops).toFixed(2).padStart(6)} µs/op`);
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

if (sink === 0) console.log('(no typed values were read)');
