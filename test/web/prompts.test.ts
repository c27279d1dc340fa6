// The recordings page in Chromium (issue 5 item 5): an administrator replaces the
// municipality's name with an Ogg file (decoded by the browser, sent as WAV), hears it, records
// "Växeln är stängd" with the microphone (Chromium's fake capture device playing a file),
// is warned that a group has mixed voices, gets a Swedish error for a file that is not sound,
// and goes back to the original. axe-core finds nothing; every screen is saved.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { check, DESKTOP, ready, startWebApp, type WebApp } from './support.js';
import type { Client } from '../support/app.js';
import { encodeWav, isSilent, readWav } from '../../src/media/index.js';

/** A voice-like sound: a few harmonics of 180 Hz under a syllable-rate envelope. */
function voice(seconds: number, rate: number): Int16Array {
  const out = new Int16Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
    let s = 0;
    for (const [k, a] of [[1, 1], [2, 0.6], [3, 0.4], [5, 0.25]] as const) s += a * Math.sin(2 * Math.PI * 180 * k * t);
    out[i] = Math.round(6000 * envelope * s);
  }
  return out;
}

function soxAvailable(): boolean {
  try {
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'ov-prompts-web-'));
// The fake microphone plays this file (Chromium reads a 16-bit WAV).
const micFile = path.join(dir, 'mikrofon.wav');
writeFileSync(micFile, encodeWav(voice(4, 16_000), { sampleRate: 16_000 }));

