// Benchmark: does DigestServer.verify take measurably longer for a wrong password than for
// an unknown user (P-SEC-1, no extension enumeration by timing)? And how many verifies per
// second does one core manage?
//
// Run: node --import tsx src/sip/auth/bench/verify-timing.ts [iterations]
// Prints median and 90th percentile per case, interleaved so that drift hits all alike.
import { computeHA1, type BaseAlgorithm, type DigestAlgorithm } from '../algorithms.js';
import { DigestClient } from '../client.js';
import { DigestServer, type LookupHA1 } from '../server.js';

const iterations = Number(process.argv[2] ?? 20_000);
const realm = 'vaxel.kommun.se';
const uri = 'sip:vaxel.kommun.se';
const now = Date.now();

function percentile(sorted: bigint[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]);
}

function run(algorithm: DigestAlgorithm): void {
  const server = new DigestServer({ realm, secret: 'bench-secret-0123456789', algorithms: [algorithm], maxCountsPerNonce: iterations + 10 });
  const stored = new Map<string, Partial<Record<BaseAlgorithm, string>>>();
  for (let k = 0; k < 1000; k++) {
    stored.set(`${1000 + k}`, { [algorithm.replace(/-sess$/, '')]: computeHA1(algorithm, `${1000 + k}`, realm, `pw-${k}`) });
  }
  // An in-memory lookup, the same cost for hit and miss; a real store's miss path is its own matter.
  const lookupHA1: LookupHA1 = (user, _realm, a) => stored.get(user)?.[a];
  const challenge = server.challenge(now);
  const make = (user: string, password: string) => {
    const client = new DigestClient({ username: user, password });
    return Array.from({ length: iterations }, () => {
      const r = client.authorize({ challenge, method: 'REGISTER', uri });
      if (!r.ok) throw new Error(r.problems[0]?.en);
      return r.value;
    });
  };
  const cases = {
    'unknown user': make('9999', 'pw-0'),
    'wrong password': make('1000', 'wrong'),
    'correct': make('1000', 'pw-0'),
  };
  const times: Record<string, bigint[]> = { 'unknown user': [], 'wrong password': [], correct: [] };
  const reasons: Record<string, string> = {};
  for (let i = 0; i < iterations; i++) {
    for (const [name, headers] of Object.entries(cases)) {
      const t = process.hrtime.bigint();
      const out = server.verify({ method: 'REGISTER', uri, credentialsHeader: headers[i] as string, lookupHA1, now });
      const dt = process.hrtime.bigint() - t;
      if (i >= iterations / 10) times[name]?.push(dt); // the first tenth is warm-up
      reasons[name] = out.ok ? 'ok' : out.reason;
    }
  }
  console.log(`\n${algorithm}  (${iterations} requests per case, first 10% discarded)`);
  for (const [name, list] of Object.entries(times)) {
    const sorted = [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const median = percentile(sorted, 0.5);
    console.log(`  ${name.padEnd(15)} -> ${(reasons[name] ?? '').padEnd(13)} median ${(median / 1000).toFixed(1).padStart(6)} µs  p90 ${(percentile(sorted, 0.9) / 1000).toFixed(1).padStart(6)} µs  ~${Math.round(1e9 / median)} verifies/s`);
  }
}

for (const algorithm of ['SHA-256', 'MD5', 'SHA-512-256'] as const) run(algorithm);
