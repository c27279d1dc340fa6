// The web apps in a real browser (issue 5 items 3–7): Debian's Chromium driven by
// playwright-core against the real server serving the built app. Every screen is checked
// with axe-core (zero violations) and saved as a screenshot in test-output/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { check, DESKTOP, PHONE, ready, screenshot, startWebApp, type WebApp } from './support.js';
import type { Client, SeedPerson } from '../support/app.js';

/** A WAV as phones record it: 8 kHz mono 16-bit PCM, a tone of `seconds`. */
function wav(seconds: number, hz = 440): Buffer {
  const n = Math.round(8000 * seconds);
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0); b.writeUInt32LE(36 + n * 2, 4); b.write('WAVE', 8);
  b.write('fmt ', 12); b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24); b.writeUInt32LE(16000, 28); b.writeUInt16LE(2, 32); b.writeUInt16LE(16, 34);
  b.write('data', 36); b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000)), 44 + i * 2);
  return b;
}

const focusedName = (page: Page) => page.evaluate(() => {
  const el = (globalThis as unknown as { document: { activeElement: { textContent: string | null; getAttribute(n: string): string | null; id: string; tagName: string } | null } }).document.activeElement;
  if (!el) return '';
  const labelled = el.getAttribute('aria-label');
  return (labelled ?? el.textContent ?? '').trim() || `${el.tagName}#${el.id}`;
});

/** Tab (only Tab) until the focused element's name matches; fails after `max` presses. */
async function tabTo(page: Page, name: RegExp, max = 80): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (name.test(await focusedName(page))) {
      // WCAG 2.4.7: the focus is visible (an outline of at least 2 px, not "none").
      const outline = await page.evaluate(() => {
        const g = globalThis as unknown as { document: { activeElement: unknown }; getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } };
        const s = g.getComputedStyle(g.document.activeElement);
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
      });
      assert.ok(outline.style !== 'none' && outline.width >= 2, `focus on ${name} is not visible: ${JSON.stringify(outline)}`);
      return i;
    }
  }
  throw new Error(`${name} was not reached with ${max} presses of Tab (last: ${await focusedName(page)})`);
}

