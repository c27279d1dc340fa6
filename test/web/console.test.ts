// Issue 5's proof of the operator console, end to end: the real server in-process (HTTP, SIP,
// call control with the queue and the console), Debian's Chromium driven by playwright-core
// with the keyboard alone, and baresip phones: the operator's own desk phone, Anna Berg
// (Bygglov), Johan Ek who never answers, Erik Holm calling from inside, and a caller from
// outside through a trunk trusted by its address. axe-core checks every console screen, and
// every screen is saved to test-output/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { axe, describeViolations, PHONE, screenshot, startWebApp, type WebApp } from './support.js';
import { PASSWORD } from '../support/app.js';
import { Baresip, baresipAvailable, portPair } from '../support/baresip.js';
import { freePort } from '../sip/sipp.js';
import { StaticTrunk } from '../calls/support.js';
import { dialFrom, phoneAccount, setSipPassword, startConsoleSip } from '../../src/calls/console/testing.js';
import type { SipService } from '../../src/sip/server.js';
import { encodeWav } from '../../src/media/wav.js';
import { testSignal } from '../../src/media/analysis.js';
import { existsSync } from 'node:fs';

const skip = !baresipAvailable() ? 'baresip is not installed' : !existsSync('/usr/bin/chromium') ? 'chromium is not installed' : false;
const OUTSIDE = '+46701740610';
/** How the console shows it: the national form Swedes read. */
const OUTSIDE_SHOWN = '070-174 06 10';

