// Browser tests of the web apps: the real server (startTestApp's store, seeded people and
// controlled clock) listening on a free port and serving the built app, Debian's Chromium
// driven by playwright-core, axe-core run in every page, and a screenshot of every screen
// into test-output/screenshots/ (not committed).
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, PASSWORD, type SeedPerson, type TestApp } from '../support/app.js';
import { Temporal } from '../../src/core/time.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';

/** Wednesday 25 March 2026, 10:00 in Stockholm: a working day, the switchboard open. */
export const BASE_TIME = '2026-03-25T09:00:00Z';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** The built app, built now when web/src is newer than the build (as npm start does). */
export function ensureBuilt(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'web', 'build-if-stale.ts')], { cwd: ROOT, stdio: 'inherit', timeout: 240_000 });
  if (!existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) throw new Error('web/dist was not built');
}

export interface WebApp {
  t: TestApp;
  url: string;
  browser: Browser;
  /** Now on the server's clock (runs from BASE_TIME at the speed of real time). */
  now(): Temporal.Instant;
  /** A fresh browser context (its own cookies), with the browser's clock set to the server's; `touch` makes it a phone. */
  context(viewport?: { width: number; height: number }, opts?: { touch?: boolean }): Promise<BrowserContext>;
  /** Log in through the form and wait for the first page. */
  login(ctx: BrowserContext, who: SeedPerson, by?: 'email' | 'extension'): Promise<Page>;
  close(): Promise<void>;
}

/** `chromiumArgs`: more switches, e.g. a fake microphone playing a file. */
export async function startWebApp(opts: { chromiumArgs?: string[] } = {}): Promise<WebApp> {
  ensureBuilt();
  const t = await startTestApp({ now: BASE_TIME });
  // The server's clock runs from the base time, so that the browser's clock (installed at the
  // same instant) and the server agree on "now" while seconds pass in the test.
  const base = Temporal.Instant.from(BASE_TIME);
  const started = Date.now();
  const now = () => base.add({ milliseconds: Date.now() - started });
  t.clock.now = now;
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    // Playwright gives every launch a fresh user-data-dir of its own.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(opts.chromiumArgs ?? [])],
  });
  const contexts: BrowserContext[] = [];
  return {
    t, url, browser, now,
    async context(viewport = DESKTOP, opts = {}) {
      const touch = opts.touch === true;
      const ctx = await browser.newContext({ viewport, baseURL: url, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', reducedMotion: 'reduce', hasTouch: touch, isMobile: touch });
      await ctx.clock.install({ time: now().epochMilliseconds });
      ctx.setDefaultTimeout(10_000);
      contexts.push(ctx);
      return ctx;
    },
    async login(ctx, who, by = 'email') {
      const page = await ctx.newPage();
      await page.goto('/');
      await page.getByLabel('E-post eller anknytning').fill(by === 'email' ? who.email : who.extension);
      await page.getByLabel('Lösenord').fill(PASSWORD);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Min status' }).waitFor();
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await t.close();
    },
  };
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core in the page (through the debugger protocol, so the page's CSP does not stop it). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // These functions run in the page (no DOM types here: the tests compile for Node).
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const g = globalThis as unknown as { document: unknown; axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } };
    const r = await g.axe.run(g.document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

export function describeViolations(vs: AxeViolation[]): string {
  return vs.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');
}

/** A screenshot of the whole page into test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the page with this heading has loaded its data. */
export async function ready(page: Page, title: string | RegExp) {
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.loading').length === 0, undefined, { timeout: 10_000 });
}

/** axe-core finds nothing, nothing is wider than the screen (a phone scrolls only down), and the screen is saved. */
export async function check(page: Page, name: string) {
  const violations = await axe(page);
  await screenshot(page, name);
  assert.deepEqual(violations.map((v) => v.id), [], `${name}: ${describeViolations(violations)}`);
  const width = await page.evaluate(() => {
    const g = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
    return { page: g.document.documentElement.scrollWidth, screen: g.innerWidth };
  });
  assert.ok(width.page <= width.screen, `${name}: the page is ${width.page} px wide on a ${width.screen} px screen`);
}