describe('web apps in Chromium', { timeout: 600_000 }, () => {
  let w: WebApp;
  let anna: SeedPerson, johan: SeedPerson, sara: SeedPerson, maria: SeedPerson;
  let api: { anna: Client; johan: Client; sara: Client; maria: Client };

  before(async () => {
    w = await startWebApp();
    const p = w.t.a.people;
    [anna, johan, sara, maria] = [p.employee!, p.manager!, p.operator!, p.admin!];
    api = { anna: await w.t.login(anna), johan: await w.t.login(johan), sara: await w.t.login(sara), maria: await w.t.login(maria) };
  });
  after(async () => {
    await w?.close();
  });

  /** Anna available again, whatever an earlier test left. */
  const annaBack = async () => assert.equal((await api.anna.request('POST', `/api/people/${anna.id}/back`)).statusCode, 200);
  const presenceOfAnna = async () => (await api.johan.request('GET', `/api/people/${anna.id}/presence`)).json() as { state: string; reason?: string; returnsAt?: string };

  test('login per role: e-mail or extension, role-aware navigation, wrong password, log out', async () => {
    const ctx = await w.context();
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    await check(page, '01-login');
    await page.getByLabel('E-post eller anknytning').fill(anna.email);
    await page.getByLabel('Lösenord').fill('fel-lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Fel användarnamn eller lösenord.' }).waitFor();
    await check(page, '01-login-error');

    const navOf = async (who: SeedPerson, by: 'email' | 'extension') => {
      const c = await w.context();
      const pg = await w.login(c, who, by);
      const nav = pg.getByRole('navigation', { name: 'Huvudmeny' });
      const links = (await nav.getByRole('link').allTextContents()).map((s) => s.trim());
      return { c, pg, links };
    };
    const employee = await navOf(anna, 'extension'); // P-DIV-6: log in with the phone number
    assert.deepEqual(employee.links, ['Min status', 'Meddelanden', 'Min profil', 'Katalog']);
    const manager = await navOf(johan, 'email');
    assert.deepEqual(manager.links, ['Min status', 'Meddelanden', 'Min profil', 'Katalog', 'Mitt team', 'Uppföljning']);
    const operator = await navOf(sara, 'email');
    assert.deepEqual(operator.links, ['Min status', 'Meddelanden', 'Min profil', 'Katalog', 'Växel']);
    const admin = await navOf(maria, 'email');
    assert.deepEqual(admin.links, ['Min status', 'Meddelanden', 'Min profil', 'Katalog', 'Uppföljning', 'Växel', 'Administration']);

    // A page the role may not see says so; the address still works after a reload (SPA fallback).
    await employee.pg.goto('/admin/personer');
    await ready(employee.pg, 'Ingen behörighet');
    await check(employee.pg, '02-forbidden');
    await employee.pg.goto('/finns-inte');
    await ready(employee.pg, 'Sidan finns inte');

    await admin.pg.getByRole('button', { name: 'Logga ut' }).click();
    await admin.pg.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    const me = await admin.pg.evaluate(async () => (await fetch('/api/auth/me')).status);
    assert.equal(me, 401);
  });

  test('an employee on a phone sets "Möte till 14:30" in two taps; the manager and the operator see it within a second, without a reload; "Åter" (P-DIV-4)', async () => {
    await annaBack();
    // The manager's team and the operator's directory are open before the change.
    const mctx = await w.context(DESKTOP);
    const manager = await w.login(mctx, johan);
    await manager.goto('/team');
    await ready(manager, 'Mitt team');
    const annaRow = manager.locator(`[data-person="${anna.id}"] [data-testid="presence"]`);
    await annaRow.filter({ hasText: 'Tillgänglig' }).waitFor();
    await manager.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

    const octx = await w.context(DESKTOP);
    const operator = await w.login(octx, sara);
    await operator.getByRole('link', { name: 'Katalog' }).click();
    await ready(operator, 'Katalog');
    await operator.getByRole('searchbox').fill('anna berg');
    const opRow = operator.locator(`[data-person="${anna.id}"] [data-testid="presence"]`);
    await opRow.filter({ hasText: 'Tillgänglig' }).waitFor();

    const ectx = await w.context(PHONE, { touch: true });
    const phone = await w.login(ectx, anna);
    await ready(phone, 'Min status');
    await check(phone, '10-phone-status');

    await phone.getByRole('button', { name: 'Möte', exact: true }).tap(); // tap 1
    await phone.getByRole('heading', { name: 'Möte – till när?' }).waitFor();
    await check(phone, '11-phone-status-meeting-until');
    const t0 = Date.now();
    await phone.getByRole('button', { name: 'Till 14:30' }).tap(); // tap 2
    await manager.locator(`[data-person="${anna.id}"] [data-testid="presence"]`).filter({ hasText: 'Möte – åter i dag 14:30' }).waitFor({ timeout: 1000 });
    const managerMs = Date.now() - t0;
    await opRow.filter({ hasText: 'Möte – åter i dag 14:30' }).waitFor({ timeout: Math.max(1, 1000 - (Date.now() - t0)) });
    const operatorMs = Date.now() - t0;
    assert.ok(managerMs < 1000 && operatorMs < 1000, `seen after ${managerMs} ms (manager), ${operatorMs} ms (operator)`);
    console.log(`# "Möte till 14:30": the manager saw it after ${managerMs} ms, the operator after ${operatorMs} ms`);

    await phone.getByTestId('my-status').filter({ hasText: 'Möte – åter i dag 14:30' }).waitFor();
    const p = await presenceOfAnna();
    assert.equal(p.reason, 'meeting');
    assert.equal(p.returnsAt, '2026-03-25T13:30:00.000Z');
    assert.equal(await manager.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true);
    await check(phone, '12-phone-status-absent');
    await check(manager, '13-manager-team-live');
    await screenshot(operator, '14-operator-directory-live');

    await phone.getByRole('button', { name: 'Åter – jag är tillbaka' }).tap();
    await phone.getByTestId('my-status').filter({ hasText: 'Tillgänglig' }).waitFor();
    await annaRow.filter({ hasText: 'Tillgänglig' }).waitFor({ timeout: 1000 });
    assert.equal((await presenceOfAnna()).state, 'available');
  });

  test('P-CB-2: a call-back is marked done with its outcome, another is re-planned to an agreed time', async () => {
    const take = async (name: string, concerns: string) => {
      const res = await api.sara.request('POST', `/api/people/${anna.id}/messages`, { caller: { name, number: '070-174 06 10' }, concerns });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { id: string }).id;
    };
    const done = await take('Eva Ek', 'Bygglov för garage');
    const later = await take('Olle Ström', 'Strandskydd vid sjön');
    const ctx = await w.context(PHONE);
    const page = await w.login(ctx, anna);
    await page.getByRole('link', { name: 'Meddelanden' }).click();
    await ready(page, 'Mina meddelanden');
    await check(page, '20-messages');

    const eva = page.getByRole('article').filter({ hasText: 'Eva Ek' });
    await eva.getByRole('button', { name: 'Klar' }).click();
    await eva.getByRole('radio', { name: 'Inget svar – lämnade meddelande' }).check();
    await eva.getByLabel('Anteckning (valfri)').fill('Ringer igen i morgon');
    await check(page, '21-message-done-form');
    await eva.getByRole('button', { name: 'Markera som klar' }).click();
    await eva.waitFor({ state: 'detached' });
    const cb = (await api.anna.request('GET', `/api/callbacks/${done}`)).json() as { status: string; completion: { outcome: string; note: string } };
    assert.equal(cb.status, 'done');
    assert.deepEqual([cb.completion.outcome, cb.completion.note], ['no-answer-left-message', 'Ringer igen i morgon']);

    const olle = page.getByRole('article').filter({ hasText: 'Olle Ström' });
    await olle.getByRole('button', { name: 'Planera om' }).click();
    await olle.getByLabel('Överenskommet datum').fill('2026-03-30');
    await olle.getByLabel('Klockan').fill('10:00');
    await olle.getByLabel('Vad kom ni överens om?').fill('Svar när nämnden beslutat');
    await check(page, '22-message-replan-form');
    await olle.getByRole('button', { name: 'Spara ny tid' }).click();
    await olle.getByText('omplanerad').waitFor();
    const re = (await api.anna.request('GET', `/api/callbacks/${later}`)).json() as { due: string; firstDue: string; replans: { agreedAt: string; note: string }[] };
    assert.equal(re.replans.length, 1);
    assert.equal(re.replans[0]!.agreedAt, '2026-03-30T08:00:00.000Z');
    assert.equal(re.due, '2026-03-30T08:00:00.000Z');
    assert.notEqual(re.firstDue, re.due, 'the first deadline is kept for follow-up');
    await check(page, '23-messages-after');
  });

  test('P-DIV-8: the manager diverts a sick employee\'s phone; it is audited as done on her behalf', async () => {
    await annaBack();
    const ctx = await w.context();
    const page = await w.login(ctx, johan);
    await page.getByRole('link', { name: 'Mitt team' }).click();
    await ready(page, 'Mitt team');
    const row = page.locator(`[data-person="${anna.id}"]`);
    await row.getByRole('button', { name: 'Sjukanmäl Anna Berg' }).click();
    await row.getByRole('heading', { name: 'Sjuk – till när?' }).waitFor();
    await check(page, '30-manager-sick');
    await row.getByRole('button', { name: /^Till i morgon 08:00$/ }).click();
    await row.getByTestId('presence').filter({ hasText: 'Sjuk – åter i morgon 08:00' }).waitFor();
    const p = await presenceOfAnna();
    assert.deepEqual([p.state, p.reason, p.returnsAt], ['absent', 'sick', '2026-03-26T07:00:00.000Z']);
    const audit = (await api.johan.request('GET', `/api/audit?person=${anna.id}`)).json() as { action: string; actorId: string; onBehalfOf: string; detail: { basis: string } }[];
    const entry = audit.find((a) => a.action === 'absence.create');
    assert.ok(entry, JSON.stringify(audit));
    assert.deepEqual([entry.actorId, entry.onBehalfOf, entry.detail.basis], [johan.id, anna.id, 'manager']);

    // The rest of the manager's screens.
    await row.getByRole('button', { name: 'Uppgifter Anna Berg' }).click();
    await row.getByRole('heading', { name: 'Röstbrevlåda' }).waitFor();
    await ready(page, 'Mitt team');
    await check(page, '31-manager-staff-details');
    await page.getByRole('link', { name: 'Återkopplingar' }).click();
    await ready(page, 'Teamets återkopplingar');
    await check(page, '32-manager-callbacks');
    await page.getByRole('link', { name: 'Uppföljning' }).first().click();
    await ready(page, 'Uppföljning');
    await check(page, '33-manager-follow-up');
    await annaBack();
  });

  test('CSV import: one bad line names its line and nothing is imported; a good file is checked, then imported', async () => {
    const count = async () => ((await api.maria.request('GET', '/api/people?includeDeactivated=true&limit=500')).json() as { total: number }).total;
    const before = await count();
    const ctx = await w.context();
    const page = await w.login(ctx, maria);
    await page.goto('/admin/import');
    await ready(page, 'Importera katalogen');
    await check(page, '40-admin-import');
    const bad = 'förnamn;efternamn;epost;anknytning\nLisa;Lind;lisa.lind@example.org;2050\nPer;Fel;inte-en-adress;2051\nKim;Berg;kim.berg@example.org;2052\n';
    await page.getByLabel('CSV-fil').setInputFiles({ name: 'personal.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Kontrollera filen' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Inget har importerats.' });
    await alert.waitFor();
    const problems = await alert.getByRole('listitem').allTextContents();
    assert.ok(problems.length >= 1 && problems.every((t) => t.startsWith('Rad 3')), problems.join(' | '));
    await check(page, '41-admin-import-errors');
    await page.getByRole('button', { name: 'Importera', exact: true }).click();
    await alert.waitFor();
    assert.equal(await count(), before, 'nothing imported');

    const good = bad.replace('inte-en-adress', 'per.fel@example.org');
    await page.getByLabel('CSV-fil').setInputFiles({ name: 'personal.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Kontrollera filen' }).click();
    await page.getByText('Filen är kontrollerad och har inga fel.').waitFor();
    assert.equal(await count(), before, 'a check writes nothing');
    await check(page, '42-admin-import-checked');
    await page.getByRole('button', { name: 'Importera nu' }).click();
    await page.locator('.notice').filter({ hasText: 'Importen är klar.' }).waitFor();
    assert.equal(await count(), before + 3);
    await check(page, '43-admin-import-done');
  });

  test('P-VM-3: a voicemail message plays in the browser and is then marked heard (P-VM-5); P-VM-2: a greeting is uploaded and removed', async () => {
    // A message as voicemail leaves it: the call-back, and the recording linked to it.
    const res = await api.sara.request('POST', `/api/people/${anna.id}/messages`, { caller: { name: 'Röst Rut', number: '070-174 06 12' }, concerns: 'Röstmeddelande' });
    assert.equal(res.statusCode, 201, res.body);
    const callbackId = (res.json() as { id: string }).id;
    const messageId = crypto.randomUUID();
    const relative = path.join('voicemail', w.t.a.id, `${messageId}.wav`);
    mkdirSync(path.dirname(path.join(w.t.ctx.config.dataDir, relative)), { recursive: true });
    writeFileSync(path.join(w.t.ctx.config.dataDir, relative), wav(1.5));
    const at = w.now().toString();
    await w.t.store.db.insertInto('voicemail_messages').values({
      id: messageId, tenant_id: w.t.a.id, box_kind: 'person', person_id: anna.id, function_id: null, call_id: null, callback_id: callbackId,
      caller_number: '+46701740612', caller_name: 'Röst Rut', received_at: at, duration_ms: 1500, wav_path: relative, complete: 1,
      status: 'new', heard_at: null, deleted_at: null, notified_at: null, created_at: at, updated_at: at,
    }).execute();

    const ctx = await w.context(PHONE);
    const page = await w.login(ctx, anna);
    await page.getByRole('link', { name: 'Meddelanden' }).click();
    await ready(page, 'Mina meddelanden');
    const card = page.getByRole('article').filter({ hasText: 'Röst Rut' });
    const audio = card.locator('audio');
    await audio.waitFor();
    await check(page, '24-message-recording');
    await card.getByRole('heading', { name: 'Röst Rut' }).click(); // a user gesture, so the page may play sound
    const played = await audio.evaluate(async (a) => {
      const el = a as unknown as { play(): Promise<void>; duration: number; currentTime: number; addEventListener(t: string, f: () => void): void };
      await el.play();
      await new Promise<void>((resolve) => el.addEventListener('ended', () => resolve()));
      return { duration: el.duration, at: el.currentTime };
    });
    assert.ok(Math.abs(played.duration - 1.5) < 0.05 && played.at > 1.4, JSON.stringify(played));
    const heard = async () => ((await api.anna.request('GET', `/api/voicemail/messages/${messageId}`)).json() as { status: string }).status;
    for (let i = 0; i < 50 && (await heard()) !== 'heard'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await heard(), 'heard');

    await page.getByRole('link', { name: 'Min profil' }).click();
    await ready(page, 'Min profil');
    await page.getByText('Du har ingen egen hälsning').waitFor();
    await page.getByLabel('Ladda upp en hälsning (WAV)').setInputFiles({ name: 'halsning.wav', mimeType: 'audio/wav', buffer: wav(2, 330) });
    await page.getByRole('button', { name: 'Ladda upp', exact: true }).click();
    await page.getByText('Du har en egen hälsning.').waitFor();
    await check(page, '25-profile-greeting');
    const greeting = (await api.anna.request('GET', '/api/voicemail/greeting')).json() as { source: string; durationMs: number };
    assert.deepEqual([greeting.source, greeting.durationMs], ['upload', 2000]);
    await page.getByRole('button', { name: 'Ta bort hälsningen' }).click();
    await page.getByText('Du har ingen egen hälsning').waitFor();
    assert.equal((await api.anna.request('GET', '/api/voicemail/greeting')).statusCode, 404);
  });

  test('axe-core: zero violations on every other screen, in both languages', async () => {
    const screens: [SeedPerson, string, string | RegExp, string, ((p: Page) => Promise<void>)?][] = [
      [anna, '/profil', 'Min profil', '50-profile'],
      [anna, '/katalog', 'Katalog', '51-directory', async (p) => {
        await p.getByRole('searchbox').fill('bygglov');
        await p.getByRole('heading', { name: 'Funktioner' }).waitFor();
        await p.locator(`[data-person="${anna.id}"]`).getByRole('button', { name: /Lämna meddelande/ }).click();
        await p.getByRole('heading', { name: 'Meddelande till Anna Berg' }).waitFor();
      }],
      [anna, '/status', 'Min status', '52-status-plan', async (p) => {
        await p.getByRole('button', { name: 'Planera frånvaro' }).click();
        await p.getByLabel('Återkommande varje vecka').check();
        await p.getByRole('group', { name: 'Veckodagar' }).waitFor();
      }],
      [sara, '/katalog', 'Katalog', '54-operator-divert', async (p) => {
        await p.getByRole('searchbox').fill('anna');
        await p.locator(`[data-person="${anna.id}"]`).getByRole('button', { name: 'Hänvisa Anna Berg' }).click();
        await p.getByRole('button', { name: 'Lunch', exact: true }).click();
        await p.getByText('Annan tid, vart samtalen går, anteckning').click();
      }],
      [maria, '/admin/personer', 'Personer', '55-admin-people', async (p) => {
        await p.getByRole('button', { name: 'Ändra Anna Berg' }).click();
        await p.getByRole('heading', { name: 'Ändra Anna Berg' }).waitFor();
      }],
      [maria, '/admin/enheter', 'Enheter', '56-admin-units', async (p) => {
        await p.getByRole('button', { name: 'Ny enhet' }).click();
      }],
      [maria, '/admin/funktioner', 'Funktioner', '57-admin-functions', async (p) => {
        await p.getByRole('button', { name: 'Ändra Bygglov' }).click();
        await p.getByRole('heading', { name: 'Ändra Bygglov' }).waitFor();
      }],
      [maria, '/admin/oppettider', 'Öppettider', '58-admin-hours', async (p) => {
        await p.getByRole('heading', { name: 'april 2026' }).waitFor();
      }],
      [maria, '/admin/installningar', 'Inställningar', '59-admin-settings'],
      [maria, '/admin/telefonkoder', 'Telefonkoder', '60-admin-phone-codes'],
      [maria, '/uppfoljning', 'Uppföljning', '61-admin-follow-up'],
    ];
    const contexts = new Map<string, { ctx: BrowserContext; page: Page }>();
    for (const [who, path, title, name, act] of screens) {
      let c = contexts.get(who.id);
      if (!c) {
        const ctx = await w.context(who === anna ? PHONE : DESKTOP);
        c = { ctx, page: await w.login(ctx, who) };
        contexts.set(who.id, c);
      }
      await c.page.goto(path);
      await ready(c.page, title);
      if (act) await act(c.page);
      await check(c.page, name);
    }
    // English, chosen in the header, kept across pages; the page says so (lang="en").
    const { page } = contexts.get(anna.id)!;
    await page.goto('/status');
    await ready(page, 'Min status');
    await page.getByRole('button', { name: 'English' }).click();
    await ready(page, 'My status');
    assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang), 'en');
    await check(page, '62-status-english');
    await page.getByRole('link', { name: 'My profile' }).click();
    await ready(page, 'My profile');
    await check(page, '63-profile-english');
    await page.getByRole('button', { name: 'Svenska' }).click();
    await ready(page, 'Min profil');
  });

  test('keyboard only: log in, "Möte till 14:30", "Åter", and close a call-back', async () => {
    await annaBack();
    const res = await api.sara.request('POST', `/api/people/${anna.id}/messages`, { caller: { name: 'Tangent Tina', number: '070-174 06 11' }, concerns: 'Nyckel' });
    assert.equal(res.statusCode, 201);
    const ctx = await w.context(PHONE);
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    assert.equal(await tabTo(page, /^Hoppa till innehållet$/), 1, 'the skip link comes first');
    await tabTo(page, /^INPUT#/);
    await page.keyboard.type(anna.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('rätt-lösenord-123');
    await page.keyboard.press('Enter');
    await ready(page, 'Min status');

    // The skip link takes focus past the header and the menu.
    assert.equal(await tabTo(page, /^Hoppa till innehållet$/), 1);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Möte$/);
    await page.keyboard.press('Enter');
    assert.equal(await focusedName(page), 'Möte – till när?', 'focus moves to the end-time choices');
    await tabTo(page, /^Till 14:30$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('my-status').filter({ hasText: 'Möte – åter i dag 14:30' }).waitFor();
    assert.equal((await presenceOfAnna()).reason, 'meeting');

    await tabTo(page, /^Åter – jag är tillbaka$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('my-status').filter({ hasText: 'Tillgänglig' }).waitFor();

    // To the messages through the menu, then close one.
    await page.keyboard.press('Shift+Tab');
    let presses = 0;
    while (!/^Meddelanden$/.test(await focusedName(page)) && presses++ < 40) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await ready(page, 'Mina meddelanden');
    const tina = page.getByRole('article').filter({ hasText: 'Tangent Tina' });
    await tina.waitFor();
    // The Klar button of Tina's card: tab until the focus is inside it.
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const inTina = await tina.evaluate((el) => {
        const g = globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } };
        return (el as { contains(n: unknown): boolean }).contains(g.document.activeElement) && g.document.activeElement?.textContent === 'Klar';
      });
      if (inTina) break;
    }
    await page.keyboard.press('Enter');
    await tabTo(page, /^Ringde upp och fick svar$|^INPUT#/);
    await page.keyboard.press('ArrowDown'); // radio group: the next outcome
    await tabTo(page, /^Markera som klar$/);
    await page.keyboard.press('Enter');
    await tina.waitFor({ state: 'detached' });
    const open = (await api.anna.request('GET', `/api/callbacks?person=${anna.id}&status=done`)).json() as { caller: { name?: string }; completion: { outcome: string } }[];
    assert.equal(open.find((c) => c.caller.name === 'Tangent Tina')?.completion.outcome, 'emailed');
    await screenshot(page, '70-keyboard-done');
  });

  test('live updates survive a dropped connection: the app reconnects with ?since and catches up without a reload', async () => {
    await annaBack();
    const ctx = await w.context();
    const page = await w.login(ctx, johan);
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto('/team');
    await ready(page, 'Mitt team');
    await page.getByText('Uppdateras direkt').waitFor();
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
    const row = page.locator(`[data-person="${anna.id}"] [data-testid="presence"]`);
    await row.filter({ hasText: 'Tillgänglig' }).waitFor();

    // The server drops every event socket; the change happens while this page is disconnected.
    const wss = (w.t.app as unknown as { websocketServer: { clients: Set<{ terminate(): void }> } }).websocketServer;
    for (const c of wss.clients) c.terminate();
    const res = await api.anna.request('POST', `/api/people/${anna.id}/absences`, { reason: 'lunch' });
    assert.equal(res.statusCode, 201, res.body);
    await row.filter({ hasText: /Lunch – åter i dag 11:\d\d/ }).waitFor({ timeout: 5000 });
    assert.ok(sockets.some((u) => /\/api\/events\?since=\d+$/.test(u)), sockets.join(' '));
    assert.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true);
    await annaBack();
  });
});
