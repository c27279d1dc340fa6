// The store-backed RoutingWorld: what routing sees of the directory, the phones, presence,
// voicemail settings and approvals, and that it follows changes (on both stores).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { DIALECTS } from '../store/testing.js';
import { newCallId } from '../sip/message/index.js';
import { nameClipPath } from '../prompts/library.js';
import { newId, toIso } from '../store/index.js';
import type { Actor } from '../http/context.js';
import { planCall } from '../core/routing/index.js';
import { isOpen } from '../core/hours/index.js';
import { Temporal } from '../core/time.js';
import { RoutingWorlds } from './world.js';

for (const dialect of DIALECTS) {
  describe(`RoutingWorlds over the store (${dialect})`, () => {
    let app: TestApp;
    let worlds: RoutingWorlds;
    const person = (key: string) => app.a.people[key]!;
    const admin = (): Actor => ({ kind: 'person', id: person('admin').id, personId: person('admin').id, tenantId: app.a.id, role: 'admin' });

    before(async () => {
      app = await startTestApp({ dialect, now: '2026-03-25T09:00:00Z' });
      worlds = new RoutingWorlds(app.ctx).start();
    });

    after(async () => {
      worlds.stop();
      await app?.close();
    });

    async function bind(personId: string, expiresAt: string): Promise<void> {
      const p = Object.values(app.a.people).find((x) => x.id === personId)!;
      await app.store.db.insertInto('sip_bindings').values({
        id: newId(), tenant_id: app.a.id, person_id: personId, aor: `sip:${p.extension}@x.sip`, contact: `sip:${p.extension}@127.0.0.1:${5000 + Math.floor(Math.random() * 1000)}`,
        instance_id: null, expires_at: expiresAt, call_id: newCallId(), cseq: 1, received: null, transport: 'UDP', user_agent: null, path_json: null, updated_at: toIso(app.clock.now()),
      }).execute();
    }

    test('numbers lead to people and functions; the profile\'s own numbers are left to routing', async () => {
      const w = await worlds.at(app.a.id, app.clock.now());
      assert.deepEqual(w.lookupNumber(person('employee').extension), { kind: 'person', personId: person('employee').id });
      assert.deepEqual(w.lookupNumber('2090'), { kind: 'function', functionId: app.a.functionId });
      assert.equal(w.lookupNumber('2999'), undefined);
      const f = w.serviceFunction(app.a.functionId);
      assert.deepEqual(f?.memberIds, [person('employee').id]);
      assert.equal(f?.ringStrategy, 'together');
      assert.equal(w.person(person('employee').id)?.unitId, app.a.unitId);
    });

    test('registered phones are read for every call: a live binding counts, an expired one does not', async () => {
      const now = app.clock.now();
      assert.equal((await worlds.at(app.a.id, now)).person(person('other').id)?.registeredContacts, 0);
      await bind(person('other').id, toIso(now.add({ minutes: 10 })));
      await bind(person('other').id, toIso(now.subtract({ minutes: 1 })));
      assert.equal((await worlds.at(app.a.id, now)).person(person('other').id)?.registeredContacts, 1);
      assert.equal((await worlds.at(app.a.id, now.add({ minutes: 11 }))).person(person('other').id)?.registeredContacts, 0, 'past its expiry');
    });

    test('presence comes from the presence service at the call\'s instant (P-DIV-1)', async () => {
      const now = app.clock.now();
      const returns = now.add({ hours: 2 });
      await app.ctx.presence.create({ ...admin() }, person('other').id, { reason: 'meeting', start: now, end: returns });
      const during = (await worlds.at(app.a.id, now.add({ minutes: 5 }))).presenceOf(person('other').id);
      assert.equal(during.state, 'absent');
      assert.equal(during.state === 'absent' && during.returnsAt.toString(), returns.toString());
      assert.equal((await worlds.at(app.a.id, returns.add({ minutes: 1 }))).presenceOf(person('other').id).state, 'available');
    });

    test('a directory change is seen by the next call (directory.changed drops the prepared world)', async () => {
      const before = await worlds.at(app.a.id, app.clock.now());
      assert.equal(before.lookupNumber('2444'), undefined);
      const created = await app.ctx.directory.createPerson(admin(), { firstName: 'Nils', lastName: 'Nyström', extension: '2444', unitId: app.a.unitId });
      const w = await worlds.at(app.a.id, app.clock.now());
      assert.deepEqual(w.lookupNumber('2444'), { kind: 'person', personId: created.person.id });
      // P-VM-1: voicemail off by a manager's recorded exception.
      await app.ctx.directory.setVoicemail(admin(), created.person.id, false, 'Vikarie utan röstbrevlåda');
      assert.equal((await worlds.at(app.a.id, app.clock.now())).person(created.person.id)?.voicemailEnabled, false);
      const plan = planCall({ caller: { number: '+46701740650' }, dialled: '2444', internal: false, at: app.clock.now(), origin: { kind: 'trunk', trunkId: 't' } }, w);
      assert.equal(plan.record.reached.kind, 'person');
    });

    test('greetings (P-VM-2), name clips and approvals (P-COST-2) are read when the world is prepared', async () => {
      const id = person('manager').id;
      await app.store.db.insertInto('voicemail_greetings').values({ tenant_id: app.a.id, person_id: id, wav_path: 'g.wav', source: 'phone', duration_ms: 3000, updated_at: toIso(app.clock.now()) }).execute();
      await app.store.db.insertInto('approvals').values({ id: newId(), tenant_id: app.a.id, person_id: id, kind: 'premium-rate', approved_by: person('admin').id, approved_at: toIso(app.clock.now()), valid_until: toIso(app.clock.now().add({ hours: 1 })), note: 'Betaltjänst för bygglov' }).execute();
      const clip = nameClipPath(app.ctx.config.dataDir, app.a.slug, id);
      await mkdir(path.dirname(clip), { recursive: true });
      await writeFile(clip, Buffer.alloc(0));
      worlds.forget(app.a.id); // no event announces these
      const w = await worlds.at(app.a.id, app.clock.now());
      const facts = w.person(id);
      assert.equal(facts?.hasGreeting, true);
      assert.equal(facts?.hasNameClip, true);
      assert.equal(w.person(person('employee').id)?.hasGreeting, false);
      assert.equal(w.hasApproval(id, 'premium-rate', app.clock.now()), true);
      assert.equal(w.hasApproval(id, 'premium-rate', app.clock.now().add({ hours: 2 })), false, 'past valid_until');
      assert.equal(w.hasApproval(id, 'international', app.clock.now()), false);
    });

    test('P-SWB-8: whether the switchboard is open follows its hours across a spell\'s end (kept per spell)', async () => {
      const hours = (await app.ctx.tenants.get(app.a.id)).profile.switchboardHours;
      // Wednesday 25 March 2026 in Stockholm (UTC+1): open 08-12 and 13-16.
      for (const [iso, open] of [
        ['2026-03-25T10:59:00Z', true], ['2026-03-25T10:59:59Z', true], ['2026-03-25T11:00:00Z', false], ['2026-03-25T11:30:00Z', false],
        ['2026-03-25T12:00:00Z', true], ['2026-03-25T14:59:00Z', true], ['2026-03-25T15:00:00Z', false], ['2026-03-26T06:59:00Z', false], ['2026-03-26T07:00:00Z', true],
      ] as const) {
        const at = Temporal.Instant.from(iso);
        const w = await worlds.at(app.a.id, at);
        assert.equal(w.switchboardOpen?.(at), open, iso);
        assert.equal(isOpen(at, hours), open, `the hours module agrees at ${iso}`);
      }
    });

    test('a saved profile is used by the next call', async () => {
      const tenant = await app.ctx.tenants.get(app.a.id);
      const before = await worlds.at(app.a.id, app.clock.now());
      assert.equal(before.profile.ringTimeSeconds, tenant.profile.ringTimeSeconds);
      await app.ctx.tenants.saveProfile(app.a.id, { ...tenant.profile, ringTimeSeconds: 30 }, app.clock.now());
      assert.equal((await worlds.at(app.a.id, app.clock.now())).profile.ringTimeSeconds, 30);
    });
  });
}
