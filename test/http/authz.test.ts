// Every endpoint has an authorisation test: who may, who may not (least privilege, P-SEC-1,
// tenant isolation). The last test fails when a route is added without a row here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { putMessage } from '../../src/services/voicemail/testing.js';

type Who = 'anon' | 'self' | 'colleague' | 'manager' | 'otherManager' | 'operator' | 'admin' | 'foreignAdmin';
const EVERYONE: Who[] = ['anon', 'self', 'colleague', 'manager', 'otherManager', 'operator', 'admin', 'foreignAdmin'];

interface Ctx {
  t: TestApp;
  ids: { self: string; manager: string; unit: string; fn: string };
  /** An absence of `self`, made fresh for each request that may delete or change it. */
  freshAbsence(): Promise<string>;
  freshCallback(): Promise<string>;
}

interface Case {
  route: string;
  url: (c: Ctx) => string | Promise<string>;
  body?: (c: Ctx) => unknown;
  /** Expected status per actor; actors left out are not tried. */
  expect: Partial<Record<Who, number>>;
}

const absenceBody = { reason: 'meeting', end: '2026-03-25T14:30:00+01:00' };

const CASES: Case[] = [
  { route: 'POST /api/auth/login', url: () => '/api/auth/login', body: () => ({ login: 'nobody@example.org', password: 'x' }), expect: { anon: 401 } },
  { route: 'POST /api/auth/logout', url: () => '/api/auth/logout', expect: { anon: 401 } },
  { route: 'GET /api/auth/me', url: () => '/api/auth/me', expect: { anon: 401, self: 200, admin: 200 } },
  { route: 'GET /api/health', url: () => '/api/health', expect: { anon: 200 } },
  { route: 'GET /api/openapi.json', url: () => '/api/openapi.json', expect: { anon: 200 } },
  // The web apps (src/http/static.ts): every page is public (the app asks for a login), and
  // an API path no route took stays the API's 404, never the app's HTML.
  { route: 'GET /*', url: () => '/status', expect: { anon: 200, self: 200 } },
  { route: 'GET /*', url: () => '/api/finns-inte', expect: { anon: 404, self: 404, admin: 404 } },
  { route: 'GET /api/events', url: () => '/api/events', expect: { anon: 401 } },

  { route: 'GET /public/:tenant/hours.json', url: () => '/public/valdemarsvik/hours.json', expect: { anon: 200 } },
  { route: 'GET /public/:tenant/hours.html', url: () => '/public/valdemarsvik/hours.html', expect: { anon: 200 } },
  { route: 'OPTIONS /public/:tenant/*', url: () => '/public/valdemarsvik/hours.json', expect: { anon: 204 } },
  { route: 'GET /api/hours', url: () => '/api/hours', expect: { anon: 401, self: 200, operator: 200 } },
  { route: 'GET /api/hours/year/:year', url: () => '/api/hours/year/2026', expect: { anon: 401, self: 200, admin: 200 } },

  { route: 'GET /api/profile', url: () => '/api/profile', expect: { anon: 401, self: 200, admin: 200 } },
  {
    route: 'PUT /api/profile', url: () => '/api/profile',
    body: () => 'PROFILE',
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 400 },
  },

  { route: 'GET /api/people/:personId/presence', url: (c) => `/api/people/${c.ids.self}/presence`, expect: { anon: 401, colleague: 200, operator: 200, foreignAdmin: 404 } },
  { route: 'GET /api/people/:personId/absences', url: (c) => `/api/people/${c.ids.self}/absences`, expect: { anon: 401, colleague: 200, self: 200, foreignAdmin: 404 } },
  {
    route: 'POST /api/people/:personId/absences', url: (c) => `/api/people/${c.ids.self}/absences`, body: () => absenceBody,
    // P-DIV-7 operators, P-DIV-8 the manager; not colleagues, not another unit's manager.
    expect: { anon: 401, self: 201, manager: 201, operator: 201, admin: 201, colleague: 403, otherManager: 403, foreignAdmin: 404 },
  },
  {
    route: 'PUT /api/absences/:id', url: async (c) => `/api/absences/${await c.freshAbsence()}`, body: () => absenceBody,
    expect: { anon: 401, self: 200, manager: 200, operator: 200, admin: 200, colleague: 403, otherManager: 403, foreignAdmin: 404 },
  },
  {
    route: 'DELETE /api/absences/:id', url: async (c) => `/api/absences/${await c.freshAbsence()}`,
    expect: { anon: 401, self: 204, manager: 204, operator: 204, admin: 204, colleague: 403, otherManager: 403, foreignAdmin: 404 },
  },
  {
    route: 'POST /api/people/:personId/back', url: (c) => `/api/people/${c.ids.self}/back`,
    expect: { anon: 401, self: 200, manager: 200, operator: 200, admin: 200, colleague: 403, otherManager: 403, foreignAdmin: 404 },
  },
  { route: 'GET /api/absence-reasons', url: () => '/api/absence-reasons', expect: { anon: 401, self: 200 } },

  {
    route: 'POST /api/people/:personId/messages', url: (c) => `/api/people/${c.ids.self}/messages`,
    body: () => ({ caller: { name: 'Eva', number: '070-174 06 10' }, concerns: 'Bygglov' }),
    // Anyone in the municipality may leave a message for a colleague (P-SWB-5).
    expect: { anon: 401, colleague: 201, operator: 201, self: 201, foreignAdmin: 404 },
  },
  { route: 'GET /api/callbacks', url: () => '/api/callbacks', expect: { anon: 401, self: 200, manager: 200, admin: 200 } },
  { route: 'GET /api/callbacks/summary', url: () => '/api/callbacks/summary', expect: { anon: 401, self: 200, manager: 200 } },
  {
    route: 'GET /api/callbacks/:id', url: async (c) => `/api/callbacks/${await c.freshCallback()}`,
    // The operator took these messages and may look them up; others outside the chain may not.
    expect: { anon: 401, self: 200, manager: 200, admin: 200, operator: 200, colleague: 404, otherManager: 404, foreignAdmin: 404 },
  },
  {
    route: 'POST /api/callbacks/:id/done', url: async (c) => `/api/callbacks/${await c.freshCallback()}/done`, body: () => ({ outcome: 'reached' }),
    expect: { anon: 401, self: 200, manager: 200, admin: 200, colleague: 403, operator: 403, otherManager: 403, foreignAdmin: 404 },
  },
  {
    route: 'POST /api/callbacks/:id/replan', url: async (c) => `/api/callbacks/${await c.freshCallback()}/replan`,
    body: () => ({ agreedAt: '2026-03-30T10:00:00+02:00', note: 'Svar på fredag' }),
    expect: { anon: 401, self: 200, manager: 200, admin: 200, colleague: 403, operator: 403, foreignAdmin: 404 },
  },

  // The directory: everyone in the municipality reads it (P-SWB-12); admins change the
  // organisation; the person (P-DIV-11), their manager (P-SWB-11) and the switchboard keep
  // parts of an entry; P-VM-1 exceptions are the manager's; a PIN is the person's own (P-SEC-1).
  { route: 'GET /api/search', url: () => '/api/search?q=anna', expect: { anon: 401, self: 200, colleague: 200, operator: 200, foreignAdmin: 200 } },
  { route: 'GET /api/people', url: () => '/api/people', expect: { anon: 401, self: 200, operator: 200, foreignAdmin: 200 } },
  { route: 'GET /api/people/:id', url: (c) => `/api/people/${c.ids.self}`, expect: { anon: 401, self: 200, colleague: 200, operator: 200, foreignAdmin: 404 } },
  {
    route: 'POST /api/people', url: () => '/api/people',
    body: () => ({ firstName: 'Ny', lastName: 'Person', email: `ny.${crypto.randomUUID()}@example.org` }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 201, foreignAdmin: 201 },
  },
  {
    route: 'PATCH /api/people/:id', url: (c) => `/api/people/${c.ids.self}`, body: () => ({ matters: ['bygglov', crypto.randomUUID().slice(0, 8)] }),
    expect: { anon: 401, self: 200, manager: 200, operator: 200, admin: 200, colleague: 403, otherManager: 403, foreignAdmin: 404 },
  },
  {
    route: 'DELETE /api/people/:id',
    url: async (c) => `/api/people/${(await c.t.ctx.directory.createPerson({ kind: 'token', id: 'authz', personId: null, tenantId: c.t.a.id, role: 'admin' }, { firstName: 'Slutar', lastName: 'Snart', email: `s.${crypto.randomUUID()}@example.org` })).person.id}`,
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 204, foreignAdmin: 404 },
  },
  {
    route: 'POST /api/people/:id/reactivate', url: (c) => `/api/people/${c.ids.self}/reactivate`,
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 404 },
  },
  {
    // On someone without sessions: an admin's reset ends the person's sessions.
    route: 'PUT /api/people/:id/password',
    url: async (c) => `/api/people/${(await c.t.ctx.directory.createPerson({ kind: 'token', id: 'authz', personId: null, tenantId: c.t.a.id, role: 'admin' }, { firstName: 'Ny', lastName: 'Kollega', email: `k.${crypto.randomUUID()}@example.org` })).person.id}/password`,
    body: () => ({ newPassword: 'ett-långt-lösenord' }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 204, foreignAdmin: 404 },
  },
  {
    route: 'PUT /api/people/:id/pin', url: (c) => `/api/people/${c.ids.self}/pin`, body: () => ({ pin: '4711' }),
    expect: { anon: 401, self: 204, colleague: 403, manager: 403, operator: 403, admin: 403, foreignAdmin: 404 },
  },
  {
    route: 'PUT /api/people/:id/voicemail', url: (c) => `/api/people/${c.ids.self}/voicemail`, body: () => ({ enabled: true }),
    expect: { anon: 401, self: 403, colleague: 403, otherManager: 403, operator: 403, manager: 200, admin: 200, foreignAdmin: 404 },
  },
  { route: 'GET /api/people/:id/vcard', url: (c) => `/api/people/${c.ids.self}/vcard`, expect: { anon: 401, colleague: 200, foreignAdmin: 404 } },
  { route: 'GET /api/units', url: () => '/api/units', expect: { anon: 401, self: 200, foreignAdmin: 200 } },
  {
    route: 'POST /api/units', url: () => '/api/units', body: () => ({ name: `Enhet ${crypto.randomUUID().slice(0, 8)}` }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 201, foreignAdmin: 201 },
  },
  {
    route: 'PATCH /api/units/:id', url: (c) => `/api/units/${c.ids.unit}`, body: () => ({ kind: 'unit' }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 404 },
  },
  { route: 'GET /api/functions', url: () => '/api/functions', expect: { anon: 401, self: 200, foreignAdmin: 200 } },
  {
    route: 'POST /api/functions', url: () => '/api/functions', body: () => ({ name: `Funktion ${crypto.randomUUID().slice(0, 8)}` }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 201, foreignAdmin: 201 },
  },
  {
    route: 'PATCH /api/functions/:id', url: (c) => `/api/functions/${c.ids.fn}`, body: () => ({ ringStrategy: 'together' }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 404 },
  },
  {
    route: 'PUT /api/functions/:id/members', url: (c) => `/api/functions/${c.ids.fn}/members`, body: (c) => ({ memberIds: [c.ids.self] }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 404 },
  },
  {
    route: 'POST /api/directory/import', url: () => '/api/directory/import?dryRun=true', body: () => ({ csv: 'förnamn;efternamn;epost\n' }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 200 },
  },
  { route: 'GET /api/directory/export.csv', url: () => '/api/directory/export.csv', expect: { anon: 401, self: 403, manager: 403, operator: 200, admin: 200 } },
  { route: 'GET /api/directory/export.vcf', url: () => '/api/directory/export.vcf', expect: { anon: 401, self: 200, operator: 200 } },

  { route: 'GET /api/audit', url: () => '/api/audit', expect: { anon: 401, self: 200, manager: 200, admin: 200 } },
  { route: 'GET /api/tokens', url: () => '/api/tokens', expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200 } },
  { route: 'POST /api/tokens', url: () => '/api/tokens', body: () => ({ name: 'intranät', role: 'employee' }), expect: { anon: 401, self: 403, operator: 403, admin: 201 } },
  { route: 'DELETE /api/tokens/:id', url: () => '/api/tokens/00000000-0000-0000-0000-000000000000', expect: { anon: 401, self: 403, operator: 403, admin: 404 } },

  // Call records: everyone sees the calls to and from themself; managers their staff's;
  // operators and admins all (src/services/call-records/scope.ts). The report: managers
  // their units, operators the switchboard part, admins all; employees none (P-FUP-2).
  { route: 'GET /api/calls', url: () => '/api/calls', expect: { anon: 401, self: 200, colleague: 200, operator: 200, foreignAdmin: 200 } },
  {
    route: 'GET /api/calls/:id', url: async (c) => `/api/calls/${await freshCall(c)}`,
    expect: { anon: 401, self: 200, manager: 200, operator: 200, admin: 200, colleague: 404, otherManager: 404, foreignAdmin: 404 },
  },
  { route: 'GET /api/reports/calls', url: () => '/api/reports/calls', expect: { anon: 401, self: 403, colleague: 403, manager: 200, otherManager: 200, operator: 200, admin: 200, foreignAdmin: 200 } },

  // The operator console (src/services/switchboard): operators; admins watch and may set an
  // operator's state; only an operator takes a call. Snippets (P-SWB-9): admins write.
  { route: 'GET /api/switchboard/queue', url: () => '/api/switchboard/queue', expect: { anon: 401, self: 403, manager: 403, operator: 200, admin: 200, foreignAdmin: 200 } },
  {
    route: 'POST /api/switchboard/agent', url: () => '/api/switchboard/agent', body: () => ({ action: 'logout' }),
    expect: { anon: 401, self: 403, colleague: 403, manager: 403, operator: 200, admin: 200, foreignAdmin: 200 },
  },
  {
    route: 'POST /api/switchboard/queue/:callId/pick', url: async (c) => `/api/switchboard/queue/${await freshWaitingCall(c)}/pick`,
    expect: { anon: 401, self: 403, manager: 403, admin: 403, foreignAdmin: 403, operator: 200 },
  },
  { route: 'GET /api/switchboard/snippets', url: () => '/api/switchboard/snippets?q=avfall', expect: { anon: 401, self: 403, manager: 403, operator: 200, admin: 200, foreignAdmin: 200 } },
  {
    route: 'GET /api/switchboard/snippets/:id', url: async (c) => `/api/switchboard/snippets/${await freshSnippet(c)}`,
    expect: { anon: 401, self: 403, manager: 403, operator: 200, admin: 200, foreignAdmin: 404 },
  },
  {
    route: 'POST /api/switchboard/snippets', url: () => '/api/switchboard/snippets', body: () => ({ title: 'Sophämtning', body: 'Varannan vecka.', keywords: ['avfall'] }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 201, foreignAdmin: 201 },
  },
  {
    route: 'PUT /api/switchboard/snippets/:id', url: async (c) => `/api/switchboard/snippets/${await freshSnippet(c)}`, body: () => ({ title: 'Parkering', body: 'Avgiftsfri vid kommunhuset.' }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 404 },
  },
  {
    route: 'DELETE /api/switchboard/snippets/:id', url: async (c) => `/api/switchboard/snippets/${await freshSnippet(c)}`,
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 204, foreignAdmin: 404 },
  },
  // The console's call actions (src/calls/console): operators only (a call nobody holds is not found).
  { route: 'GET /api/switchboard/calls', url: () => '/api/switchboard/calls', expect: { anon: 401, self: 403, manager: 403, admin: 403, operator: 200 } },
  {
    route: 'GET /api/switchboard/colleagues/:personId', url: (c) => `/api/switchboard/colleagues/${c.ids.self}`,
    expect: { anon: 401, self: 403, manager: 403, admin: 403, operator: 200 },
  },
  ...[
    ['transfer', { target: { kind: 'number', number: '2003' } }], ['consult', { target: { kind: 'number', number: '2003' } }], ['connect'], ['back'], ['hold'],
    ['park'], ['retrieve'], ['voicemail', { target: { kind: 'switchboard' } }], ['camp-on', { personId: 'nobody' }], ['hangup'],
  ].map(([action, body]): Case => ({
    route: `POST /api/switchboard/calls/:callId/${String(action)}`, url: () => `/api/switchboard/calls/no-such-call/${String(action)}`, body: () => body ?? {},
    expect: { anon: 401, self: 403, manager: 403, admin: 403, foreignAdmin: 403, operator: 404 },
  })),
  // SIP trunks to the operator (src/trunk): admins only; another municipality's trunk is not found.
  { route: 'GET /api/trunks', url: () => '/api/trunks', expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 200 } },
  { route: 'GET /api/trunks/state', url: () => '/api/trunks/state', expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200 } },
  {
    route: 'POST /api/trunks', url: () => '/api/trunks', body: () => ({ name: `Operatör ${crypto.randomUUID().slice(0, 8)}`, mode: 'ip', host: '192.0.2.10' }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 201, foreignAdmin: 201 },
  },
  {
    route: 'PATCH /api/trunks/:id',
    url: async (c) => `/api/trunks/${(await c.t.ctx.trunks.create({ kind: 'token', id: 'authz', personId: null, tenantId: c.t.a.id, role: 'admin' }, { name: `Trunk ${crypto.randomUUID().slice(0, 8)}`, mode: 'ip', host: '192.0.2.11' })).id}`,
    body: () => ({ port: 5080 }),
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 404 },
  },
  {
    route: 'DELETE /api/trunks/:id',
    url: async (c) => `/api/trunks/${(await c.t.ctx.trunks.create({ kind: 'token', id: 'authz', personId: null, tenantId: c.t.a.id, role: 'admin' }, { name: `Trunk ${crypto.randomUUID().slice(0, 8)}`, mode: 'ip', host: '192.0.2.12' })).id}`,
    expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 204, foreignAdmin: 404 },
  },
  // Voicemail (P-SEC-1, least privilege): one's own box; a manager for staff (audited) may
  // list, play and mark heard but not delete; nobody else, admins included. A greeting is one's own.
  { route: 'GET /api/voicemail/messages', url: () => '/api/voicemail/messages', expect: { anon: 401, self: 200, colleague: 200, operator: 200, admin: 200, foreignAdmin: 200 } },
  {
    route: 'GET /api/voicemail/messages/:id', url: async (c) => `/api/voicemail/messages/${await freshVoicemail(c)}`,
    expect: { anon: 401, self: 200, manager: 200, colleague: 404, otherManager: 404, operator: 404, admin: 404, foreignAdmin: 404 },
  },
  {
    route: 'GET /api/voicemail/messages/:id/audio', url: async (c) => `/api/voicemail/messages/${await freshVoicemail(c)}/audio`,
    expect: { anon: 401, self: 200, manager: 200, colleague: 404, otherManager: 404, operator: 404, admin: 404, foreignAdmin: 404 },
  },
  {
    route: 'POST /api/voicemail/messages/:id/heard', url: async (c) => `/api/voicemail/messages/${await freshVoicemail(c)}/heard`,
    expect: { anon: 401, self: 200, manager: 200, colleague: 404, otherManager: 404, operator: 404, admin: 404, foreignAdmin: 404 },
  },
  {
    route: 'DELETE /api/voicemail/messages/:id', url: async (c) => `/api/voicemail/messages/${await freshVoicemail(c)}`,
    expect: { anon: 401, self: 204, manager: 403, colleague: 404, otherManager: 404, operator: 404, admin: 404, foreignAdmin: 404 },
  },
  { route: 'GET /api/voicemail/greeting', url: () => '/api/voicemail/greeting', expect: { anon: 401, self: 404, admin: 404 } },
  { route: 'GET /api/voicemail/greeting/audio', url: () => '/api/voicemail/greeting/audio', expect: { anon: 401, self: 404 } },
  // The greeting is the WAV itself (audio/wav); a JSON body is the wrong type (the upload is tested in voicemail.test.ts).
  { route: 'PUT /api/voicemail/greeting', url: () => '/api/voicemail/greeting', body: () => ({ wav: 'x' }), expect: { anon: 401, self: 415 } },
  { route: 'DELETE /api/voicemail/greeting', url: () => '/api/voicemail/greeting', expect: { anon: 401, self: 404 } },

  // The municipality's own recordings of prompts (src/services/prompts): administrators only;
  // each municipality sees its own folder (the upload itself is tested in test/http/prompts.test.ts).
  { route: 'GET /api/prompts', url: () => '/api/prompts', expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 200, foreignAdmin: 200 } },
  { route: 'GET /api/prompts/:id/audio', url: () => '/api/prompts/org.name/audio?version=shipped', expect: { anon: 401, self: 403, operator: 403, admin: 200 } },
  { route: 'GET /api/prompts/:id/audio', url: () => '/api/prompts/org.name/audio', expect: { admin: 404, foreignAdmin: 404 } },
  { route: 'PUT /api/prompts/:id', url: () => '/api/prompts/org.name', body: () => ({ wav: 'x' }), expect: { anon: 401, self: 403, manager: 403, operator: 403, admin: 415 } },
  { route: 'DELETE /api/prompts/:id', url: () => '/api/prompts/org.name', expect: { anon: 401, self: 403, operator: 403, admin: 404 } },
  { route: 'GET /api/prompts/examples/:name/audio', url: () => '/api/prompts/examples/closed/audio', expect: { anon: 401, self: 403, operator: 403, admin: 200 } },
];

