// The directory over HTTP: the internal phone book everyone in the municipality reads
// (P-SWB-12), the operator's search (P-SWB-3, P-SWB-9, P-FC-2), people keeping their own
// entry correct (P-DIV-11), managers keeping their staff's matters (P-SWB-11), voicemail
// exceptions (P-VM-1), passwords and PINs (P-SEC-1), and CSV import and export for HR and AD.
// Who may change what is decided in service.ts and rules.ts; here requests are shaped.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Actor, AppContext } from '../../http/context.js';
import { requireActor, requireRole, ROLES } from '../../http/context.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import { fullName, UNIT_KINDS, type Person } from '../../core/directory/index.js';
import { toIso } from '../../store/index.js';
import type { PersonPatch } from './service.js';
import {
  FunctionOut,
  functionOut,
  matchOut,
  Nullable,
  PersonOut,
  personOut,
  presenceOut,
  SearchOut,
  personSummary,
  UnitOut,
  unitOut,
} from './views.js';

/** CSV files from HR systems of large municipalities; JSON bodies elsewhere keep the server's 1 MiB. */
const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

const personProps = {
  firstName: Type.String({ minLength: 1, maxLength: 100 }),
  lastName: Type.String({ minLength: 1, maxLength: 100 }),
  title: Nullable(Type.String({ maxLength: 200 })),
  unitId: Nullable(Id),
  functionIds: Type.Array(Id, { maxItems: 100 }),
  extension: Nullable(Type.String({ maxLength: 20 })),
  directNumber: Nullable(Type.String({ maxLength: 40 })),
  mobileNumber: Nullable(Type.String({ maxLength: 40 })),
  mobileExtension: Type.Boolean({ description: 'P-MOB-8: the extension also rings the mobile.' }),
  email: Nullable(Type.String({ maxLength: 254 })),
  matters: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100, description: 'Ärenden: keywords of what the person handles.' }),
  managerId: Nullable(Id),
  role: RoleSchema,
  electedMember: Type.Boolean({ description: 'Förtroendevald (P-FUP-3).' }),
};

const { firstName, lastName, ...optionalPersonProps } = personProps;
const CreatePerson = Type.Object(
  {
    firstName,
    lastName,
    ...Type.Partial(Type.Object(optionalPersonProps)).properties,
    password: Type.Optional(Type.String({ maxLength: 200, description: 'An initial password; the person can change it later.' })),
  },
  { additionalProperties: false },
);
const PatchPerson = Type.Partial(Type.Object(personProps), { additionalProperties: false, minProperties: 1 });

const PeopleQuery = Type.Object({
  unit: Type.Optional(Type.String({ maxLength: 64, description: 'People of this unit and the units under it.' })),
  function: Type.Optional(Type.String({ maxLength: 64, description: 'Members of this function.' })),
  includeDeactivated: Type.Optional(Type.Boolean({ description: 'Admins only: people who have left too.' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 200, description: 'Name, title, unit, function, matter or extension; every word must match.' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});

const PasswordBody = Type.Object(
  {
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
    currentPassword: Type.Optional(Type.String({ maxLength: 200, description: 'Required when changing your own password.' })),
  },
  { additionalProperties: false },
);
const PinBody = Type.Object({ pin: Type.String({ minLength: 1, maxLength: 16 }) }, { additionalProperties: false });
const VoicemailBody = Type.Object(
  {
    enabled: Type.Boolean(),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'Why the exception was decided (kept in the audit log).' })),
  },
  { additionalProperties: false },
);

const unitProps = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))),
  parentId: Nullable(Id),
  receptionFunctionId: Nullable(Id),
};
const CreateUnit = Type.Object({ name: unitProps.name, ...Type.Partial(Type.Object({ kind: unitProps.kind, parentId: unitProps.parentId, receptionFunctionId: unitProps.receptionFunctionId })).properties }, { additionalProperties: false });
const PatchUnit = Type.Partial(Type.Object(unitProps), { additionalProperties: false, minProperties: 1 });

