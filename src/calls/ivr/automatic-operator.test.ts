// The automatic operator (P-DIV-6, Vara's 31818) on real RTP: the "phone" keys RFC 4733 digits
// and hears the prompts; employees set diversions in a real store, on both dialects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { DIALECTS } from '../../store/testing.js';
import { PromptLibrary } from '../../prompts/library.js';
import { words } from '../../prompts/testing.js';
import { sayConnectingTo, type Plan } from '../../prompts/say.js';
import { xcorr } from '../../media/index.js';
import { delay, testPortPool } from '../../media/testing.js';
import { local, WEDNESDAY_10 } from '../../core/routing/testing.js';
import { MAX_TRIES, runAutomaticOperator } from './automatic-operator.js';
import type { IvrDeps } from './index.js';
import { anchoredCall, assertHeard, padded, type TestCall } from './testing.js';

const pool = testPortPool();
const prompts = await PromptLibrary.load();
const WELCOME: Plan = ['ao.welcome', 'silence.500', 'ao.dial-extension', 'ao.or-wait', 'silence.500', 'ao.employee'];
const GOODBYE: Plan = ['silence.500', 'call.goodbye'];
const PIN = '4711';

describe('ivr: the automatic operator', () => {
  for (const dialect of DIALECTS) {
    describe(dialect, { concurrency: true }, () => {
      let t: TestApp;
      let deps: IvrDeps;
      const calls: TestCall[] = [];
      const heard = (plan: Plan) => prompts.assemble(plan, t.a.slug);

      before(async () => {
        t = await startTestApp({ dialect, now: WEDNESDAY_10.toString() });
        deps = { prompts, ctx: t.ctx, tenantSlug: t.a.slug, profile: (await t.ctx.tenants.get(t.a.id)).profile, timing: { firstDigitMs: 1500, interDigitMs: 1000, menuChoiceMs: 1500 } };
        for (const key of ['employee', 'manager', 'other', 'operator'] as const) {
          const p = t.a.people[key]!;
          await t.ctx.directory.setPin({ kind: 'person', id: p.id, personId: p.id, tenantId: t.a.id, role: p.role }, p.id, PIN);
        }
      });
      after(async () => {
        await Promise.all(calls.map((c) => c.close()));
        await t.close();
      });

      async function call(): Promise<TestCall> {
        const c = await anchoredCall(pool, { tenantId: t.a.id, at: WEDNESDAY_10 });
        calls.push(c);
        return c;
      }
      /** Packets heard when the phone last keyed: the IVR's answer comes after them. */
      const keyedAt = new WeakMap<TestCall, number>();
      /** Waits until the IVR has answered the last keys and is quiet, waiting for the next. */
      const answered = (c: TestCall) => c.ear.waitFor({ quietMs: 250, packets: (keyedAt.get(c) ?? 0) + 1 });
      /** Keys once the IVR has answered the last keys and waits (no type-ahead). */
      async function keyWhenAsked(c: TestCall, digits: string): Promise<void> {
        await answered(c);
        await c.phone.sendDigits(digits);
        keyedAt.set(c, c.ear.packets);
      }
      const status = (key: string) => t.ctx.presence.statusOf(t.a.id, t.a.people[key]!.id, WEDNESDAY_10);

      // Callers touch the store only to look an extension up: once is enough.
      if (dialect === 'sqlite') describe('callers', { concurrency: true }, () => {
        test('P-DIV-6: a caller keys an extension during the welcome and is connected to that person', async () => {
          const c = await call();
          const result = runAutomaticOperator(c.call, deps);
          await c.ear.waitForStart();
          await delay(600);
          await c.phone.sendDigits('2003');
          assert.deepEqual(await result, { dial: '2003' });
          await c.ear.waitFor();
          const welcome = await heard(WELCOME);
          const start = c.ear.all().subarray(0, 2400);
          assert.ok(xcorr(welcome.subarray(0, start.length), start).atZero > 0.98, 'the welcome began');
          const connecting = await heard(sayConnectingTo({ extension: '2003' }));
          assert.equal(words(sayConnectingTo({ extension: '2003' })), 'Ditt samtal kopplas till anknytning två noll noll tre');
          assertHeard(c.ear.lastPrompt(connecting.length), connecting, 'connecting');
          assert.ok(c.ear.packets * 160 < welcome.length + connecting.length, 'the key cut the welcome short');
        });

        test('P-FC-1: a caller who keys nothing hears the whole welcome and reaches the switchboard', async () => {
          const c = await call();
          assert.deepEqual(await runAutomaticOperator(c.call, deps), { dial: '2000' });
          await c.ear.waitFor();
          assert.equal(words(WELCOME), 'Välkommen till den automatiska telefonisten . Slå anknytningsnumret till den du söker eller vänta kvar så kopplas du till växeln . Är du anställd, tryck stjärna');
          assertHeard(c.ear.all(), padded([await heard(WELCOME), await heard(sayConnectingTo('switchboard'))]), 'welcome, then "Ditt samtal kopplas till växeln"');
        });

        test('P-DIV-6: 0 is the switchboard', async () => {
          const c = await call();
          const result = runAutomaticOperator(c.call, deps);
          await c.ear.waitForStart();
          await c.phone.sendDigits('0');
          assert.deepEqual(await result, { dial: '2000' });
        });

        test('P-DIV-6: an extension nobody has is said, and asked for again', async () => {
          const c = await call();
          const result = runAutomaticOperator(c.call, deps);
          await c.ear.waitForStart();
          await c.phone.sendDigits('2777'); // during the welcome
          keyedAt.set(c, c.ear.packets);
          await keyWhenAsked(c, '2090'); // the function Bygglov
          assert.deepEqual(await result, { dial: '2090' });
          await c.ear.waitFor();
          const expected = padded([await heard(['ao.extension-missing', 'silence.500', 'ao.dial-extension', 'ao.or-wait']), await heard(sayConnectingTo({ extension: '2090' }))]);
          assertHeard(c.ear.lastPrompt(expected.length), expected, '"Anknytningen finns inte", then connecting');
        });

        test('P-FC-1: hanging up during the welcome ends the automatic operator at once', async () => {
          const c = await call();
          const result = runAutomaticOperator(c.call, deps);
          await c.ear.waitForStart();
          const at = Date.now();
          c.hangUp();
          assert.equal(await result, null);
          assert.ok(Date.now() - at < 100, `resolved after ${Date.now() - at} ms`);
        });
      });

      describe('Anna sets a diversion by menu', { concurrency: 1 }, () => {
        test('P-DIV-6, P-SEC-1: * extension # PIN #, reason 1, 1430, # for today: "Möte" until 14:30, confirmed', async () => {
          const c = await call();
          const result = runAutomaticOperator(c.call, deps);
          await c.ear.waitForStart();
          await c.phone.sendDigits(`*2003#${PIN}#1`); // keyed ahead: the prompts give way
          await keyWhenAsked(c, '1430');
          await keyWhenAsked(c, '#'); // "… eller tryck fyrkant för i dag"
          assert.equal(await result, null, 'the employee is done');
          await c.ear.waitFor();
          const receipt: Plan = ['code.diversion-set', 'silence.500', 'word.you', 'reason.meeting', 'absence.returns', 'day.today', 'time.at', 'num.14', 'word.and', 'num.30', ...GOODBYE];
          const expected = await heard(receipt);
          assertHeard(c.ear.lastPrompt(expected.length), expected, 'the receipt and good-bye');
          const s = await status('employee');
          assert.ok(s.state === 'absent' && s.reason === 'meeting');
          if (s.state === 'absent') assert.equal(s.returnsAt.toString(), local('2026-04-22 14:30').toString());
          const entries = await t.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'phone.absence').where('actor_id', '=', t.a.people.employee!.id).execute();
          assert.equal(entries.length, 1);
          assert.equal(JSON.parse(entries[0]!.detail_json).via, 'automatic-operator');
        });

        test('P-DIV-4: 0 in the menu is "Åter"', async () => {
          const c = await call();
          const result = runAutomaticOperator(c.call, deps);
          await c.ear.waitForStart();
          await c.phone.sendDigits(`*2003#${PIN}#0`);
          assert.equal(await result, null);
          await c.ear.waitFor();
          const expected = await heard(['code.back-now', ...GOODBYE]);
          assertHeard(c.ear.lastPrompt(expected.length), expected, '"Du är nu åter. Hej då"');
          assert.equal((await status('employee')).state, 'available');
        });
      });

      describe('Sara keys a time that has passed', { concurrency: 1 }, () => {
        test('P-DIV-6: a return time already passed is refused by voice and asked for again', async () => {
          const c = await call();
          const result = runAutomaticOperator(c.call, deps);
          await c.ear.waitForStart();
          await c.phone.sendDigits(`*2001#${PIN}#2`);
          await keyWhenAsked(c, '0900#'); // '#' at the date: today
          await answered(c);
          const again = await heard(['code.time-passed', 'silence.500', 'ao.enter-return-time']);
          assertHeard(c.ear.lastPrompt(again.length), again, '"Den tiden har redan passerat. Ange tid för åter …"');
          await keyWhenAsked(c, '1300#');
          assert.equal(await result, null);
          const s = await status('operator');
          assert.ok(s.state === 'absent' && s.reason === 'lunch');
          if (s.state === 'absent') assert.equal(s.returnsAt.toString(), local('2026-04-22 13:00').toString());
        });
      });

      describe('P-SEC-1: wrong PINs', { concurrency: 1 }, () => {
        test(`P-SEC-1: ${MAX_TRIES} wrong PINs end the call with "För många felaktiga försök"; each is counted`, async () => {
          const c = await call();
          const result = runAutomaticOperator(c.call, deps);
          await c.ear.waitForStart();
          await c.phone.sendDigits('*');
          for (const wrong of ['1111', '2222', '3333']) await keyWhenAsked(c, `2002#${wrong}#`);
          assert.equal(await result, null);
          await c.ear.waitFor();
          const expected = await heard(['vm.too-many-attempts', ...GOODBYE]);
          assertHeard(c.ear.lastPrompt(expected.length), expected, 'too many attempts');
          const row = await t.store.db.selectFrom('login_attempts').selectAll().where('key', '=', `pin:${t.a.id}:2002`).executeTakeFirst();
          assert.equal(row?.failures, 3);
          assert.equal((await status('manager')).state, 'available');
        });

        test('P-SEC-1: an extension blocked by earlier failures refuses even the right PIN', async () => {
          const blockedUntil = WEDNESDAY_10.add({ minutes: 5 }).toString();
          await t.store.db.insertInto('login_attempts').values({ key: `pin:${t.a.id}:2004`, failures: 5, first_failure_at: WEDNESDAY_10.toString(), blocked_until: blockedUntil }).execute();
          const c = await call();
          const result = runAutomaticOperator(c.call, deps);
          await c.ear.waitForStart();
          await c.phone.sendDigits(`*2004#${PIN}#`);
          assert.equal(await result, null);
          await c.ear.waitFor();
          const expected = await heard(['vm.too-many-attempts', ...GOODBYE]);
          assertHeard(c.ear.lastPrompt(expected.length), expected, 'blocked');
          assert.equal((await status('other')).state, 'available');
        });
      });
    });
  }
});