/** A message in `self`'s voicemail box. */
const freshVoicemail = (c: Ctx) => putMessage(c.t.ctx, { tenantId: c.t.a.id, box: { kind: 'person', personId: c.ids.self } });

/** A call to `self` (ringing them), as call control reports it. */
async function freshCall(c: Ctx): Promise<string> {
  const at = c.t.clock.now();
  const id = await c.t.ctx.callRecords.begin({
    tenantId: c.t.a.id, sipCallId: crypto.randomUUID(), origin: 'trunk', caller: { number: '+46701740610' }, dialled: '2003', at,
    plan: { steps: [], record: { dialled: '2003', callerInternal: false, origin: 'trunk', reached: { kind: 'person', personId: c.ids.self }, presence: { state: 'available' }, switchboardOpen: null, outsidePhoneHours: false, deviations: [], rules: [] } },
  });
  await c.t.ctx.callRecords.stepStarted(id, { stepIndex: 0, step: { kind: 'ring', targets: [{ kind: 'person', personId: c.ids.self, devices: 'all-registered', mobileExtension: false }], seconds: 24, role: 'sought', rule: 'P-SWB-1' }, at });
  return id;
}

/** A call waiting in the switchboard queue, with the operator logged in (paused) and free to pick it. */
async function freshWaitingCall(c: Ctx): Promise<string> {
  const sw = c.t.ctx.switchboard;
  const operatorId = c.t.a.people.operator!.id;
  await sw.setAgentState({ kind: 'person', id: operatorId, personId: operatorId, tenantId: c.t.a.id, role: 'operator' }, operatorId, 'pause');
  sw.agentFree(operatorId, c.t.a.id);
  const callId = crypto.randomUUID();
  sw.join({ tenantId: c.t.a.id, callId, queue: 'switchboard', priority: 'external', caller: { number: '+46701740610' }, dialled: '+4649336000', enteredAt: c.t.clock.now() });
  return callId;
}

