// Presence change to the operator console's DOM with 200 console sessions connected (issue 5,
// target p99 <= 100 ms). The sessions are PAGES real consoles in Debian's Chromium (the built
// web app, logged in as the demo operator, showing the person in the search) plus
// 200 - PAGES WebSocket clients that subscribe to /api/events as an operator's console does
// (in a worker thread, so that their work does not sit in the server's event loop).
//
// Each change is made over the API as the person (a meeting until the next full hour, then
// "Åter"); timed from just before the request until (a) each page's DOM shows the new text
// (a MutationObserver in the page stamps it) and (b) each WebSocket client has the event.
// Both sides read the same system clock (performance.timeOrigin + performance.now()).
//
//   node --import tsx bench/console-presence.ts [sessions=200] [pages=4] [changes=60]
//
// The demo municipality (about 300 staff) on SQLite; everything on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { createContext } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/http/context.js';
import { buildServer } from '../src/http/server.js';
import { loadDemoIfEmpty } from '../src/services/tenants/demo-loader.js';
import { openStore } from '../src/store/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const wallMs = () => performance.timeOrigin + performance.now();

export function percentiles(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return s.length === 0 ? 'no samples' : `p50 ${q(50).toFixed(1)} ms, p99 ${q(99).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms (n=${s.length})`;
}

