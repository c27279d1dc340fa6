// The directory through the API, on both stores: the operator's search with presence, who
// may change which part of an entry (P-DIV-11, P-SWB-11), voicemail exceptions (P-VM-1),
// PINs and passwords (P-SEC-1), deactivation, CSV import (all or nothing) and export, vCards
// and tenant isolation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, startTestApp, type Client, type TestApp } from '../support/app.js';
import { DIALECTS } from '../../src/store/testing.js';
import { verifySecret } from '../../src/auth/secrets.js';
import type { BusEvent } from '../../src/events/bus.js';

interface Hit {
  person: { id: string; name: string; title: string | null; unit: { name: string } | null; functions: { name: string }[]; extension: string | null; numbers: { kind: string; display: string }[] };
  matches: { field: string; kind: string; value: string; start: number; end: number }[];
  presence: { state: string; reason?: string; reasonLabel?: string; returnsAt?: string; targetName?: string | null; next: unknown };
}
interface FunctionHit {
  function: { id: string; name: string };
  matches: { field: string; kind: string }[];
  members: { id: string; name: string; available: boolean; returnsAt?: string }[];
}
interface SearchBody {
  people: Hit[];
  functions: FunctionHit[];
}
interface AuditRow {
  actorId: string;
  onBehalfOf: string | null;
  action: string;
  detail: { basis?: string; changes?: Record<string, { from: unknown; to: unknown }>; enabled?: boolean };
}

/** The header of the import format, as docs/csv-import.md describes it. */
const HEADER = 'förnamn;efternamn;titel;enhet;anknytning;epost;chef_epost;funktioner;ärenden;roll';

