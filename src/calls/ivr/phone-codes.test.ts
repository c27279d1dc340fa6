// Phone codes (P-DIV-6) applied to a real store on both dialects: routing reads the code, the
// IVR changes presence through the presence service as the person and confirms by voice,
// which the test hears on real RTP and compares with the assembled receipt.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { DIALECTS } from '../../store/testing.js';
import { PromptLibrary } from '../../prompts/library.js';
import { words } from '../../prompts/testing.js';
import type { Plan } from '../../prompts/say.js';
import { testPortPool } from '../../media/testing.js';
import { fixture, local, planOf, WEDNESDAY_10 } from '../../core/routing/testing.js';
import type { PhoneCodeStep } from '../../core/routing/index.js';
import type { Instant } from '../../core/time.js';
import type { AppContext } from '../../http/context.js';
import { applyPhoneCode } from './phone-codes.js';
import type { IvrDeps } from './index.js';
import { anchoredCall, assertHeard, type TestCall } from './testing.js';

const pool = testPortPool();
const prompts = await PromptLibrary.load();

/** Routing's step for `dialled` from one of its own (the fixture's Anna), for `personId`. */
function codeStep(dialled: string, personId: string, at: Instant = WEDNESDAY_10): PhoneCodeStep {
  const step = planOf(fixture(), dialled, at, 'anna').steps[0];
  assert.equal(step?.kind, 'phone-code', `${dialled} is a phone code routing accepts`);
  return { ...(step as PhoneCodeStep), personId };
}

const sameInstant = (a: Instant, b: Instant) => assert.equal(a.toString(), b.toString());