export function machine(): string {
  return `${cpus()[0]?.model ?? 'cpu?'} x${cpus().length}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

export interface BenchServer {
  ctx: AppContext;
  base: string;
  tenantId: string;
  logins: { role: string; email: string; password: string }[];
  /** An API client logged in as someone (cookie session with its CSRF token). */
  as(email: string, password: string): Promise<(method: 'GET' | 'POST', url: string, body?: unknown) => Promise<{ status: number; json: unknown }>>;
  close(): Promise<void>;
}

/** The embedded server with the demo municipality and the built web app, on a free port. */
export async function startBenchServer(): Promise<BenchServer> {
  const built = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'web', 'build-if-stale.ts')], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0 || !existsSync(join(ROOT, 'web', 'dist', 'index.html'))) throw new Error('the web app could not be built');
  const dataDir = mkdtempSync(join(tmpdir(), 'ov-bench-console-'));
  const store = await openStore({ dataDir });
  const ctx = createContext({ ...loadConfig({}), dataDir }, store);
  const demo = await loadDemoIfEmpty(ctx);
  if (!demo) throw new Error('no demo municipality');
  const app = await buildServer(ctx);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const tenantId = (await store.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow()).id;
  return {
    ctx, base, tenantId, logins: demo.logins,
    async as(email, password) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: email, password } });
      const cookie = `ov_session=${res.cookies.find((c) => c.name === 'ov_session')!.value}`;
      const csrf = (res.json() as { csrfToken: string }).csrfToken;
      return async (method, url, body) => {
        const r = await app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(body === undefined ? {} : { payload: body as object }) });
        return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : null };
      };
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true, timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A console in a browser context of its own: logged in through the form, on /vaxel. */
export async function openConsole(browser: Browser, base: string, login: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', reducedMotion: 'reduce' });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('E-post eller anknytning').fill(login.email);
  await page.getByLabel('Lösenord').fill(login.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Min status' }).waitFor();
  await page.goto(`${base}/vaxel`);
  await page.getByRole('heading', { level: 1, name: 'Växel' }).waitFor();
  return page;
}

// ---- the benchmark ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const SESSIONS = Number(process.argv[2] ?? 200);
  const PAGES = Math.min(SESSIONS, Number(process.argv[3] ?? 4));
  const CHANGES = Number(process.argv[4] ?? 60);
  const server = await startBenchServer();
  const operator = server.logins.find((l) => l.role === 'operator')!;
  const employee = server.logins.find((l) => l.role === 'employee')!;
  const person = await server.ctx.store.db.selectFrom('people').select(['id', 'first_name', 'last_name']).where('email', '=', employee.email).executeTakeFirstOrThrow();
  const name = `${person.first_name} ${person.last_name}`;
  const admin = await server.as(server.logins.find((l) => l.role === 'admin')!.email, server.logins.find((l) => l.role === 'admin')!.password);
  const token = ((await admin('POST', '/api/tokens', { name: 'console bench', role: 'operator' })).json as { token: string }).token;
  const asPerson = await server.as(employee.email, employee.password);
  await asPerson('POST', `/api/people/${person.id}/back`);

  // The presence.changed event of each change, by sequence number.
  const seqs: number[] = [];
  server.ctx.bus.subscribe((e) => {
    if (e.type === 'presence.changed' && e.personId === person.id) seqs.push(e.seq);
  });

  console.log(`console presence bench: ${SESSIONS} console sessions (${PAGES} Chromium pages + ${SESSIONS - PAGES} WebSocket clients), ${CHANGES} changes of ${name}'s presence; ${machine()}`);
  const browser = await launchChromium();
  const pages: Page[] = [];
  for (let i = 0; i < PAGES; i++) {
    const page = await openConsole(browser, server.base, operator);
    const search = page.getByRole('combobox');
    await search.fill(name);
    await page.locator(`[data-person="${person.id}"] [data-testid="presence"]`).waitFor();
    // Stamps every change of the person's presence text in the DOM.
    await page.evaluate((sel) => {
      const g = globalThis as unknown as { __seen: { text: string; at: number }[]; document: { querySelector(s: string): { textContent: string | null } | null; body: unknown }; MutationObserver: new (cb: () => void) => { observe(n: unknown, o: unknown): void } };
      g.__seen = [];
      let last = g.document.querySelector(sel)?.textContent ?? '';
      new g.MutationObserver(() => {
        const text = g.document.querySelector(sel)?.textContent ?? '';
        if (text !== last) {
          last = text;
          g.__seen.push({ text, at: performance.timeOrigin + performance.now() });
        }
      }).observe(g.document.body, { subtree: true, childList: true, characterData: true });
    }, `[data-person="${person.id}"] [data-testid="presence"]`);
    pages.push(page);
  }

  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { base: server.base, token, personId: person.id, clients: SESSIONS - PAGES } });
  const delivered = new Map<number, number[]>();
  const waiters = new Map<number, () => void>();
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { ready?: true; seq?: number; times?: number[] }) => {
      if (m.ready) resolve();
      if (m.seq !== undefined && m.times) {
        delivered.set(m.seq, m.times);
        waiters.get(m.seq)?.();
      }
    });
    worker.on('error', reject);
  });

  const dom: number[] = [];
  const ws: number[] = [];
  const all: number[] = [];
  const end = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000).toISOString();
  for (let i = 0; i < CHANGES; i++) {
    const seen = seqs.length;
    const t0 = wallMs();
    const res = i % 2 === 0
      ? await asPerson('POST', `/api/people/${person.id}/absences`, { reason: 'meeting', end })
      : await asPerson('POST', `/api/people/${person.id}/back`);
    if (res.status >= 300) throw new Error(`change ${i}: ${res.status} ${JSON.stringify(res.json)}`);
    while (seqs.length === seen) await new Promise((r) => setTimeout(r, 1));
    const seq = seqs[seen]!;
    const clientsDone = delivered.has(seq) || SESSIONS === PAGES ? Promise.resolve() : new Promise<void>((r) => waiters.set(seq, r));
    for (const page of pages) {
      const at = await page.waitForFunction((n) => {
        const seen = (globalThis as unknown as { __seen: { at: number }[] }).__seen;
        return seen.length > n ? seen[n]!.at : null;
      }, i, { timeout: 10_000, polling: 20 });
      const ms = (await at.jsonValue()) as number - t0;
      dom.push(ms);
      all.push(ms);
    }
    await clientsDone;
    for (const t of delivered.get(seq) ?? []) {
      ws.push(t - t0);
      all.push(t - t0);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  console.log(`change -> the console's DOM (${PAGES} Chromium pages): ${percentiles(dom)}`);
  console.log(`change -> a console's WebSocket (${SESSIONS - PAGES} clients): ${percentiles(ws)}`);
  console.log(`all ${SESSIONS} sessions: ${percentiles(all)}; target p99 <= 100 ms`);
  console.log(`server RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; load after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await worker.terminate();
  await browser.close();
  await server.close();
}

/** The WebSocket consoles: each connects as an operator and stamps the person's presence events. */
async function wsClients(d: { base: string; token: string; personId: string; clients: number }): Promise<void> {
  const arrivals = new Map<number, number[]>();
  const url = `${d.base.replace(/^http/, 'ws')}/api/events`;
  await Promise.all(Array.from({ length: d.clients }, () => new Promise<void>((resolve, reject) => {
    const s = new WebSocket(url, { headers: { authorization: `Bearer ${d.token}` } });
    s.on('open', () => resolve());
    s.on('error', reject);
    s.on('message', (data) => {
      const at = wallMs();
      const e = JSON.parse(String(data)) as { type: string; seq: number; personId?: string };
      if (e.type !== 'presence.changed' || e.personId !== d.personId) return;
      const list = arrivals.get(e.seq) ?? [];
      list.push(at);
      arrivals.set(e.seq, list);
      if (list.length === d.clients) parentPort!.postMessage({ seq: e.seq, times: list });
    });
  })));
  parentPort!.postMessage({ ready: true });
}

if (!isMainThread) {
  void wsClients(workerData as { base: string; token: string; personId: string; clients: number });
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