for (const dialect of DIALECTS) {
  describe(`directory API (${dialect})`, () => {
    let t: TestApp;
    let anna: Client, johan: Client, sara: Client, erik: Client, maria: Client, karin: Client, foreign: Client;
    let ids: Record<'anna' | 'johan' | 'sara' | 'erik' | 'maria' | 'karin', string>;
    const events: BusEvent[] = [];

    const search = async (who: Client, q: string, limit?: number): Promise<SearchBody> => {
      const res = await who.request('GET', `/api/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as SearchBody;
    };
    const names = (s: SearchBody) => s.people.map((h) => h.person.name);
    const count = async (table: 'people' | 'units' | 'functions' | 'function_members') =>
      Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', t.a.id).executeTakeFirstOrThrow()).n);
    const counts = async () => ({ people: await count('people'), units: await count('units'), functions: await count('functions'), members: await count('function_members') });
    const auditOf = async (who: Client) => (await who.request('GET', '/api/audit')).json() as AuditRow[];

    before(async () => {
      // Wednesday 25 March 2026, 10:00 in Stockholm.
      t = await startTestApp({ dialect, now: '2026-03-25T09:00:00Z' });
      const p = t.a.people;
      anna = await t.login(p.employee!);
      johan = await t.login(p.manager!);
      sara = await t.login(p.operator!);
      erik = await t.login(p.other!);
      maria = await t.login(p.admin!);
      karin = await t.login(p.otherManager!);
      foreign = await t.login(t.b.people.admin!);
      ids = { anna: p.employee!.id, johan: p.manager!.id, sara: p.operator!.id, erik: p.other!.id, maria: p.admin!.id, karin: p.otherManager!.id };
      t.ctx.bus.subscribe((e) => events.push(e));
    });
    after(() => t.close());

    describe('search', () => {
      test('"bygglov": the function member first, the unit\'s manager next; the function itself with its members', async () => {
        const s = await search(sara, 'bygglov');
        assert.deepEqual(names(s), ['Anna Berg', 'Johan Ek']);
        assert.deepEqual(
          { field: s.people[0]!.matches[0]!.field, kind: s.people[0]!.matches[0]!.kind },
          { field: 'function', kind: 'exact' },
        );
        assert.equal(s.people[1]!.matches[0]!.field, 'unit');
        const hit = s.people[0]!;
        assert.equal(hit.person.unit?.name, 'Bygglov');
        assert.deepEqual(hit.person.functions.map((f) => f.name), ['Bygglov']);
        assert.equal(hit.person.extension, t.a.people.employee!.extension);
        assert.deepEqual(s.functions.map((f) => f.function.name), ['Bygglov']);
        assert.deepEqual(s.functions[0]!.members.map((m) => [m.name, m.available]), [['Anna Berg', true]]);
        assert.equal(s.functions[0]!.matches[0]!.field, 'name');
      });

      test('"bygglovet" (inflected), "byg" (type-ahead) and "bygglob", "lindkvist" (one typo)', async () => {
        assert.deepEqual(names(await search(sara, 'bygglovet')).slice(0, 1), ['Anna Berg']);
        const byg = await search(sara, 'byg');
        assert.deepEqual(names(byg), ['Anna Berg', 'Johan Ek']);
        assert.equal(byg.people[0]!.matches[0]!.kind, 'prefix');
        assert.deepEqual(byg.functions.map((f) => f.function.name), ['Bygglov']);
        const typo = await search(sara, 'bygglob');
        assert.equal(typo.people[0]!.person.name, 'Anna Berg');
        assert.equal(typo.people[0]!.matches[0]!.kind, 'typo');
        const kvist = await search(anna, 'lindkvist');
        assert.deepEqual(names(kvist), ['Maria Lindqvist']);
        assert.equal(kvist.people[0]!.matches[0]!.kind, 'typo');
      });

      test('P-SWB-4: "anna b" finds Anna Berg with her absence, return time and target; P-SEC-2: never her note', async () => {
        let res = await anna.request('POST', `/api/people/${ids.anna}/absences`, {
          reason: 'meeting', end: '2026-03-25T14:30:00+01:00', note: 'Styrgrupp – sekretess', target: { kind: 'function', functionId: t.a.functionId },
        });
        assert.equal(res.statusCode, 201, res.body);
        res = await erik.request('GET', '/api/search?q=anna%20b');
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes('sekretess'), 'the private note is never in a search hit');
        const s = res.json() as SearchBody;
        assert.deepEqual(names(s), ['Anna Berg']);
        const [first, last] = s.people[0]!.matches;
        assert.deepEqual([first!.field, first!.kind, last!.field, last!.kind, last!.start, last!.end], ['firstName', 'exact', 'lastName', 'prefix', 0, 1]);
        const presence = s.people[0]!.presence;
        assert.equal(presence.state, 'absent');
        assert.equal(presence.reason, 'meeting');
        assert.equal(presence.reasonLabel, 'Möte');
        assert.equal(presence.returnsAt, '2026-03-25T13:30:00.000Z');
        assert.equal(presence.targetName, 'Bygglov');
        // The function hit shows the member as away until then (P-SWB-3: suggest another).
        const fn = (await search(sara, 'bygglov')).functions[0]!;
        assert.deepEqual(fn.members.map((m) => [m.name, m.available, m.returnsAt]), [['Anna Berg', false, '2026-03-25T13:30:00.000Z']]);
        await anna.request('POST', `/api/people/${ids.anna}/back`);
        assert.equal((await search(sara, 'anna berg')).people[0]!.presence.state, 'available');
      });

      test('blank and unmatched queries give empty lists, not errors', async () => {
        assert.deepEqual(await search(sara, '   '), { query: '   ', people: [], functions: [] } as unknown as SearchBody);
        assert.deepEqual(names(await search(sara, 'zzzzqqq')), []);
        const res = await t.anonymous('GET', '/api/search?q=anna');
        assert.equal(res.statusCode, 401);
      });
    });

    describe('editing entries', () => {
      test('P-DIV-11: a person changes their own title, mobile number and matters', async () => {
        const res = await anna.request('PATCH', `/api/people/${ids.anna}`, {
          title: 'Bygglovshandläggare', mobileNumber: '070-123 45 67', matters: ['bygglov', 'strandskydd', 'attefallshus'],
          // Sent back unchanged from the form: not a change, so not refused.
          extension: t.a.people.employee!.extension,
        });
        assert.equal(res.statusCode, 200, res.body);
        const p = res.json();
        assert.equal(p.title, 'Bygglovshandläggare');
        assert.equal(p.mobileNumber, '+46701234567');
        assert.deepEqual(p.numbers.find((n: { kind: string }) => n.kind === 'mobile'), { kind: 'mobile', number: '+46701234567', display: '070-123 45 67' });
        // The index follows at once.
        assert.deepEqual(names(await search(sara, 'attefallshus')), ['Anna Berg']);
        // Own changes are in the change log, but not as "on behalf".
        const own = (await auditOf(maria)).find((a) => a.action === 'person.update' && a.actorId === ids.anna);
        assert.ok(own);
        assert.equal(own.onBehalfOf, null);
        assert.equal(own.detail.basis, 'self');
      });

      test('P-DIV-11: not their extension, unit, role or name; a colleague changes nothing', async () => {
        for (const body of [{ extension: '2050' }, { unitId: t.a.otherUnitId }, { role: 'admin' }, { lastName: 'Bergström' }, { title: 'Chef', directNumber: '08-465 004 10' }]) {
          const res = await anna.request('PATCH', `/api/people/${ids.anna}`, body);
          assert.equal(res.statusCode, 403, `${JSON.stringify(body)}: ${res.body}`);
          const e = res.json().error;
          assert.ok(e.problems.length >= 1);
          assert.equal(e.problems[0].rule, 'P-DIV-11');
          assert.ok(!e.problems.some((x: { field: string }) => x.field === 'title'), 'only the refused fields are named');
        }
        const res = await erik.request('PATCH', `/api/people/${ids.anna}`, { title: 'Något annat' });
        assert.equal(res.statusCode, 403);
        assert.equal((await anna.request('GET', `/api/people/${ids.anna}`)).json().title, 'Bygglovshandläggare');
      });

      test('P-SWB-11: the manager updates the matters and title of their staff, audited on their behalf', async () => {
        const res = await johan.request('PATCH', `/api/people/${ids.anna}`, { matters: ['bygglov', 'strandskydd', 'attefallshus', 'marklov'] });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json().matters, ['bygglov', 'strandskydd', 'attefallshus', 'marklov']);
        assert.deepEqual(names(await search(sara, 'marklov')), ['Anna Berg']);
        const entry = (await auditOf(anna)).find((a) => a.action === 'person.update' && a.actorId === ids.johan);
        assert.ok(entry, 'Anna sees what her manager changed for her');
        assert.equal(entry.onBehalfOf, ids.anna);
        assert.equal(entry.detail.basis, 'manager');
        assert.deepEqual(entry.detail.changes?.matters?.to, ['bygglov', 'strandskydd', 'attefallshus', 'marklov']);
        // Not the mobile number; and another unit's manager not at all.
        const refused = await johan.request('PATCH', `/api/people/${ids.anna}`, { mobileNumber: '070-765 43 21' });
        assert.equal(refused.statusCode, 403);
        assert.deepEqual(refused.json().error.problems.map((p: { field: string; rule: string }) => [p.field, p.rule]), [['mobileNumber', 'P-SWB-11']]);
        assert.equal((await karin.request('PATCH', `/api/people/${ids.anna}`, { matters: ['x'] })).statusCode, 403);
      });

      test('P-DIV-11 "via växeln": the operator enters a change the person reported, audited', async () => {
        const res = await sara.request('PATCH', `/api/people/${ids.erik}`, { title: 'IT-tekniker' });
        assert.equal(res.statusCode, 200, res.body);
        const entry = (await auditOf(maria)).find((a) => a.action === 'person.update' && a.actorId === ids.sara);
        assert.equal(entry?.onBehalfOf, ids.erik);
        assert.equal(entry?.detail.basis, 'operator');
        assert.equal((await sara.request('PATCH', `/api/people/${ids.erik}`, { extension: '2060' })).statusCode, 403);
      });

      test('validation: Swedish messages per field, nothing saved', async () => {
        const res = await maria.request('PATCH', `/api/people/${ids.erik}`, { extension: '99', email: 'inte-en-adress', managerId: ids.erik });
        assert.equal(res.statusCode, 400);
        const fields = res.json().error.problems.map((p: { field: string }) => p.field).sort();
        assert.deepEqual(fields, ['email', 'extension', 'managerId']);
        assert.match(res.json().error.message, /[åäö]|Anknytning|e-post/i);
        // A manager chain that would come back round.
        const cycle = await maria.request('PATCH', `/api/people/${ids.johan}`, { managerId: ids.anna });
        assert.equal(cycle.statusCode, 400);
        assert.equal(cycle.json().error.problems[0].code, 'person.manager.cycle');
        // The profile's voicemail number is nobody's extension.
        const reserved = await maria.request('PATCH', `/api/people/${ids.erik}`, { extension: '2999' });
        assert.equal(reserved.statusCode, 400);
        assert.equal(reserved.json().error.problems[0].code, 'person.extension.reserved');
        assert.equal((await maria.request('GET', `/api/people/${ids.erik}`)).json().extension, t.a.people.other!.extension);
      });

      test('roles: admins only, never their own; the last admin stays', async () => {
        let res = await maria.request('PATCH', `/api/people/${ids.maria}`, { role: 'employee' });
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().error.problems[0].code, 'person.role.self');
        res = await johan.request('PATCH', `/api/people/${ids.anna}`, { role: 'manager' });
        assert.equal(res.statusCode, 403);
        res = await maria.request('PATCH', `/api/people/${ids.erik}`, { role: 'operator' });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().role, 'operator');
        assert.equal((await maria.request('PATCH', `/api/people/${ids.erik}`, { role: 'employee' })).statusCode, 200);
        // An API token has no role of its own to lose, so the last admin is guarded separately.
        const token = (await maria.request('POST', '/api/tokens', { name: 'HR-synk', role: 'admin' })).json().token as string;
        res = await t.anonymous('PATCH', `/api/people/${ids.maria}`, { role: 'employee' }, { authorization: `Bearer ${token}` });
        assert.equal(res.statusCode, 409);
        assert.equal(res.json().error.problems[0].code, 'person.role.lastAdmin');
        res = await t.anonymous('DELETE', `/api/people/${ids.maria}`, undefined, { authorization: `Bearer ${token}` });
        assert.equal(res.statusCode, 409);
      });

      test('a change is announced on the bus to everyone in the municipality', async () => {
        events.length = 0;
        await johan.request('PATCH', `/api/people/${ids.anna}`, { title: 'Bygglovshandläggare, senior' });
        const e = events.find((x) => x.type === 'directory.changed');
        assert.ok(e && e.type === 'directory.changed');
        assert.deepEqual(e.ids, [ids.anna]);
        assert.equal(e.entity, 'person');
        assert.equal(e.audience.tenantId, t.a.id);
        assert.deepEqual([...(e.audience.roles ?? [])].sort(), ['admin', 'employee', 'manager', 'operator']);
      });
    });

    describe('voicemail, PIN and password', () => {
      test('P-VM-1: the manager decides an exception, recorded with who and when; on again clears it', async () => {
        let res = await anna.request('PUT', `/api/people/${ids.anna}/voicemail`, { enabled: false });
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().error.problems[0].rule, 'P-VM-1');
        assert.equal((await karin.request('PUT', `/api/people/${ids.anna}/voicemail`, { enabled: false })).statusCode, 403);
        res = await johan.request('PUT', `/api/people/${ids.anna}/voicemail`, { enabled: false, note: 'Arbetar i fält' });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json().voicemail, { enabled: false, exceptionBy: ids.johan, exceptionAt: '2026-03-25T09:00:00.000Z' });
        const row = await t.store.db.selectFrom('people').select(['voicemail_enabled', 'voicemail_exception_by', 'voicemail_exception_at']).where('id', '=', ids.anna).executeTakeFirstOrThrow();
        assert.deepEqual(row, { voicemail_enabled: 0, voicemail_exception_by: ids.johan, voicemail_exception_at: '2026-03-25T09:00:00.000Z' });
        const entry = (await auditOf(anna)).find((a) => a.action === 'voicemail.exception');
        assert.equal(entry?.actorId, ids.johan);
        assert.equal(entry?.onBehalfOf, ids.anna);
        res = await maria.request('PUT', `/api/people/${ids.anna}/voicemail`, { enabled: true });
        assert.deepEqual(res.json().voicemail, { enabled: true, exceptionBy: null, exceptionAt: null });
      });

      test('P-SEC-1: a PIN of the profile\'s length, not a guessable one, set by the person, stored hashed', async () => {
        const length = (await t.ctx.tenants.get(t.a.id)).profile.voicemail.pinLength;
        const good = '4711835'.slice(0, length);
        const codes: Record<string, string> = { '1234': 'pin.trivial', '0000': 'pin.trivial', [`${good}9`]: 'pin.format', '12a4': 'pin.format', [t.a.people.employee!.extension.slice(-length)]: 'pin.extension' };
        for (const [pin, code] of Object.entries(codes)) {
          const res = await anna.request('PUT', `/api/people/${ids.anna}/pin`, { pin });
          assert.equal(res.statusCode, 400, pin);
          assert.equal(res.json().error.problems[0].code, code, pin);
        }
        assert.equal((await johan.request('PUT', `/api/people/${ids.anna}/pin`, { pin: good })).statusCode, 403);
        assert.equal((await maria.request('PUT', `/api/people/${ids.anna}/pin`, { pin: good })).statusCode, 403);
        const res = await anna.request('PUT', `/api/people/${ids.anna}/pin`, { pin: good });
        assert.equal(res.statusCode, 204, res.body);
        const cred = await t.store.db.selectFrom('credentials').select(['pin_hash', 'password_hash']).where('person_id', '=', ids.anna).executeTakeFirstOrThrow();
        assert.match(cred.pin_hash ?? '', /^scrypt\$/);
        assert.ok(!cred.pin_hash!.includes(good));
        assert.equal(await verifySecret(good, cred.pin_hash), true);
        assert.equal(await verifySecret('9999', cred.pin_hash), false);
      });

      test('P-SEC-1: a new password needs the current one; an admin resets anyone\'s and ends their sessions', async () => {
        let res = await anna.request('PUT', `/api/people/${ids.anna}/password`, { newPassword: 'ett-nytt-lösenord' });
        assert.equal(res.statusCode, 400);
        res = await anna.request('PUT', `/api/people/${ids.anna}/password`, { currentPassword: 'fel', newPassword: 'ett-nytt-lösenord' });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().error.problems[0].code, 'password.current.wrong');
        res = await anna.request('PUT', `/api/people/${ids.anna}/password`, { currentPassword: PASSWORD, newPassword: 'kort' });
        assert.equal(res.json().error.problems[0].code, 'password.short');
        res = await anna.request('PUT', `/api/people/${ids.anna}/password`, { currentPassword: PASSWORD, newPassword: 'ett-nytt-lösenord' });
        assert.equal(res.statusCode, 204, res.body);
        assert.equal((await anna.request('GET', '/api/auth/me')).statusCode, 200, 'the session that changed it stays');
        const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: t.a.people.employee!.email, password } });
        assert.equal((await login(PASSWORD)).statusCode, 401);
        assert.equal((await login('ett-nytt-lösenord')).statusCode, 200);
        // An admin resets it back; Anna's sessions end.
        assert.equal((await johan.request('PUT', `/api/people/${ids.anna}/password`, { newPassword: PASSWORD })).statusCode, 403);
        assert.equal((await maria.request('PUT', `/api/people/${ids.anna}/password`, { newPassword: PASSWORD })).statusCode, 204);
        assert.equal((await anna.request('GET', '/api/auth/me')).statusCode, 401);
        anna = await t.login(t.a.people.employee!);
      });
    });

    describe('organisation', () => {
      test('units and functions: create, rename, members; the search follows', async () => {
        let res = await maria.request('POST', '/api/units', { name: 'Samhällsbyggnadsförvaltningen', kind: 'administration' });
        assert.equal(res.statusCode, 201, res.body);
        const sbf = res.json().id as string;
        assert.equal(res.json().kindLabel, 'förvaltning');
        res = await maria.request('PATCH', `/api/units/${t.a.unitId}`, { name: 'Bygglovsenheten', parentId: sbf });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(names(await search(sara, 'samhällsbyggnad')), ['Anna Berg', 'Johan Ek']);
        assert.deepEqual((await maria.request('GET', `/api/people/${ids.anna}`)).json().unitPath.map((u: { name: string }) => u.name), ['Samhällsbyggnadsförvaltningen', 'Bygglovsenheten']);
        // A unit under itself, a twin name beside a sibling.
        assert.equal((await maria.request('PATCH', `/api/units/${sbf}`, { parentId: t.a.unitId })).json().error.problems[0].code, 'unit.parent.cycle');
        assert.equal((await maria.request('POST', '/api/units', { name: 'bygglovsenheten', parentId: sbf })).statusCode, 400);
        // Names that would not survive the CSV round trip.
        assert.equal((await maria.request('POST', '/api/units', { name: 'Bygg > Lov' })).json().error.problems[0].code, 'unit.name.separator');
        assert.equal((await maria.request('POST', '/api/functions', { name: 'Bygglov, tillsyn' })).json().error.problems[0].code, 'function.name.separator');

        res = await maria.request('POST', '/api/functions', { name: 'Expeditionen', unitId: sbf, extension: '2100', memberIds: [ids.johan, ids.sara] });
        assert.equal(res.statusCode, 201, res.body);
        const exp = res.json();
        assert.deepEqual(exp.memberIds, [ids.johan, ids.sara]);
        assert.deepEqual((await search(sara, 'expeditionen')).functions.map((f) => f.function.name), ['Expeditionen']);
        assert.deepEqual(names(await search(sara, 'expeditionen')), ['Johan Ek', 'Sara Nilsson']);
        // The extension of a person or another function is taken.
        res = await maria.request('POST', '/api/functions', { name: 'Reception', extension: t.a.people.employee!.extension });
        assert.equal(res.json().error.problems[0].code, 'function.extension.taken');
        assert.equal((await maria.request('POST', '/api/functions', { name: 'expeditionen' })).statusCode, 400);
        // Members in ring order; people follow into and out of the function.
        res = await maria.request('PUT', `/api/functions/${exp.id}/members`, { memberIds: [ids.sara, ids.anna] });
        assert.deepEqual(res.json().memberIds, [ids.sara, ids.anna]);
        assert.deepEqual(names(await search(sara, 'expeditionen')), ['Anna Berg', 'Sara Nilsson']);
        assert.deepEqual((await sara.request('GET', `/api/people/${ids.anna}`)).json().functions.map((f: { name: string }) => f.name), ['Bygglov', 'Expeditionen']);
        res = await maria.request('PATCH', `/api/functions/${exp.id}`, { name: 'Kansliet' });
        assert.equal(res.statusCode, 200);
        assert.deepEqual(names(await search(sara, 'expeditionen')), []);
        assert.deepEqual(names(await search(sara, 'kansliet')), ['Anna Berg', 'Sara Nilsson']);
        const members = (await anna.request('GET', `/api/people?function=${exp.id}`)).json();
        assert.deepEqual(members.items.map((p: { name: string }) => p.name), ['Anna Berg', 'Sara Nilsson']);
        // A person's own functions can be set by an admin too.
        res = await maria.request('PATCH', `/api/people/${ids.anna}`, { functionIds: [t.a.functionId] });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual((await maria.request('GET', '/api/functions')).json().find((f: { id: string }) => f.id === exp.id).memberIds, [ids.sara]);
        assert.deepEqual(names(await search(sara, 'kansliet')), ['Sara Nilsson']);
      });

      test('the phone book pages in Swedish name order; by unit includes the units under it', async () => {
        const page1 = (await erik.request('GET', '/api/people?limit=2')).json();
        const page2 = (await erik.request('GET', '/api/people?limit=2&offset=2')).json();
        assert.equal(page1.total, 6);
        assert.deepEqual([...page1.items, ...page2.items].map((p: { name: string }) => p.name), ['Anna Berg', 'Johan Ek', 'Erik Holm', 'Maria Lindqvist']);
        const sbf = (await erik.request('GET', '/api/units')).json().find((u: { name: string }) => u.name === 'Samhällsbyggnadsförvaltningen').id;
        assert.deepEqual((await erik.request('GET', `/api/people?unit=${sbf}`)).json().items.map((p: { name: string }) => p.name), ['Anna Berg', 'Johan Ek']);
      });

      test('P-MOB-8: behind a mobile extension the mobile number is shown to the person, operators and admins only', async () => {
        const res = await maria.request('PATCH', `/api/people/${ids.anna}`, { mobileExtension: true });
        assert.equal(res.statusCode, 200, res.body);
        const seen = async (who: Client) => (await who.request('GET', `/api/people/${ids.anna}`)).json().mobileNumber;
        assert.equal(await seen(erik), null);
        assert.equal(await seen(anna), '+46701234567');
        assert.equal(await seen(sara), '+46701234567');
        // A mobile extension without a mobile number cannot be.
        const bad = await anna.request('PATCH', `/api/people/${ids.anna}`, { mobileNumber: null });
        assert.equal(bad.statusCode, 400);
        assert.equal(bad.json().error.problems[0].rule, 'P-MOB-8');
        await maria.request('PATCH', `/api/people/${ids.anna}`, { mobileExtension: false });
      });
    });

    describe('deactivation', () => {
      test('a deactivated person cannot log in, leaves the phone book and their functions, frees their extension; history stays', async () => {
        const extension = t.a.people.other!.extension;
        assert.equal((await maria.request('DELETE', `/api/people/${ids.maria}`)).statusCode, 403, 'not yourself');
        assert.equal((await johan.request('DELETE', `/api/people/${ids.erik}`)).statusCode, 403);
        await maria.request('PUT', `/api/functions/${t.a.functionId}/members`, { memberIds: [ids.anna, ids.erik] });
        const res = await maria.request('DELETE', `/api/people/${ids.erik}`);
        assert.equal(res.statusCode, 204, res.body);
        assert.equal((await erik.request('GET', '/api/auth/me')).statusCode, 401, 'the session ended');
        const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: t.a.people.other!.email, password: PASSWORD } });
        assert.equal(login.statusCode, 401);
        const byExtension = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: extension, password: PASSWORD, tenant: t.a.slug } });
        assert.equal(byExtension.statusCode, 401);
        assert.deepEqual(names(await search(sara, 'erik holm')), []);
        assert.ok(!(await sara.request('GET', '/api/people')).json().items.some((p: { id: string }) => p.id === ids.erik));
        assert.ok((await maria.request('GET', '/api/people?includeDeactivated=true')).json().items.some((p: { id: string }) => p.id === ids.erik));
        const entry = (await sara.request('GET', `/api/people/${ids.erik}`)).json();
        assert.equal(entry.deactivatedAt, '2026-03-25T09:00:00.000Z');
        assert.equal(entry.extension, null);
        assert.deepEqual((await maria.request('GET', '/api/functions')).json().find((f: { id: string }) => f.id === t.a.functionId).memberIds, [ids.anna]);
        const audit = (await auditOf(maria)).find((a) => a.action === 'person.deactivate');
        assert.deepEqual((audit?.detail as { released: unknown }).released, { extension, directNumber: null });
        // The extension is free for whoever comes next.
        const next = await maria.request('POST', '/api/people', { firstName: 'Nils', lastName: 'Nyman', email: 'nils.nyman@example.org', extension, password: 'välkommen-nils-1' });
        assert.equal(next.statusCode, 201, next.body);
        assert.deepEqual(names(await search(sara, extension)), ['Nils Nyman']);
        assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'nils.nyman@example.org', password: 'välkommen-nils-1' } })).statusCode, 200);
        // A deactivated entry is not edited until it is reactivated.
        assert.equal((await maria.request('PATCH', `/api/people/${ids.erik}`, { title: 'x' })).statusCode, 409);
        const back = await maria.request('POST', `/api/people/${ids.erik}/reactivate`);
        assert.equal(back.statusCode, 200, back.body);
        assert.equal(back.json().deactivatedAt, null);
        assert.deepEqual(names(await search(sara, 'erik holm')), ['Erik Holm']);
        erik = await t.login(t.a.people.other!);
        await maria.request('PATCH', `/api/people/${ids.erik}`, { extension: '2014' });
      });
    });

    describe('CSV import and export', () => {
      test('a valid file creates and updates people, units and functions in one go; they are searchable at once', async () => {
        const before = await counts();
        const csv = [
          HEADER,
          'Lena;Ström;Planarkitekt;Samhällsbyggnadsförvaltningen > Planenheten;2201;lena.strom@example.org;a.manager@example.org;Detaljplan;detaljplaner, strandskydd;medarbetare',
          'Olof;Ärlig;Planeringsassistent;Samhällsbyggnadsförvaltningen > Planenheten;2202;olof.arlig@example.org;lena.strom@example.org;Detaljplan, Bygglov;översiktsplan;',
          `Anna;Berg;Bygglovshandläggare;Samhällsbyggnadsförvaltningen > Bygglovsenheten;${t.a.people.employee!.extension};${t.a.people.employee!.email};a.manager@example.org;Bygglov;bygglov, strandskydd, marklov, attefallshus;medarbetare`,
        ].join('\r\n');
        let res = await maria.request('POST', '/api/directory/import?dryRun=true', csv, { 'content-type': 'text/csv; charset=utf-8' });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(await counts(), before, 'a dry run writes nothing');
        res = await maria.request('POST', '/api/directory/import', csv, { 'content-type': 'text/csv; charset=utf-8' });
        assert.equal(res.statusCode, 200, res.body);
        const summary = res.json();
        assert.deepEqual(
          { created: summary.created, updated: summary.updated, unchanged: summary.unchanged, units: summary.unitsCreated, functions: summary.functionsCreated, dryRun: summary.dryRun },
          { created: 2, updated: 1, unchanged: 0, units: 1, functions: 1, dryRun: false },
        );
        const afterImport = await counts();
        assert.equal(afterImport.people, before.people + 2);
        assert.equal(afterImport.units, before.units + 1);
        const found = await search(sara, 'detaljplan');
        assert.deepEqual(names(found), ['Lena Ström', 'Olof Ärlig']);
        assert.deepEqual(found.functions.map((f) => f.function.name), ['Detaljplan']);
        assert.deepEqual(names(await search(sara, 'olof arlig')), ['Olof Ärlig']);
        assert.deepEqual(names(await search(sara, 'bygglov')).slice(0, 2), ['Anna Berg', 'Olof Ärlig']);
        // The update took: the file's title replaced the one set earlier.
        assert.equal((await sara.request('GET', `/api/people/${ids.anna}`)).json().title, 'Bygglovshandläggare');
        const olof = found.people[1]!.person.id;
        const entry = (await sara.request('GET', `/api/people/${olof}`)).json();
        assert.equal(entry.managerId, found.people[0]!.person.id);
        assert.deepEqual(entry.unitPath.map((u: { name: string }) => u.name), ['Samhällsbyggnadsförvaltningen', 'Planenheten']);
        const audit = (await auditOf(maria)).find((a) => a.action === 'directory.import');
        assert.equal((audit?.detail as { created: number }).created, 2);
      });

      test('two bad lines: 400 naming both lines, in Swedish and English, and nothing is written', async () => {
        const before = await counts();
        const csv = [
          HEADER,
          'Per;Persson;Handläggare;IT;2301;per.persson@example.org;;;;',
          'Eva;Ek;Handläggare;IT;12;eva.ek@example.org;;;;',
          'Åsa;Öst;Handläggare;IT;2302;;;;;',
          'Ivar;Ny;Handläggare;Helt ny enhet;2303;ivar.ny@example.org;;Ny funktion;;',
        ].join('\n');
        const res = await maria.request('POST', '/api/directory/import', { csv });
        assert.equal(res.statusCode, 400, res.body);
        const e = res.json().error;
        assert.equal(e.code, 'import.invalid');
        assert.match(e.message, /rad 3, 4/);
        assert.match(e.message, /Ingenting har importerats/);
        assert.deepEqual([...new Set(e.problems.map((p: { line: number }) => p.line))], [3, 4]);
        assert.ok(e.problems.every((p: { sv: string; en: string }) => /^Rad \d+: /.test(p.sv) && /^Line \d+: /.test(p.en)));
        assert.deepEqual(await counts(), before, 'not the good lines either, nor their unit or function');
        assert.deepEqual(names(await search(sara, 'per persson')), []);
      });

      test('the importing admin cannot change their own role through a file', async () => {
        const csv = `${HEADER}\nMaria;Lindqvist;Handläggare;IT;2000;${t.a.people.admin!.email};;;;medarbetare`;
        const res = await maria.request('POST', '/api/directory/import', csv, { 'content-type': 'text/csv' });
        assert.equal(res.statusCode, 400, res.body);
        assert.deepEqual(res.json().error.problems.map((p: { code: string; line: number }) => [p.code, p.line]), [['person.role.self', 2]]);
      });

      test('round trip: the export imports back with nothing changed', async () => {
        const exported = await sara.request('GET', '/api/directory/export.csv');
        assert.equal(exported.statusCode, 200);
        assert.match(String(exported.headers['content-type']), /^text\/csv/);
        assert.match(String(exported.headers['content-disposition']), /attachment; filename="katalog-valdemarsvik.csv"/);
        const before = await counts();
        const res = await maria.request('POST', '/api/directory/import', exported.body, { 'content-type': 'text/csv' });
        assert.equal(res.statusCode, 200, res.body);
        const s = res.json();
        const active = (await maria.request('GET', '/api/people?limit=1')).json().total as number;
        assert.deepEqual({ created: s.created, updated: s.updated, unchanged: s.unchanged, units: s.unitsCreated, functions: s.functionsCreated + s.functionsUpdated }, { created: 0, updated: 0, unchanged: active, units: 0, functions: 0 });
        assert.deepEqual(await counts(), before);
        assert.equal((await sara.request('GET', '/api/directory/export.csv')).body, exported.body);
      });

      test('a file above the server\'s usual 1 MiB body limit is accepted by the import (dry run)', async () => {
        const rows = Array.from({ length: 150 }, (_, i) => `Test;Person${i};;IT;;test${i}@example.org;${'x'.repeat(8000)}`);
        const csv = ['förnamn;efternamn;titel;enhet;anknytning;epost;anteckning', ...rows].join('\n');
        assert.ok(Buffer.byteLength(csv) > 1024 * 1024);
        const res = await maria.request('POST', '/api/directory/import?dryRun=true', csv, { 'content-type': 'text/csv' });
        assert.equal(res.statusCode, 200, res.body.slice(0, 300));
        assert.deepEqual([res.json().created, res.json().ignoredColumns], [150, ['anteckning']]);
        // Other routes keep the small limit.
        const big = await maria.request('PATCH', `/api/people/${ids.anna}`, JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }), { 'content-type': 'application/json' });
        assert.equal(big.statusCode, 413);
      });

      test('vCards: the phone book and one person, RFC 6350 with CRLF lines', async () => {
        const res = await erik.request('GET', '/api/directory/export.vcf');
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'text/vcard; charset=utf-8');
        const active = (await erik.request('GET', '/api/people?limit=1')).json().total as number;
        assert.equal(res.body.match(/^BEGIN:VCARD\r$/gm)?.length, active);
        const one = await erik.request('GET', `/api/people/${ids.anna}/vcard`);
        assert.equal(one.headers['content-type'], 'text/vcard; charset=utf-8');
        assert.match(String(one.headers['content-disposition']), /filename\*=UTF-8''Anna%20Berg\.vcf/);
        const lines = one.body.split('\r\n');
        assert.equal(lines[0], 'BEGIN:VCARD');
        assert.ok(lines.includes('VERSION:4.0'));
        assert.ok(lines.includes('FN:Anna Berg'));
        assert.ok(lines.includes('N:Berg;Anna;;;'));
        assert.ok(lines.includes('ORG:Valdemarsviks kommun;Samhällsbyggnadsförvaltningen;Bygglovsenheten'));
        assert.ok(lines.includes(`TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+46846500400;ext=${t.a.people.employee!.extension}`));
        assert.ok(lines.includes('CATEGORIES:bygglov,strandskydd,marklov,attefallshus'));
        assert.ok(res.body.includes(one.body), 'the same card is in the phone book');
      });
    });

    test('the OpenAPI document describes the directory routes', async () => {
      const spec = (await t.anonymous('GET', '/api/openapi.json')).json();
      assert.deepEqual(spec.paths['/api/search'].get.parameters.map((p: { name: string }) => p.name).sort(), ['limit', 'q']);
      assert.deepEqual(Object.keys(spec.paths['/api/directory/import'].post.requestBody.content).sort(), ['application/json', 'text/csv', 'text/plain']);
      for (const path of ['/api/people', '/api/people/{id}', '/api/people/{id}/voicemail', '/api/units', '/api/functions/{id}/members', '/api/directory/export.vcf']) {
        assert.ok(spec.paths[path], path);
      }
      assert.ok(spec.paths['/api/people/{id}'].patch.requestBody.content['application/json'].schema.properties.matters);
    });

    describe('tenant isolation', () => {
      test('another municipality\'s ids are 404 and its people never show up', async () => {
        for (const [method, url, body] of [
          ['GET', `/api/people/${ids.anna}`, undefined],
          ['PATCH', `/api/people/${ids.anna}`, { title: 'x' }],
          ['DELETE', `/api/people/${ids.anna}`, undefined],
          ['GET', `/api/people/${ids.anna}/vcard`, undefined],
          ['PUT', `/api/people/${ids.anna}/voicemail`, { enabled: false }],
          ['PUT', `/api/people/${ids.anna}/password`, { newPassword: 'ett-lösenord-till-x' }],
          ['PATCH', `/api/units/${t.a.unitId}`, { name: 'x' }],
          ['PATCH', `/api/functions/${t.a.functionId}`, { name: 'x' }],
          ['PUT', `/api/functions/${t.a.functionId}/members`, { memberIds: [] }],
        ] as const) {
          const res = await foreign.request(method, url, body);
          assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
        }
        // Municipality B has its own Anna Berg; A's never appears in B's search or lists.
        const hits = await search(foreign, 'anna berg');
        assert.deepEqual(hits.people.map((h) => h.person.id), [t.b.people.employee!.id]);
        assert.ok(!(await foreign.request('GET', '/api/people?limit=500')).body.includes(ids.anna));
        assert.ok(!(await foreign.request('GET', '/api/directory/export.vcf')).body.includes('Lena'));
        // A's people cannot be put into B's functions, nor made B's managers.
        let res = await foreign.request('PUT', `/api/functions/${t.b.functionId}/members`, { memberIds: [ids.anna] });
        assert.equal(res.statusCode, 400);
        res = await foreign.request('PATCH', `/api/people/${t.b.people.employee!.id}`, { managerId: ids.johan });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().error.problems[0].code, 'person.manager.unknown');
      });
    });
  });
}