describe('operator console in the browser with real phones (issue 5 proof)', { skip, timeout: 600_000 }, () => {
  let w: WebApp;
  let sip: SipService;
  let dir = '';
  let sipPort = 0;
  const phones: Baresip[] = [];
  let caller: Baresip;
  let desk: Baresip;
  let anna: Baresip;
  let johan: Baresip;
  let erik: Baresip;
  let ctx: BrowserContext;
  let page: Page;

  const person = (key: string) => w.t.a.people[key]!;
  const uri = (user: string) => `sip:${user}@127.0.0.1:${sipPort}`;

  async function phone(name: string, account: string, seed: number, register = true, port?: number): Promise<Baresip> {
    const p = port ?? (await portPair());
    const file = join(dir, `${name}.wav`);
    await writeFile(file, encodeWav(testSignal(60_000, seed)));
    const ph = await Baresip.start({ dir: join(dir, name), sipPort: p, ctrlPort: p + 10000, rtpPorts: [p + 20000, p + 20038], audioFile: file, account });
    phones.push(ph);
    if (register) assert.equal(await ph.registration(), 'OK');
    return ph;
  }
  const account = (key: string, answer: 'auto' | 'manual') => phoneAccount(person(key).extension, sipPort, PASSWORD, answer);

  /** axe-core finds nothing on the page as it is now, and the screen is saved. */
  async function checked(name: string): Promise<void> {
    const violations = await axe(page);
    assert.deepEqual(violations.map((v) => v.id), [], `${name}: ${describeViolations(violations)}`);
    await screenshot(page, name);
  }

  const phase = () => page.getByTestId('phase');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ov-console-web-'));
    w = await startWebApp();
    for (const key of ['operator', 'employee', 'manager', 'other']) await setSipPassword(w.t.ctx, w.t.a.slug, person(key), PASSWORD);
    w.t.ctx.operatorConsole.configure({ recallSeconds: 6, operatorRingSeconds: 10 });
    await w.t.ctx.switchboard.snippets.create({ kind: 'token', id: 'test', personId: null, tenantId: w.t.a.id, role: 'admin' }, {
      title: 'Bygglov: öppen telefontid', body: 'Bygglovshandläggarna svarar måndag–torsdag 9–11. E-tjänsten för ansökan finns på kommunens webbplats.', keywords: ['bygglov', 'ansökan'],
    });
    sipPort = await freePort();
    const callerPort = await portPair();
    sip = await startConsoleSip(w.t.ctx, { port: sipPort, tenantSlug: w.t.a.slug, trunk: new StaticTrunk(w.t.a.id, { address: '127.0.0.1', port: callerPort }) });
    caller = await phone('caller', `<sip:${OUTSIDE}@127.0.0.1:${sipPort};transport=udp>;regint=0;audio_codecs=PCMU`, 51, false, callerPort);
    desk = await phone('desk', account('operator', 'auto'), 52);
    anna = await phone('anna', account('employee', 'auto'), 53);
    johan = await phone('johan', account('manager', 'manual'), 54);
    erik = await phone('erik', account('other', 'auto'), 55);
    ctx = await w.context();
    page = await w.login(ctx, person('operator'));
    await page.getByRole('link', { name: 'Växel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Växel' }).waitFor();
  });

  after(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    await sip?.stop();
    await w?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('P-SWB-7, P-SWB-2, P-SWB-3: the operator answers the external call while an internal one waits, searches "bygglov", sees who is free and transfers; Anna\'s phone rings and answers', async () => {
    await checked('console-empty');
    // Logged in to the switchboard, then paused: calls wait for the operator to take them.
    await page.keyboard.press('Alt+L');
    await page.locator('.agent-state[data-state="available"]').waitFor();
    await page.keyboard.press('Alt+P');
    await page.locator('.agent-state[data-state="paused"]').waitFor();

    const erikFrom = erik.events.length;
    await dialFrom(erik, uri('2000')); // the operator extension: queued, internal
    await erik.waitFor('CALL_ESTABLISHED', 10_000, erikFrom);
    const from = caller.events.length;
    await dialFrom(caller, uri('+46846500400')); // the main number, from outside
    await caller.waitFor('CALL_ESTABLISHED', 10_000, from);
    const rows = page.locator('.queue tbody tr');
    await rows.nth(1).waitFor();
    assert.match(await rows.nth(0).innerText(), new RegExp(`Extern[\\s\\S]*${OUTSIDE_SHOWN}`), 'P-SWB-7: the external call first, though it came second');
    assert.match(await rows.nth(1).innerText(), new RegExp(`Intern[\\s\\S]*${person('other').extension}`));
    assert.match(await rows.nth(0).innerText(), /08-465 004 00/, 'the number the caller dialled');
    assert.match(await rows.nth(0).innerText(), /\d+:\d\d/, 'the waiting time');
    await checked('console-queue');

    const op = desk.events.length;
    await page.keyboard.press('F2'); // answer: the first call rings the operator's own phone
    await desk.waitFor('CALL_ESTABLISHED', 15_000, op);
    await page.getByTestId('caller-number').filter({ hasText: OUTSIDE_SHOWN }).waitFor();
    assert.equal(await page.getByTestId('greeting').innerText(), 'Säg: Välkommen till Valdemarsviks kommun – det är Sara');
    await page.locator('.current[data-phase="talking"]').waitFor();
    await rows.nth(1).waitFor({ state: 'detached' });
    assert.match(await rows.nth(0).innerText(), /Intern/, 'the internal call still waits');
    await checked('console-call');

    await page.keyboard.press('Alt+S');
    await page.keyboard.type('bygglov');
    const annaHit = page.locator(`[role="option"][data-person="${person('employee').id}"]`);
    await annaHit.waitFor();
    assert.match(await annaHit.innerText(), /Tillgänglig/, 'P-SWB-4: presence with the hit');
    await page.locator('[role="option"][data-function]').filter({ hasText: 'Bygglov' }).filter({ hasText: '1 av 1 lediga' }).waitFor();
    await page.locator('.snippets summary', { hasText: 'Bygglov: öppen telefontid' }).waitFor(); // P-SWB-9
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByTestId('chosen').innerText(), 'Anna Berg');
    await page.getByRole('heading', { name: 'Kollegor till Anna Berg' }).waitFor(); // P-SWB-3
    await checked('console-search');

    const annaFrom = anna.events.length;
    await page.keyboard.press('F3'); // transfer
    await anna.waitFor('CALL_ESTABLISHED', 10_000, annaFrom);
    await desk.waitFor('CALL_CLOSED', 5000, op);
    await page.locator('.current[data-phase="idle"]').waitFor();
    assert.equal(caller.events.slice(from).some((e) => e.type === 'CALL_CLOSED'), false, 'the caller is with Anna now');
    await caller.command('hangup');
    await anna.waitFor('CALL_CLOSED', 5000, annaFrom);
  });

  test('P-FC-1: a transfer nobody answers returns to the operator', async () => {
    const op = desk.events.length;
    await page.keyboard.press('F2'); // the internal call that waited
    await desk.waitFor('CALL_ESTABLISHED', 15_000, op);
    await page.getByTestId('caller-number').filter({ hasText: person('other').extension }).waitFor();
    await page.keyboard.press('Alt+S');
    await page.keyboard.type('johan ek');
    await page.locator(`[role="option"][data-person="${person('manager').id}"]`).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('chosen').filter({ hasText: 'Johan Ek' }).waitFor();
    const johanFrom = johan.events.length;
    await page.keyboard.press('F3');
    await johan.waitFor('CALL_INCOMING', 5000, johanFrom);
    await desk.waitFor('CALL_CLOSED', 5000, op);
    await page.locator('.parked li', { hasText: 'Kopplas till Johan Ek' }).waitFor();
    await checked('console-transferring');
    // Nobody answers: after the recall time the call rings the operator's phone again.
    await page.getByTestId('recall').filter({ hasText: 'Återkom: Johan Ek svarade inte' }).waitFor({ timeout: 20_000 });
    await page.locator('.current[data-phase="talking"]').waitFor();
    assert.equal(johan.events.slice(johanFrom).some((e) => e.type === 'CALL_ESTABLISHED'), false);
    await checked('console-recalled');
  });

  test('P-SWB-5: the operator takes a message for Anna; she sees it in self-service with its due date', async () => {
    await page.keyboard.press('Alt+S');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('anna berg');
    await page.locator(`[role="option"][data-person="${person('employee').id}"]`).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('chosen').filter({ hasText: 'Anna Berg' }).waitFor();
    await page.keyboard.press('Alt+M');
    const form = page.locator('form.console-form');
    await form.waitFor();
    assert.equal(await form.getByLabel('Telefonnummer').inputValue(), person('other').extension, 'prefilled with the caller\'s number');
    await page.keyboard.type('Erik Holm'); // the first field has focus
    await form.getByLabel('Gäller').focus();
    await page.keyboard.type('Vill veta om bygglovet för garaget är klart.');
    await checked('console-message');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    await page.locator('.toast', { hasText: 'Meddelandet till Anna Berg är skickat. Ring upp senast' }).waitFor();

    const phoneCtx = await w.context(PHONE);
    const annaPage = await w.login(phoneCtx, person('employee'));
    await annaPage.getByRole('link', { name: 'Meddelanden' }).click();
    const card = annaPage.locator('article.callback', { hasText: 'Vill veta om bygglovet för garaget är klart.' });
    await card.waitFor();
    assert.match(await card.innerText(), /Ring upp senast/);
    assert.match(await card.innerText(), /Erik Holm/);
    await screenshot(annaPage, 'self-message-from-console-phone');
    await phoneCtx.close();

    // The call ends from the console.
    const op = desk.events.length;
    await page.keyboard.press('F10');
    await erik.waitFor('CALL_CLOSED', 5000, 0);
    await page.locator('.current[data-phase="idle"]').waitFor();
    assert.ok(desk.events.length >= op);
  });

  test('an employee on a phone-sized screen sets "Möte till 14:30"; the console shows it within a second', async () => {
    // The console shows Anna (chosen in the search).
    const hit = page.locator(`[role="option"][data-person="${person('employee').id}"] [data-testid="presence"]`);
    await hit.filter({ hasText: 'Tillgänglig' }).waitFor();
    const phoneCtx = await w.context(PHONE);
    const annaPage = await w.login(phoneCtx, person('employee'));
    await annaPage.getByRole('button', { name: 'Möte', exact: true }).click();
    const chip = annaPage.getByRole('button', { name: 'Till 14:30' });
    await chip.waitFor();
    await screenshot(annaPage, 'self-status-meeting-phone');
    const t0 = Date.now();
    await chip.click();
    await hit.filter({ hasText: 'Möte – åter i dag 14:30' }).waitFor({ timeout: 5000 });
    const ms = Date.now() - t0;
    await screenshot(page, 'console-presence-live');
    assert.ok(ms < 1000, `the console showed the diversion after ${ms} ms`);
    await phoneCtx.close();
  });

  test('park, retrieve, consult and the forms, by keyboard; axe-core finds nothing on any of them', async () => {
    const from = caller.events.length;
    await page.keyboard.press('Alt+P'); // take calls: offered at once
    const op = desk.events.length;
    await dialFrom(caller, uri('+46846500400'));
    await desk.waitFor('CALL_ESTABLISHED', 15_000, op);
    await page.locator('.current[data-phase="talking"]').waitFor();
    await page.keyboard.press('Alt+P'); // pause again, so that nothing else is offered
    await page.keyboard.press('F8');
    await page.locator('.current[data-phase="held"]').waitFor();
    await checked('console-held');
    await page.keyboard.press('Escape');
    await page.locator('.current[data-phase="talking"]').waitFor();

    // Consultation: the caller waits while the operator talks to Erik, then goes back.
    await page.keyboard.press('Alt+S');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('erik holm');
    await page.locator(`[role="option"][data-person="${person('other').id}"]`).waitFor();
    await page.keyboard.press('ArrowDown');
    const erikFrom = erik.events.length;
    await page.keyboard.press('F4');
    await erik.waitFor('CALL_ESTABLISHED', 10_000, erikFrom);
    await page.getByTestId('phase').filter({ hasText: 'Förfrågan: du talar med Erik Holm' }).waitFor();
    await checked('console-consulting');
    await page.keyboard.press('Escape'); // back to the caller
    await erik.waitFor('CALL_CLOSED', 5000, erikFrom);
    await page.locator('.current[data-phase="talking"]').waitFor();

    await page.keyboard.press('Alt+H');
    await page.getByRole('group', { name: 'Varför är Erik Holm borta?' }).waitFor();
    await checked('console-divert');
    await page.keyboard.press('Escape');

    await page.keyboard.press('F6');
    await page.locator('.parked li', { hasText: OUTSIDE_SHOWN }).waitFor();
    await desk.waitFor('CALL_CLOSED', 5000, op);
    await checked('console-parked');
    const op2 = desk.events.length;
    await page.keyboard.press('F7');
    await desk.waitFor('CALL_ESTABLISHED', 10_000, op2);
    await page.locator('.current[data-phase="talking"]').waitFor();
    await caller.command('hangup');
    await caller.waitFor('CALL_CLOSED', 5000, from);
    await page.locator('.current[data-phase="idle"]').waitFor();
    assert.equal(await phase().count(), 1);
  });
});