async function freshSnippet(c: Ctx): Promise<string> {
  const admin = { kind: 'token' as const, id: 'authz', personId: null, tenantId: c.t.a.id, role: 'admin' as const };
  return (await c.t.ctx.switchboard.snippets.create(admin, { title: 'Avfall', body: 'Sophämtning varannan vecka.', keywords: ['avfall'] })).id;
}

describe('authorisation matrix', () => {
  let t: TestApp;
  let clients: Record<Exclude<Who, 'anon'>, Client>;
  let c: Ctx;

  before(async () => {
    t = await startTestApp();
    const p = t.a.people;
    clients = {
      self: await t.login(p.employee!),
      colleague: await t.login(p.other!),
      manager: await t.login(p.manager!),
      otherManager: await t.login(p.otherManager!),
      operator: await t.login(p.operator!),
      admin: await t.login(p.admin!),
      foreignAdmin: await t.login(t.b.people.admin!),
    };
    c = {
      t,
      ids: { self: p.employee!.id, manager: p.manager!.id, unit: t.a.unitId, fn: t.a.functionId },
      async freshAbsence() {
        const res = await clients.self.request('POST', `/api/people/${p.employee!.id}/absences`, absenceBody);
        assert.equal(res.statusCode, 201, res.body);
        return (res.json() as { id: string }).id;
      },
      async freshCallback() {
        const res = await clients.operator.request('POST', `/api/people/${p.employee!.id}/messages`, { caller: { name: 'Eva', number: '0701740610' }, concerns: 'Bygglov' });
        assert.equal(res.statusCode, 201, res.body);
        return (res.json() as { id: string }).id;
      },
    };
  });
  after(() => t.close());

  for (const k of CASES) {
    test(k.route, async () => {
      const [method] = k.route.split(' ') as [string];
      for (const who of EVERYONE) {
        const expected = k.expect[who];
        if (expected === undefined) continue;
        const url = await k.url(c);
        let body = k.body?.(c);
        if (body === 'PROFILE') body = (await clients.admin.request('GET', '/api/profile')).json();
        const res = who === 'anon'
          ? await t.anonymous(method as never, url, body)
          : await clients[who].request(method as never, url, body);
        assert.equal(res.statusCode, expected, `${who} ${k.route}: ${res.body.slice(0, 300)}`);
      }
    });
  }

  test('every registered route has a row in this matrix', () => {
    const covered = new Set(CASES.map((k) => k.route));
    const missing = t.routes.filter((r) => !covered.has(r));
    assert.deepEqual(missing, [], `routes without an authorisation test: ${missing.join(', ')}`);
  });
});