const functionProps = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  unitId: Nullable(Id),
  extension: Nullable(Type.String({ maxLength: 20 })),
  directNumber: Nullable(Type.String({ maxLength: 40 })),
  ringStrategy: Type.Union([Type.Literal('together'), Type.Literal('in-turn')]),
};
const { name: functionName, ...optionalFunctionProps } = functionProps;
const CreateFunction = Type.Object(
  {
    name: functionName,
    ...Type.Partial(Type.Object(optionalFunctionProps)).properties,
    memberIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
const PatchFunction = Type.Partial(Type.Object(functionProps), { additionalProperties: false, minProperties: 1 });
const MembersBody = Type.Object({ memberIds: Type.Array(Id, { maxItems: 1000, description: 'In ring order.' }) }, { additionalProperties: false });

const ImportJson = Type.Object({ csv: Type.String({ maxLength: IMPORT_BODY_LIMIT }) }, { additionalProperties: false });
const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ description: 'Check the file and report what would change; write nothing.' })) });
const ImportOut = Type.Object({
  dryRun: Type.Boolean(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  reactivated: Type.Integer(),
  unitsCreated: Type.Integer(),
  functionsCreated: Type.Integer(),
  functionsUpdated: Type.Integer(),
  notInFile: Type.Integer({ description: 'Active people not in the file; left as they are.' }),
  ignoredColumns: Type.Array(Type.String()),
});

const PeoplePage = Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(PersonOut) });
const TextOut = (type: string) => ({ content: { [type]: { schema: Type.String() } } });

const E401 = { 401: ErrorResponse };
const E4xx = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** People who see a mobile number behind a mobile extension (P-MOB-8). */
function privileged(actor: Actor, personId: string): boolean {
  return actor.role === 'admin' || actor.role === 'operator' || actor.personId === personId;
}

/** Null clears a field; the service takes the patch as it is. */
function personPatch(body: Static<typeof PatchPerson>): PersonPatch {
  return body as PersonPatch;
}

function withoutNulls<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> };
}

function attachment(reply: FastifyReply, type: string, filename: string) {
  const ascii = filename.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'katalog';
  // RFC 6266: a plain name for old clients, the UTF-8 name for the rest.
  reply.type(type).header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
}