describe('recordings page in Chromium', { timeout: 300_000, skip: soxAvailable() ? false : 'sox is not installed (scripts/install-test-deps.sh)' }, () => {
  let w: WebApp;
  let maria: Client;
  let page: Page;

  before(async () => {
    w = await startWebApp({ chromiumArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${micFile}`] });
    maria = await w.t.login(w.t.a.people.admin!);
    const ctx = await w.context(DESKTOP);
    await ctx.grantPermissions(['microphone']);
    page = await w.login(ctx, w.t.a.people.admin!);
  });
  after(async () => {
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** An Ogg Vorbis file (made with sox) chosen in the open editor and uploaded. */
  async function uploadOgg(name: string, samples: Int16Array, rate: number): Promise<void> {
    const wavPath = path.join(dir, `${name}.wav`);
    const oggPath = path.join(dir, `${name}.ogg`);
    writeFileSync(wavPath, encodeWav(samples, { sampleRate: rate }));
    execFileSync('sox', [wavPath, '-C', '3', oggPath]);
    await page.getByLabel('Ladda upp en ljudfil').setInputFiles({ name: `${name}.ogg`, mimeType: 'audio/ogg', buffer: readFileSync(oggPath) });
    await page.getByRole('button', { name: 'Ladda upp', exact: true }).click();
  }
  const row = (id: string) => page.locator(`tr[data-clip="${id}"]`);
  const own = async (id: string) => ((await maria.request('GET', '/api/prompts')).json() as { clips: { id: string; own: null | { durationMs: number } }[] }).clips.find((c) => c.id === id)!.own;

  test('the page lists every clip by group with what to read; axe-core finds nothing', async () => {
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('link', { name: 'Inspelningar' }).click();
    await ready(page, 'Inspelningar');
    await page.getByRole('heading', { name: /Kommunens namn/ }).waitFor();
    assert.match(await row('org.name').innerText(), /kommunen[\s\S]*Originalet/);
    assert.equal(await page.locator('tr[data-clip]').count(), ((await maria.request('GET', '/api/prompts')).json() as { clips: unknown[] }).clips.length);
    await page.getByLabel('Filtrera').fill('stängd');
    await row('swb.closed').waitFor();
    assert.equal(await row('org.name').count(), 0, 'the filter narrows the list');
    await check(page, '80-admin-prompts');
    await page.getByLabel('Filtrera').fill('');
  });

  test('an Ogg file of the name is decoded by the browser, uploaded, and heard in its place', async () => {
    await row('org.name').getByRole('button', { name: 'Spela in ”kommunen”' }).click();
    await page.getByRole('heading', { name: 'Spela in ”kommunen”' }).waitFor();
    await uploadOgg('valdemarsviks-kommun', voice(1.6, 44_100), 44_100);
    await row('org.name').getByText(/Egen inspelning, 1,[5-6] s/).waitFor();
    const mine = await own('org.name');
    assert.ok(mine && mine.durationMs > 1400 && mine.durationMs < 1700, JSON.stringify(mine));
    const audio = readWav((await maria.request('GET', '/api/prompts/org.name/audio')).rawPayload);
    assert.ok(audio.ok && !isSilent(audio.value.samples));
    await page.getByRole('heading', { name: /Kommunens namn/ }).getByText('1 av 1 egna').waitFor();
    // Listening: the button is pressed while it plays and released when the clip has ended.
    const listen = page.getByRole('button', { name: 'Lyssna på er inspelning' });
    await listen.click();
    await page.getByRole('button', { name: 'Stoppa: Lyssna på er inspelning' }).waitFor();
    await listen.waitFor({ timeout: 5000 });
    await check(page, '81-admin-prompt-uploaded');
    await page.getByRole('button', { name: 'Stäng', exact: true }).click();
  });

  test('"Växeln är stängd" recorded with the microphone; the group is marked as mixed voices', async () => {
    await row('swb.closed').getByRole('button', { name: 'Spela in ”Växeln är stängd”' }).click();
    await page.getByRole('button', { name: 'Spela in med mikrofonen' }).click();
    await page.getByText('Spelar in…').waitFor();
    await new Promise((r) => setTimeout(r, 2000));
    await page.getByRole('button', { name: 'Stoppa inspelningen' }).click();
    await page.getByRole('button', { name: 'Spara inspelningen' }).click();
    await row('swb.closed').getByText(/Egen inspelning/).waitFor({ timeout: 15_000 });
    const mine = await own('swb.closed');
    assert.ok(mine && mine.durationMs > 1000, `about two seconds recorded: ${JSON.stringify(mine)}`);
    await page.getByText('Blandade röster: spela in resten av gruppen').first().waitFor();
    const audits = await w.t.store.db.selectFrom('audit_log').select(['entity_id', 'actor_id']).where('action', '=', 'prompt.upload').execute();
    assert.deepEqual(audits.map((a) => a.entity_id).sort(), ['org.name', 'swb.closed']);
    assert.ok(audits.every((a) => a.actor_id === w.t.a.people.admin!.id));
    await check(page, '82-admin-prompt-recorded');
  });

  test('a file that is not sound gets a Swedish error and changes nothing; back to the original', async () => {
    await page.getByLabel('Ladda upp en ljudfil').setInputFiles({ name: 'inte-ljud.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('det här är inget ljud') });
    await page.getByRole('button', { name: 'Ladda upp', exact: true }).click();
    await page.getByRole('alert').getByText('Filen kunde inte läsas som ljud.', { exact: false }).waitFor();
    assert.ok(await own('swb.closed'), 'the recording is kept');
    await check(page, '83-admin-prompt-error');
    await page.getByRole('button', { name: 'Återställ till originalet' }).click();
    await row('swb.closed').getByText('Originalet').waitFor();
    assert.equal(await own('swb.closed'), null);
    // The example sentence with the municipality's name plays.
    await page.getByRole('button', { name: 'Välkomsthälsningen' }).click();
    await page.getByRole('button', { name: 'Stoppa: Välkomsthälsningen' }).waitFor();
  });

  test('music on hold: the municipality replaces it with a file of its own, and goes back to ours', async () => {
    await row('music.hold').getByRole('button', { name: 'Byt väntemusik' }).click();
    await page.getByRole('heading', { name: 'Byt väntemusik' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Spela in med mikrofonen' }).count(), 0, 'music is uploaded, not recorded');
    await uploadOgg('kommunens-vantemusik', voice(6, 22_050), 22_050);
    await row('music.hold').getByText(/Egen inspelning, [56],\d s/).waitFor();
    assert.ok(await own('music.hold'));
    await check(page, '85-admin-prompts-music');
    await page.getByRole('button', { name: 'Återställ till originalet' }).click();
    await row('music.hold').getByText('Originalet').waitFor();
    await page.getByRole('button', { name: 'Stäng', exact: true }).click();
  });

  test('English: the page and the editor are translated; axe-core finds nothing', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await ready(page, 'Recordings');
    await row('org.name').getByRole('button', { name: 'Record "kommunen"' }).click();
    await page.getByRole('heading', { name: 'Record "kommunen"' }).waitFor();
    await check(page, '84-admin-prompts-english');
    await page.getByRole('button', { name: 'Svenska' }).click();
    await ready(page, 'Inspelningar');
  });
});