// Both dialects and the people's calls side by side: each check waits until the receipt has
// been played whole, and the ear joins frames in order, so a stall of the event loop while
// the other store is set up does not change what is compared.
describe('ivr: phone codes', { concurrency: true }, () => {
  for (const dialect of DIALECTS) {
    describe(dialect, { concurrency: true }, () => {
      let t: TestApp;
      let deps: IvrDeps;
      const calls: TestCall[] = [];

      before(async () => {
        t = await startTestApp({ dialect, now: WEDNESDAY_10.toString() });
        deps = { prompts, ctx: t.ctx, tenantSlug: t.a.slug, profile: (await t.ctx.tenants.get(t.a.id)).profile };
      });
      after(async () => {
        await Promise.all(calls.map((c) => c.close()));
        await t.close();
      });

      /** Applies the code on a call from `personId` and returns what the caller heard. */
      async function dial(step: PhoneCodeStep, d: IvrDeps = deps): Promise<Int16Array> {
        const c = await anchoredCall(pool, { tenantId: t.a.id, at: WEDNESDAY_10, caller: { number: 'x', personId: step.personId } });
        calls.push(c);
        await applyPhoneCode(c.call, step, d);
        await c.ear.waitFor();
        return c.ear.all();
      }
      const heard = (plan: Plan) => prompts.assemble(plan, t.a.slug);
      const status = (personId: string) => t.ctx.presence.statusOf(t.a.id, personId, WEDNESDAY_10);
      const auditOf = (personId: string, action: string) =>
        t.store.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', t.a.id).where('actor_id', '=', personId).where('action', '=', action).execute();

      describe('Anna sets and ends absences', { concurrency: 1 }, () => {
        test('P-DIV-6: *23 1 1430 # sets "Möte" until 14:30, confirmed by voice, audited as Anna herself', async () => {
          const anna = t.a.people.employee!.id;
          const audio = await dial(codeStep('*2311430#', anna));
          const receipt: Plan = ['code.diversion-set', 'silence.500', 'word.you', 'reason.meeting', 'absence.returns', 'day.today', 'time.at', 'num.14', 'word.and', 'num.30'];
          assert.equal(words(receipt), 'Hänvisningen är registrerad . Du är på möte och är åter i dag klockan fjorton och trettio');
          assertHeard(audio, await heard(receipt), 'the receipt');
          const s = await status(anna);
          assert.equal(s.state, 'absent');
          if (s.state !== 'absent') return;
          assert.equal(s.reason, 'meeting');
          sameInstant(s.returnsAt, local('2026-04-22 14:30'));
          assert.deepEqual(s.target, { kind: 'voicemail' });
          const [entry, ...more] = await auditOf(anna, 'phone.absence');
          assert.equal(more.length, 0);
          assert.equal(entry?.actor_kind, 'person');
          assert.equal(entry?.on_behalf_of, null, 'the person themself');
          assert.deepEqual(JSON.parse(entry!.detail_json), { via: 'phone-code', callId: 'call-test', reason: 'meeting', end: local('2026-04-22 14:30').toString() });
        });

        test('P-DIV-6: a new code replaces the absence in effect: lunch until 13:00 ends the meeting', async () => {
          const anna = t.a.people.employee!.id;
          const audio = await dial(codeStep('*2321300#', anna));
          assertHeard(audio, await heard(['code.diversion-set', 'silence.500', 'word.you', 'reason.lunch', 'absence.returns', 'day.today', 'time.at', 'num.13']), 'lunch receipt');
          const s = await status(anna);
          assert.ok(s.state === 'absent' && s.reason === 'lunch');
          sameInstant(s.returnsAt, local('2026-04-22 13:00'));
        });

        test('P-DIV-4: #23# ("Åter") makes Anna available: "Du är nu åter"', async () => {
          const anna = t.a.people.employee!.id;
          const audio = await dial(codeStep('#23#', anna));
          assertHeard(audio, await heard(['code.back-now']), '"Du är nu åter"');
          assert.equal((await status(anna)).state, 'available');
          assert.equal((await auditOf(anna, 'phone.back-now')).length, 1);
        });

        test('P-DIV-3: a reason without a default length needs a time; the failure is spoken and nothing changes', async () => {
          const anna = t.a.people.employee!.id;
          await t.ctx.presence.create(actorOf(t, 'employee'), anna, { reason: 'meeting', start: WEDNESDAY_10, end: local('2026-04-22 11:00') });
          const audio = await dial(codeStep('*234#', anna)); // "Ledig" has no default length
          const plan: Plan = ['code.invalid', 'silence.200', 'ao.enter-return-time'];
          assert.equal(words(plan), 'Koden är felaktig , Ange tid för åter med fyra siffror');
          assertHeard(audio, await heard(plan), 'why it failed');
          const s = await status(anna);
          assert.ok(s.state === 'absent' && s.reason === 'meeting', 'the meeting in effect was not ended');
        });
      });

      describe('Erik forwards and cancels', { concurrency: 1 }, () => {
        test('P-COST-1: *21 2003 # forwards to an internal number for the rest of the working day; #21# removes it', async () => {
          const erik = t.a.people.other!.id;
          assertHeard(await dial(codeStep('*212003#', erik)), await heard(['code.forward-set']), '"Vidarekopplingen är aktiverad"');
          const s = await status(erik);
          assert.ok(s.state === 'absent');
          if (s.state !== 'absent') return;
          assert.deepEqual(s.target, { kind: 'number', number: '2003' });
          assert.equal(s.reason, 'out');
          sameInstant(s.returnsAt, local('2026-04-22 16:30')); // P-DIV-9: the working day's end
          assertHeard(await dial(codeStep('#21#', erik)), await heard(['code.forward-cancelled']), '"Vidarekopplingen är borttagen"');
          assert.equal((await status(erik)).state, 'available');
          assert.deepEqual((await auditOf(erik, 'phone.forward')).length, 1);
          assert.deepEqual((await auditOf(erik, 'phone.cancel-forward')).length, 1);
        });

        test('P-COST-1: during a meeting the forward keeps the meeting; cancelling keeps it too', async () => {
          const erik = t.a.people.other!.id;
          const meeting = await t.ctx.presence.create(actorOf(t, 'other'), erik, { reason: 'meeting', start: WEDNESDAY_10, end: local('2026-04-22 15:00'), note: 'Budget' });
          await dial(codeStep('*212003#', erik));
          let s = await status(erik);
          assert.ok(s.state === 'absent' && s.reason === 'meeting' && s.current.absence.id === meeting.id);
          if (s.state !== 'absent') return;
          assert.deepEqual(s.target, { kind: 'number', number: '2003' });
          assert.equal(s.current.absence.note, 'Budget');
          await dial(codeStep('#21#', erik));
          s = await status(erik);
          assert.ok(s.state === 'absent' && s.reason === 'meeting');
          if (s.state !== 'absent') return;
          assert.deepEqual(s.target, { kind: 'voicemail' });
          sameInstant(s.returnsAt, local('2026-04-22 15:00'));
        });
      });

      describe('Johan: refusals and failures', { concurrency: 1 }, () => {
        test('P-COST-1: a forward to an external number is refused by voice, even when routing let it through', async () => {
          const johan = t.a.people.manager!.id;
          const step: PhoneCodeStep = { kind: 'phone-code', personId: johan, code: 'forward', number: '0701234567', rule: 'P-COST-1' };
          assertHeard(await dial(step), await heard(['out.external-forward']), 'the refusal');
          assert.equal((await status(johan)).state, 'available');
        });

        test('P-DIV-10: a reason whose default target is the reception diverts there', async () => {
          const johan = t.a.people.manager!.id;
          const profile = { ...deps.profile, absenceReasons: deps.profile.absenceReasons.map((r) => (r.code === 'vacation' ? { ...r, defaultTarget: 'reception' as const } : r)) };
          await dial(codeStep('*23508000105#', johan), { ...deps, profile });
          const s = await status(johan);
          assert.ok(s.state === 'absent' && s.reason === 'vacation');
          if (s.state !== 'absent') return;
          assert.deepEqual(s.target, { kind: 'reception' });
          sameInstant(s.returnsAt, local('2026-05-01 08:00'));
        });

        test('P-FC-1: when the store fails the caller hears "Försök gärna igen senare", not silence', async () => {
          const sara = t.a.people.operator!.id;
          const broken = { ...t.ctx, presence: { ...t.ctx.presence, backNow: () => Promise.reject(new Error('disk full')) } } as unknown as AppContext;
          assertHeard(await dial(codeStep('*2311430#', sara), { ...deps, ctx: broken }), await heard(['call.try-later']), 'the apology');
        });

        test('P-SEC-1: a person no longer employed cannot use a code', async () => {
          const karin = t.a.people.otherManager!.id;
          await t.store.db.updateTable('people').set({ deactivated_at: WEDNESDAY_10.toString() }).where('id', '=', karin).execute();
          assertHeard(await dial(codeStep('#23#', karin)), await heard(['out.not-allowed']), '"Samtalet är inte tillåtet"');
        });
      });
    });
  }
});

function actorOf(t: TestApp, key: string) {
  const p = t.a.people[key]!;
  return { kind: 'person' as const, id: p.id, personId: p.id, tenantId: t.a.id, role: p.role };
}