export async function directoryRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.directory;

  // An HR export arrives as the file itself; in this plugin's scope only.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  async function personResponse(actor: Actor, id: string) {
    const [rec, names] = await Promise.all([svc.person(actor.tenantId, id), svc.lookups(actor.tenantId)]);
    return personOut(rec, names, privileged(actor, id));
  }

  app.get<{ Querystring: Static<typeof SearchQuery> }>('/api/search', {
    schema: {
      tags: ['directory'],
      summary: 'Type-ahead over the directory: people (every word must match, Swedish-aware: prefixes, inflections, one typo, å/ä/ö) with their presence now, and functions by name with their members.',
      querystring: SearchQuery,
      response: { 200: SearchOut, ...E401 },
    },
  }, async (request) => {
    const actor = requireActor(request);
    const { q, limit = 10 } = request.query;
    const [result, names, tenant] = await Promise.all([svc.search(actor.tenantId, q, limit), svc.lookups(actor.tenantId), ctx.tenants.get(actor.tenantId)]);
    const label = (code: string) => tenant.profile.absenceReasons.find((r) => r.code === code)?.label;
    return {
      query: q,
      people: result.people.map((h) => ({
        person: personSummary(h.record.person, names, privileged(actor, h.personId)),
        score: h.score,
        matches: h.matches.map((m) => matchOut(m)),
        presence: presenceOut(h.presence!, names, label),
      })),
      functions: result.functions.map((h) => ({
        function: functionOut(h.record, names),
        score: h.score,
        matches: h.matches.map((m) => matchOut(m, true)),
        members: h.record.fn.memberIds
          .flatMap((id) => {
            const p = names.person(id);
            if (!p) return [];
            const s = result.statusOf(id);
            return [{
              id, name: fullName(p.person), extension: p.person.extension ?? null, available: s.state === 'available',
              ...(s.state === 'absent' ? { returnsAt: toIso(s.returnsAt) } : {}),
            }];
          })
          .sort((a, b) => Number(b.available) - Number(a.available)),
      })),
    };
  });

  // ---- people ----------------------------------------------------------------------------

  app.get<{ Querystring: Static<typeof PeopleQuery> }>('/api/people', {
    schema: { tags: ['directory'], summary: 'The phone book, in Swedish name order, a page at a time; by unit (with the units under it) or function.', querystring: PeopleQuery, response: { 200: PeoplePage, ...E401 } },
  }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const page = await svc.people(actor.tenantId, {
      ...(q.unit ? { unitId: q.unit } : {}),
      ...(q.function ? { functionId: q.function } : {}),
      includeDeactivated: q.includeDeactivated === true && actor.role === 'admin',
      offset,
      limit,
    });
    const names = await svc.lookups(actor.tenantId);
    return { total: page.total, offset, limit, items: page.items.map((r) => personOut(r, names, privileged(actor, r.person.id))) };
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/people/:id', {
    schema: { tags: ['directory'], summary: 'One person\'s entry (also after they left: deactivatedAt is set).', params: IdParams, response: { 200: PersonOut, 401: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    return personResponse(actor, request.params.id);
  });

  app.post<{ Body: Static<typeof CreatePerson> }>('/api/people', {
    schema: { tags: ['directory'], summary: 'Add a person (admin).', body: CreatePerson, response: { 201: PersonOut, ...E4xx } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { password, ...fields } = request.body;
    const rec = await svc.createPerson(actor, withoutNulls(fields) as Partial<Person> & { firstName: string; lastName: string }, password);
    return reply.status(201).send(await personResponse(actor, rec.person.id));
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchPerson> }>('/api/people/:id', {
    schema: {
      tags: ['directory'],
      summary: 'Change a person\'s entry. Admins: everything but their own role. The person (P-DIV-11) and the switchboard for them: title, mobile number, matters. Their manager (P-SWB-11): title and matters. Null clears a field.',
      params: IdParams, body: PatchPerson, response: { 200: PersonOut, ...E4xx },
    },
  }, async (request) => {
    const actor = requireActor(request);
    await svc.updatePerson(actor, request.params.id, personPatch(request.body));
    return personResponse(actor, request.params.id);
  });

  app.delete<{ Params: Static<typeof IdParams> }>('/api/people/:id', {
    schema: {
      tags: ['directory'],
      summary: 'Deactivate a person (admin): out of the phone book and their functions, sessions ended, extension and direct number freed; the entry and its history stay.',
      params: IdParams, response: { 204: Type.Null(), ...E4xx },
    },
  }, async (request, reply) => {
    await svc.deactivatePerson(requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  app.post<{ Params: Static<typeof IdParams> }>('/api/people/:id/reactivate', {
    schema: { tags: ['directory'], summary: 'Bring a deactivated person back into the phone book (admin).', params: IdParams, response: { 200: PersonOut, ...E4xx } },
  }, async (request) => {
    const actor = requireActor(request);
    await svc.reactivatePerson(actor, request.params.id);
    return personResponse(actor, request.params.id);
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof PasswordBody> }>('/api/people/:id/password', {
    schema: {
      tags: ['directory'],
      summary: 'Set a password (P-SEC-1): your own with the current one, or anyone\'s as an admin. The person\'s other sessions end.',
      params: IdParams, body: PasswordBody, response: { 204: Type.Null(), ...E4xx },
    },
  }, async (request, reply) => {
    await svc.setPassword(requireActor(request), request.params.id, request.body.newPassword, request.body.currentPassword);
    return reply.status(204).send();
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof PinBody> }>('/api/people/:id/pin', {
    schema: {
      tags: ['directory'],
      summary: 'Set your own PIN for voicemail and phone codes (P-SEC-1): the profile\'s number of digits; stored hashed.',
      params: IdParams, body: PinBody, response: { 204: Type.Null(), ...E4xx },
    },
  }, async (request, reply) => {
    await svc.setPin(requireActor(request), request.params.id, request.body.pin);
    return reply.status(204).send();
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof VoicemailBody> }>('/api/people/:id/voicemail', {
    schema: {
      tags: ['directory'],
      summary: 'P-VM-1: voicemail on, or off as an exception decided by the person\'s manager (or an admin), recorded with who and when.',
      params: IdParams, body: VoicemailBody, response: { 200: PersonOut, ...E4xx },
    },
  }, async (request) => {
    const actor = requireActor(request);
    await svc.setVoicemail(actor, request.params.id, request.body.enabled, request.body.note);
    return personResponse(actor, request.params.id);
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/people/:id/vcard', {
    schema: { tags: ['directory'], summary: 'A person as a vCard 4.0 (RFC 6350).', params: IdParams, response: { 200: TextOut('text/vcard'), 401: ErrorResponse, 404: ErrorResponse } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const [card, rec] = await Promise.all([svc.vcard(actor.tenantId, request.params.id), svc.person(actor.tenantId, request.params.id)]);
    attachment(reply, 'text/vcard; charset=utf-8', `${rec.person.firstName} ${rec.person.lastName}.vcf`);
    return reply.send(card);
  });

  // ---- units and functions -------------------------------------------------------------------

  app.get('/api/units', {
    schema: { tags: ['directory'], summary: 'The organisation: förvaltningar, sektorer, enheter.', response: { 200: Type.Array(UnitOut), ...E401 } },
  }, async (request) => {
    const actor = requireActor(request);
    return (await svc.units(actor.tenantId)).map(unitOut).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  });

  app.post<{ Body: Static<typeof CreateUnit> }>('/api/units', {
    schema: { tags: ['directory'], summary: 'Add a unit (admin).', body: CreateUnit, response: { 201: UnitOut, ...E4xx } },
  }, async (request, reply) => {
    const rec = await svc.saveUnit(requireActor(request), null, request.body);
    return reply.status(201).send(unitOut(rec));
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchUnit> }>('/api/units/:id', {
    schema: { tags: ['directory'], summary: 'Rename or move a unit, or set its reception (P-DIV-10) (admin).', params: IdParams, body: PatchUnit, response: { 200: UnitOut, ...E4xx } },
  }, async (request) => unitOut(await svc.saveUnit(requireActor(request), request.params.id, request.body)));

  app.get('/api/functions', {
    schema: { tags: ['directory'], summary: 'Functions (Bygglov, Expeditionen, Växeln) with their members.', response: { 200: Type.Array(FunctionOut), ...E401 } },
  }, async (request) => {
    const actor = requireActor(request);
    const names = await svc.lookups(actor.tenantId);
    return (await svc.functions(actor.tenantId)).map((f) => functionOut(f, names)).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  });

  app.post<{ Body: Static<typeof CreateFunction> }>('/api/functions', {
    schema: { tags: ['directory'], summary: 'Add a function (admin), optionally with its members.', body: CreateFunction, response: { 201: FunctionOut, ...E4xx } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { memberIds, ...fields } = request.body;
    let rec = await svc.saveFunction(actor, null, fields);
    if (memberIds) rec = await svc.setMembers(actor, rec.fn.id, memberIds);
    return reply.status(201).send(functionOut(rec, await svc.lookups(actor.tenantId)));
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchFunction> }>('/api/functions/:id', {
    schema: { tags: ['directory'], summary: 'Change a function (admin).', params: IdParams, body: PatchFunction, response: { 200: FunctionOut, ...E4xx } },
  }, async (request) => {
    const actor = requireActor(request);
    const rec = await svc.saveFunction(actor, request.params.id, request.body);
    return functionOut(rec, await svc.lookups(actor.tenantId));
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof MembersBody> }>('/api/functions/:id/members', {
    schema: { tags: ['directory'], summary: 'Set a function\'s members, in ring order (admin).', params: IdParams, body: MembersBody, response: { 200: FunctionOut, ...E4xx } },
  }, async (request) => {
    const actor = requireActor(request);
    const rec = await svc.setMembers(actor, request.params.id, request.body.memberIds);
    return functionOut(rec, await svc.lookups(actor.tenantId));
  });

  // ---- import and export -----------------------------------------------------------------------

  app.post<{ Querystring: Static<typeof ImportQuery>; Body: string | Static<typeof ImportJson> }>('/api/directory/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags: ['directory'],
      summary: 'Import people from an HR or AD export (admin; docs/csv-import.md): the file as text/csv, or JSON {csv}. All or nothing: any problem gives 400 with every problem and its line, and nothing is written.',
      querystring: ImportQuery,
      body: { content: { 'text/csv': { schema: Type.String() }, 'text/plain': { schema: Type.String() }, 'application/json': { schema: ImportJson } } },
      response: { 200: ImportOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
    },
  }, async (request: FastifyRequest<{ Querystring: Static<typeof ImportQuery>; Body: string | Static<typeof ImportJson> }>) => {
    const actor = requireRole(request, 'admin');
    const text = typeof request.body === 'string' ? request.body : request.body.csv;
    return svc.importCsv(actor, text, request.query.dryRun === true);
  });

  app.get('/api/directory/export.csv', {
    schema: { tags: ['directory'], summary: 'The directory in the import\'s CSV format (admins and operators): edit it in a spreadsheet and import it again.', response: { 200: TextOut('text/csv'), 401: ErrorResponse, 403: ErrorResponse } },
  }, async (request, reply) => {
    const actor = requireRole(request, 'admin', 'operator');
    const tenant = await ctx.tenants.get(actor.tenantId);
    attachment(reply, 'text/csv; charset=utf-8', `katalog-${tenant.slug}.csv`);
    return reply.send(await svc.exportCsv(actor.tenantId));
  });

  app.get('/api/directory/export.vcf', {
    schema: { tags: ['directory'], summary: 'The phone book as vCards (RFC 6350) for phones and mail clients.', response: { 200: TextOut('text/vcard'), 401: ErrorResponse } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const tenant = await ctx.tenants.get(actor.tenantId);
    attachment(reply, 'text/vcard; charset=utf-8', `katalog-${tenant.slug}.vcf`);
    return reply.send(await svc.exportVcf(actor.tenantId));
  });
}
