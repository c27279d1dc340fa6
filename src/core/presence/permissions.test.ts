import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isOnBehalf,
  mayChangePresence,
  onBehalfAudit,
  presencePermission,
  statusViewFor,
  viewFor,
  viewerOf,
  type Actor,
  type PresenceLookups,
  type PresenceViewer,
  type Role,
} from './permissions.js';
import { presenceAt } from './resolve.js';
import { local, oneOff } from './testing.js';

// Organisation: anna (employee) -> bo (unit manager) -> cecilia (sector head) -> dan (director).
const chains: Record<string, string[]> = { anna: ['bo', 'cecilia', 'dan'], bo: ['cecilia', 'dan'], erik: ['frida'] };
const lookups: PresenceLookups = { managerChain: (id) => chains[id] ?? [] };
const anna = { personId: 'anna', tenantId: 'vara' };
const actor = (id: string, role: Role, tenantId = 'vara'): Actor => ({ id, role, tenantId });

describe('mayChangePresence', () => {
  const matrix: [string, Actor, boolean, string | null][] = [
    ['the person themself', actor('anna', 'employee'), true, 'self'],
    ['their direct manager (P-DIV-8)', actor('bo', 'manager'), true, 'manager'],
    ['a manager higher up the chain (P-DIV-8)', actor('dan', 'manager'), true, 'manager'],
    ['a manager of another unit', actor('frida', 'manager'), false, null],
    ['a manager in the chain without the manager role (least privilege)', actor('cecilia', 'employee'), false, null],
    ['a colleague', actor('erik', 'employee'), false, null],
    ['an operator (P-DIV-7)', actor('olle', 'operator'), true, 'operator'],
    ['an admin', actor('root', 'admin'), true, 'admin'],
    ['an operator of another municipality', actor('olle', 'operator', 'valdemarsvik'), false, null],
    ['an admin of another municipality', actor('root', 'admin', 'valdemarsvik'), false, null],
    ['the same id in another municipality', actor('anna', 'employee', 'valdemarsvik'), false, null],
  ];
  for (const [who, a, allowed, basis] of matrix) {
    it(`${allowed ? 'allows' : 'refuses'} ${who}`, () => {
      assert.equal(mayChangePresence(a, anna, lookups), allowed);
      const p = presencePermission(a, anna, lookups);
      assert.equal(p.allowed ? p.basis : null, basis);
      if (!p.allowed) {
        assert.equal(p.problem.code, 'presence.permission.denied');
        assert.ok(p.problem.sv.length > 0 && p.problem.en.length > 0);
      }
    });
  }

  it('a manager may not change their own manager\'s presence', () => {
    assert.equal(mayChangePresence(actor('bo', 'manager'), { personId: 'cecilia', tenantId: 'vara' }, lookups), false);
  });
});

describe('isOnBehalf and the audit entry', () => {
  const at = local('2026-03-10 08:05');

  it('P-DIV-7: an operator entering an absence for someone else is audited: who, when, for whom', () => {
    const olle = actor('olle', 'operator');
    assert.equal(isOnBehalf(olle, anna), true);
    assert.deepEqual(onBehalfAudit(olle, anna, 'operator', at, 'absence.create', 'a1'), {
      at,
      actorId: 'olle',
      actorRole: 'operator',
      basis: 'operator',
      subjectPersonId: 'anna',
      tenantId: 'vara',
      action: 'absence.create',
      absenceId: 'a1',
    });
  });

  it('P-DIV-8: a manager diverting a sick employee is audited', () => {
    assert.equal(onBehalfAudit(actor('bo', 'manager'), anna, 'manager', at, 'absence.create')?.actorId, 'bo');
  });

  it('a person changing their own presence needs no audit entry', () => {
    assert.equal(isOnBehalf(actor('anna', 'employee'), anna), false);
    assert.equal(onBehalfAudit(actor('anna', 'employee'), anna, 'self', at, 'absence.back-now'), null);
  });
});

describe('viewFor (P-SEC-2)', () => {
  const a = oneOff('m', 'meeting', '2026-03-10 13:00', '2026-03-10 14:00', { personId: 'anna', note: 'Läkarbesök', createdBy: 'bo', target: { kind: 'reception' } });

  const cases: [PresenceViewer, boolean, boolean][] = [
    ['self', true, true],
    ['manager', true, true],
    ['operator', false, false],
    ['colleague', false, false],
    ['admin', false, true],
  ];
  for (const [viewer, seesNote, seesCreator] of cases) {
    it(`P-SEC-2: ${viewer} ${seesNote ? 'sees' : 'never sees'} the private note`, () => {
      const v = viewFor(viewer, a);
      assert.equal(v.note, seesNote ? 'Läkarbesök' : undefined);
      assert.equal('note' in v, seesNote);
      assert.equal(v.createdBy, seesCreator ? 'bo' : undefined);
      // Everyone who sees presence sees the code, the times and where calls go.
      assert.equal(v.reason, 'meeting');
      assert.equal(v.start.toString(), a.start.toString());
      assert.equal(v.end.toString(), a.end.toString());
      assert.deepEqual(v.target, { kind: 'reception' });
    });
  }

  it('P-SEC-2: the status an operator gets from presenceAt carries no note, now or next', () => {
    const next = oneOff('n', 'training', '2026-03-11 09:00', '2026-03-11 12:00', { personId: 'anna', note: 'Hemligt' });
    const seen = JSON.stringify(statusViewFor('operator', presenceAt([a, next], local('2026-03-10 13:30'))));
    assert.doesNotMatch(seen, /Läkarbesök|Hemligt/);
    assert.match(seen, /"reason":"meeting"/);
    const free = JSON.stringify(statusViewFor('operator', presenceAt([a, next], local('2026-03-10 15:00'))));
    assert.doesNotMatch(free, /Hemligt/);
    assert.match(JSON.stringify(statusViewFor('manager', presenceAt([a, next], local('2026-03-10 13:30')))), /Läkarbesök/);
  });

  it('viewerOf tells self, manager in the chain, operator, admin and colleague apart, and shows nothing across tenants', () => {
    assert.equal(viewerOf(actor('anna', 'employee'), anna, lookups), 'self');
    assert.equal(viewerOf(actor('cecilia', 'manager'), anna, lookups), 'manager');
    assert.equal(viewerOf(actor('frida', 'manager'), anna, lookups), 'colleague');
    assert.equal(viewerOf(actor('cecilia', 'manager', 'valdemarsvik'), anna, lookups), null);
    assert.equal(viewerOf(actor('olle', 'operator', 'valdemarsvik'), anna, lookups), null);
    assert.equal(viewerOf(actor('olle', 'operator'), anna, lookups), 'operator');
    assert.equal(viewerOf(actor('root', 'admin'), anna, lookups), 'admin');
    assert.equal(viewerOf(actor('erik', 'employee'), anna, lookups), 'colleague');
  });
});
