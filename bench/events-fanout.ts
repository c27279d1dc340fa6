// Event fan-out: one presence change to N connected WebSocket clients (default 200).
// Measures, per change, the time from the HTTP request that changes presence until each
// client has the event; prints p50/p99/max over all deliveries, and memory.
//
//   node --import tsx bench/events-fanout.ts [clients=200] [changes=100]
//
// Target (issue #2): p99 <= 50 ms with 200 clients. Everything runs on 127.0.0.1. The
// server runs on the main thread; the clients and the timing run in a worker thread, so
// that client work does not sit in the server's event loop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../src/config.js';
import { openStore } from '../src/store/index.js';
import { createContext } from '../src/app.js';
import { buildServer } from '../src/http/server.js';
import { loadDemoIfEmpty } from '../src/services/tenants/demo-loader.js';

const CLIENTS = Number(process.argv[2] ?? 200);
const CHANGES = Number(process.argv[3] ?? 100);

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ov-bench-'));
  const store = await openStore({ dataDir });
  const ctx = createContext({ ...loadConfig({}), dataDir }, store);
  const demo = await loadDemoIfEmpty(ctx);
  const app = await buildServer(ctx);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  const adminLogin = demo!.logins.find((l) => l.role === 'admin')!;
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: adminLogin.email, password: adminLogin.password } });
  const cookie = `ov_session=${login.cookies.find((c) => c.name === 'ov_session')!.value}`;
  const csrf = (login.json() as { csrfToken: string }).csrfToken;
  const tokenRes = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie, 'x-csrf-token': csrf }, payload: { name: 'bench', role: 'operator' } });
  const token = (tokenRes.json() as { token: string }).token;
  const person = await store.db.selectFrom('people').select('id').where('role', '=', 'employee').limit(1).executeTakeFirstOrThrow();

  const rssBefore = process.memoryUsage().rss;
  // The worker loads this same file through tsx's loader (workers do not inherit --import).
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { base, token, personId: person.id } });
  const result = await new Promise<{ latencies: number[]; requests: number[]; spreads: number[] }>((resolve, reject) => {
    worker.on('message', resolve);
    worker.on('error', reject);
  });
  const rssConnected = process.memoryUsage().rss;
  const latencies = result.latencies.sort((a, b) => a - b);
  const requests = result.requests.sort((a, b) => a - b);
  const spreads = result.spreads.sort((a, b) => a - b);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}`);
  console.log(`clients ${CLIENTS}, changes ${CHANGES}, deliveries ${latencies.length}`);
  console.log(`change -> delivered (ms): p50 ${pct(latencies, 50).toFixed(2)}  p99 ${pct(latencies, 99).toFixed(2)}  max ${latencies.at(-1)!.toFixed(2)}`);
  console.log(`  of which the HTTP change itself (request -> response): p50 ${pct(requests, 50).toFixed(2)}  p99 ${pct(requests, 99).toFixed(2)}`);
  console.log(`  first to last client of one change: p50 ${pct(spreads, 50).toFixed(2)}  p99 ${pct(spreads, 99).toFixed(2)}`);
  console.log(`server RSS: ${(rssBefore / 2 ** 20).toFixed(0)} MiB before clients, ${(rssConnected / 2 ** 20).toFixed(0)} MiB after the run with ${CLIENTS} connections`);
  await worker.terminate();
  await app.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}

if (isMainThread) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  const d = workerData as { base: string; token: string; personId: string };
  void clients(d.base, d.token, d.personId);
}

async function clients(base: string, token: string, personId: string) {
  const sockets: WebSocket[] = [];
  const received: number[][] = [];
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/events`, { headers: { authorization: `Bearer ${token}` } });
    sockets.push(ws);
    received[i] = [];
    ws.once('message', () => resolve()); // hello
    ws.on('message', (d) => {
      const e = JSON.parse(String(d)) as { type: string };
      if (e.type === 'presence.changed') received[i]!.push(performance.now());
    });
    ws.on('error', reject);
  })));

  const latencies: number[] = [];
  const requests: number[] = [];
  const spreads: number[] = [];
  for (let n = 0; n < CHANGES; n++) {
    for (const r of received) r.length = 0;
    const t0 = performance.now();
    const body = n % 2 === 0 ? { reason: 'meeting', end: new Date(Date.now() + 3600_000).toISOString() } : undefined;
    const url = n % 2 === 0 ? `/api/people/${personId}/absences` : `/api/people/${personId}/back`;
    const res = await fetch(base + url, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    requests.push(performance.now() - t0);
    if (res.status >= 300) throw new Error(`change ${n}: ${res.status} ${await res.text()}`);
    const deadline = Date.now() + 5000;
    while (received.some((r) => r.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    let first = Infinity, last = 0;
    for (const r of received) {
      if (r.length === 0) throw new Error(`change ${n}: a client got nothing within 5 s`);
      latencies.push(r[0]! - t0);
      first = Math.min(first, r[0]!);
      last = Math.max(last, r[0]!);
    }
    spreads.push(last - first);
  }
  for (const s of sockets) s.close();
  parentPort!.postMessage({ latencies, requests, spreads });
}


