// The operator console with 500 waiting calls (issue 5): does it stay responsive? One console
// in Debian's Chromium shows the whole queue while it keeps changing (a call leaves and a new
// one joins every 250 ms, so a queue.changed with 500 rows arrives about four times a second,
// and the waiting times tick every second); the operator types in the search and moves
// through the hits with the arrow keys.
//
// The queue table draws only the rows in view (panels.tsx, ROW_PX); the bench checks that
// the console shows all 500 as waiting and that scrolling to the middle draws those rows.
//
// Input-to-paint per key press, measured in the page: from the keydown event's timestamp to
// the first task after the next animation frame (the frame that paints the change). Long
// tasks (over 50 ms) in the page are counted too.
//
//   node --import tsx bench/console-queue.ts [waiting=500] [keys=300] [churnMs=250]
// (churnMs 0: the queue stands still, for comparison)
import { performance } from 'node:perf_hooks';
import { Temporal } from '../src/core/time.js';
import type { QueueMembership } from '../src/calls/ports.js';
import { launchChromium, machine, openConsole, percentiles, startBenchServer } from './console-presence.js';

const WAITING = Number(process.argv[2] ?? 500);
const KEYS = Number(process.argv[3] ?? 300);
const CHURN_MS = Number(process.argv[4] ?? 250);

async function main(): Promise<void> {
  const server = await startBenchServer();
  const sw = server.ctx.switchboard;
  const now = Temporal.Now.instant();
  let n = 0;
  const join = (ageSeconds: number): QueueMembership => {
    n++;
    const external = n % 3 !== 0;
    return sw.join({
      tenantId: server.tenantId, callId: `bench-${n}`, queue: 'switchboard', priority: external ? 'external' : 'internal',
      caller: external ? { number: `+467017${String(40000 + n).padStart(5, '0')}` } : { number: String(2000 + (n % 900)) },
      dialled: external ? '+46846500400' : '2000', enteredAt: now.subtract({ seconds: ageSeconds }),
    });
  };
  const waiting: QueueMembership[] = [];
  for (let i = 0; i < WAITING; i++) waiting.push(join(WAITING - i));
  console.log(`console queue bench: ${WAITING} waiting calls, ${KEYS} key presses; ${machine()}`);

  const operator = server.logins.find((l) => l.role === 'operator')!;
  const browser = await launchChromium();
  const page = await openConsole(browser, server.base, operator);
  await page.locator('.queue h2', { hasText: `${WAITING} väntar` }).waitFor({ timeout: 60_000 });

  // The queue keeps changing while the operator works.
  const churn = CHURN_MS > 0 ? setInterval(() => {
    waiting.shift()?.leave('abandoned');
    waiting.push(join(0));
  }, CHURN_MS) : undefined;

  await page.evaluate(() => {
    const g = globalThis as unknown as {
      __lat: { key: string; ms: number }[]; __long: number[];
      document: { addEventListener(t: string, f: (e: { key: string; timeStamp: number }) => void, capture: boolean): void };
      requestAnimationFrame(f: () => void): void; MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(x: unknown): void } };
      PerformanceObserver: new (f: (l: { getEntries(): { duration: number }[] }) => void) => { observe(o: unknown): void };
    };
    g.__lat = [];
    g.__long = [];
    g.document.addEventListener('keydown', (e) => {
      const start = e.timeStamp;
      g.requestAnimationFrame(() => {
        const ch = new g.MessageChannel();
        ch.port1.onmessage = () => g.__lat.push({ key: e.key, ms: performance.now() - start });
        ch.port2.postMessage(0);
      });
    }, true);
    new g.PerformanceObserver((list) => g.__long.push(...list.getEntries().map((x) => x.duration))).observe({ type: 'longtask', buffered: false });
  });

  const measure = async (label: string): Promise<void> => {
    await page.evaluate(() => {
      const g = globalThis as unknown as { __lat: unknown[]; __long: unknown[] };
      g.__lat.length = 0;
      g.__long.length = 0;
    });
    const rows = await page.locator('.queue tbody tr[data-call]').count();
    await page.keyboard.press('Alt+S');
    const words = ['bygglov', 'anna', 'skola', 'avfall', 'lind'];
    const started = performance.now();
    for (let i = 0; i < KEYS; ) {
      const word = words[(i / 10) % words.length | 0]!;
      for (const ch of word) {
        if (i++ >= KEYS) break;
        await page.keyboard.press(ch);
        await new Promise((r) => setTimeout(r, 80));
      }
      await new Promise((r) => setTimeout(r, 300)); // the hits arrive
      for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp']) {
        if (i++ >= KEYS) break;
        await page.keyboard.press(key);
        await new Promise((r) => setTimeout(r, 80));
      }
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      i++;
      await new Promise((r) => setTimeout(r, 80));
    }
    await new Promise((r) => setTimeout(r, 200));
    const { lat, long } = await page.evaluate(() => {
      const g = globalThis as unknown as { __lat: { key: string; ms: number }[]; __long: number[] };
      return { lat: g.__lat, long: g.__long };
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`${label}: ${rows} of ${WAITING} rows in the DOM (the window in view); ${(lat.length / seconds).toFixed(1)} keys/s over ${seconds.toFixed(0)} s${CHURN_MS > 0 ? `, the queue changing every ${CHURN_MS} ms` : ', the queue standing still'}`);
    console.log(`  input-to-paint, all keys: ${percentiles(lat.map((l) => l.ms))}`);
    console.log(`    typing in the search: ${percentiles(lat.filter((l) => l.key.length === 1).map((l) => l.ms))}`);
    console.log(`    arrow keys (choosing a hit): ${percentiles(lat.filter((l) => l.key.startsWith('Arrow')).map((l) => l.ms))}`);
    console.log(`  long tasks (> 50 ms) in the page: ${long.length}${long.length ? `, ${percentiles(long)}` : ''}`);
  };
  await measure('at the head of the queue');
  // Scrolled to the middle of the queue: the drawn window moves along.
  await page.locator('.queue-scroll').evaluate((el: { scrollTop: number; scrollHeight: number }) => (el.scrollTop = el.scrollHeight / 2));
  await page.locator(`.queue tr[aria-rowindex="${Math.floor(WAITING / 2)}"]`).waitFor();
  await measure('scrolled to the middle of the queue');
  clearInterval(churn);
  await browser.close();
  await server.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
