// Long seeded fuzz run of the SIP parser: mutated RFC 4475 torture messages, each parsed as
// a datagram and, every tenth, pushed through the stream framer in random chunks. Prints
// throughput, verdict counts and memory at start and end (to show memory stays bounded);
// an exception escaping the parser stops the run with the seed and case number.
// Run: node --import tsx bench/sip-fuzz.ts [count, default 1000000] [seed]
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { mutate, SeededRandom } from '../src/sip/message/fuzz.js';
import { parseMessage, SipStreamFramer } from '../src/sip/message/index.js';

const count = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 4475);
const dir = new URL('../test/fixtures/rfc4475/', import.meta.url);
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.dat'))
  .sort()
  .map((f) => readFileSync(new URL(f, dir)));

const mb = (n: number): string => (n / 1048576).toFixed(1) + ' MB';
function memory(label: string): void {
  const m = process.memoryUsage();
  console.log(`${label.padEnd(6)} heap used ${mb(m.heapUsed)}, heap total ${mb(m.heapTotal)}, RSS ${mb(m.rss)}`);
}

console.log(`fuzzing ${count.toLocaleString('en')} messages, seed ${seed}, corpus ${corpus.length} RFC 4475 messages, node ${process.version}`);
memory('start');

const rng = new SeededRandom(seed);
let accepted = 0;
let withDefects = 0;
let rejected = 0;
let bytes = 0;
let framed = 0;
const reasons = new Map<string, number>();
const t0 = performance.now();
let parseMs = 0;
for (let i = 0; i < count; i++) {
  const input = mutate(rng, corpus);
  bytes += input.length;
  const p0 = performance.now();
  let r;
  try {
    r = parseMessage(input);
  } catch (e) {
    console.error(`exception at case ${i} (seed ${seed}):`, e, JSON.stringify(input.toString('latin1')));
    process.exit(1);
  }
  parseMs += performance.now() - p0;
  if (r.ok) {
    accepted++;
    if (r.value.defects.length > 0) withDefects++;
  } else {
    rejected++;
    const code = r.problems[0]?.code ?? '?';
    reasons.set(code, (reasons.get(code) ?? 0) + 1);
  }
  if (i % 10 === 0) {
    const framer = new SipStreamFramer();
    for (let at = 0; at < input.length; ) {
      const n = 1 + rng.below(512);
      framed += framer.push(input.subarray(at, at + n)).length;
      at += n;
    }
  }
  if ((i + 1) % 250_000 === 0) memory(`${(i + 1) / 1000}k`);
}
const ms = performance.now() - t0;

console.log(`accepted ${accepted.toLocaleString('en')} (${withDefects.toLocaleString('en')} with defects), rejected ${rejected.toLocaleString('en')}`);
console.log(`parser: ${Math.round((count / parseMs) * 1000).toLocaleString('en')} messages/s (${((bytes / 1048576 / parseMs) * 1000).toFixed(1)} MB/s); whole loop incl. mutation and framing ${Math.round((count / ms) * 1000).toLocaleString('en')} messages/s`);
console.log(`framer events: ${framed.toLocaleString('en')}`);
console.log('rejections by reason:');
for (const [code, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${code.padEnd(30)} ${n.toLocaleString('en')}`);
memory('end');
