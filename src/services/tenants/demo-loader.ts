// Loads the generated demo municipality (src/demo) into an empty store, once: a restart
// keeps the data, including what people changed in it.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { newId, toIso } from '../../store/index.js';
import { generateDemoMunicipality, demoInstant, checkDemoMunicipality, type DemoLogin, type DemoDiversionTarget } from '../../demo/index.js';
import { valdemarsvik } from '../../core/policy/index.js';
import { normalizeNumber } from '../../core/numbers/index.js';
import { stockholmDate, Temporal, type IsoWeekday } from '../../core/time.js';
import type { DiversionTarget } from '../../core/presence/index.js';
import { hashSecret } from '../../auth/secrets.js';
import type { AppContext } from '../../http/context.js';
import { sipDomainOf } from '../../sip/registrar/domains.js';
import { sipHa1Json } from '../../sip/registrar/credentials.js';

export interface DemoInfo {
  created: boolean;
  logins: Pick<DemoLogin, 'role' | 'email' | 'extension' | 'password'>[];
}

function e164(n: string | null): string | null {
  if (!n) return null;
  const r = normalizeNumber(n);
  return r.ok ? r.value.value : null;
}

/** Creates the demo municipality when the store has no municipality at all. */
export async function loadDemoIfEmpty(ctx: AppContext): Promise<DemoInfo | null> {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  const referenceDate = stockholmDate(now).toString();
  const demo = generateDemoMunicipality({ referenceDate });
  const logins = demo.demoLogins.map((l) => ({ role: l.role, email: l.email, extension: l.extension, password: l.password }));
  const existing = await db.selectFrom('tenants').select(['id', 'slug']).execute();
  if (existing.length > 0) return existing.some((t) => t.slug === demo.slug) ? { created: false, logins } : null;

  const problems = checkDemoMunicipality(demo);
  if (problems.length > 0) throw new Error(`demo data is inconsistent: ${problems.map((p) => p.en).join('; ')}`);

  const tenant = await ctx.tenants.create({ ...structuredClone(valdemarsvik), id: demo.slug, name: demo.name }, now);
  const t = tenant.id;
  const at = toIso(now);
  const unitId = new Map(demo.units.map((u) => [u.key, newId()]));
  const functionId = new Map(demo.functions.map((f) => [f.key, newId()]));
  const personId = new Map(demo.people.map((p) => [p.key, newId()]));
  const id = (m: Map<string, string>, key: string) => {
    const v = m.get(key);
    if (!v) throw new Error(`demo key ${key} does not resolve`);
    return v;
  };

  const passwords = new Map<string, string>();
  for (const l of demo.demoLogins) passwords.set(l.personKey, await hashSecret(l.password));
  // The demo logins' SIP password is their demo password, stored as HA1 for the tenant's realm.
  const sipPasswords = new Map(demo.demoLogins.map((l) => [l.personKey, l.password]));

  await db.transaction().execute(async (trx: Kysely<Database>) => {
    // Parents before children; receptions after their functions exist.
    for (const u of demo.units) {
      await trx.insertInto('units').values({
        id: id(unitId, u.key), tenant_id: t, parent_id: u.parentKey ? id(unitId, u.parentKey) : null, name: u.name, kind: u.kind,
        // P-HRS-1: a unit's own phone hours, with the municipality's half days.
        phone_hours_json: u.phoneHours
          ? JSON.stringify({ weekly: u.phoneHours.weekly, halfDays: valdemarsvik.workingHours.halfDays, closedOnSundayLikeEves: true, exceptions: [] })
          : null, reception_function_id: null,
      }).execute();
    }
    for (const f of demo.functions) {
      await trx.insertInto('functions').values({
        id: id(functionId, f.key), tenant_id: t, unit_id: id(unitId, f.unitKey), name: f.name, extension: f.extension,
        direct_number: e164(f.directNumber), ring_strategy: f.ringStrategy,
        overflow_json: f.overflowFunctionKey ? JSON.stringify({ kind: 'function', functionId: id(functionId, f.overflowFunctionKey) }) : null,
      }).execute();
    }
    for (const u of demo.units) {
      if (u.receptionFunctionKey) {
        await trx.updateTable('units').set({ reception_function_id: id(functionId, u.receptionFunctionKey) }).where('id', '=', id(unitId, u.key)).execute();
      }
    }
    for (const p of demo.people) {
      await trx.insertInto('people').values({
        id: id(personId, p.key), tenant_id: t, first_name: p.firstName, last_name: p.lastName, title: p.title, unit_id: id(unitId, p.unitKey),
        extension: p.extension, direct_number: e164(p.directNumber), mobile_number: e164(p.mobileNumber), mobile_extension: p.mobileExtension ? 1 : 0,
        email: p.email.toLowerCase(), matters_json: JSON.stringify(p.matters), manager_id: null, role: p.role, elected_member: p.electedMember ? 1 : 0,
        created_at: at, updated_at: at, deactivated_at: null,
      }).execute();
      const hash = passwords.get(p.key);
      const sipPassword = sipPasswords.get(p.key);
      const sipHa1 = sipPassword && p.extension ? sipHa1Json(p.extension, sipDomainOf(tenant.slug), sipPassword) : null;
      if (hash) await trx.insertInto('credentials').values({ person_id: id(personId, p.key), tenant_id: t, password_hash: hash, pin_hash: null, sip_ha1_json: sipHa1, updated_at: at }).execute();
    }
    for (const p of demo.people) {
      if (p.managerKey) await trx.updateTable('people').set({ manager_id: id(personId, p.managerKey) }).where('id', '=', id(personId, p.key)).execute();
    }
    for (const f of demo.functions) {
      let position = 0;
      for (const m of f.memberKeys) {
        await trx.insertInto('function_members').values({ tenant_id: t, function_id: id(functionId, f.key), person_id: id(personId, m), position: position++ }).execute();
      }
    }
    const target = (d: DemoDiversionTarget): DiversionTarget =>
      d.kind === 'person' ? { kind: 'person', personId: id(personId, d.personKey) }
      : d.kind === 'function' ? { kind: 'function', functionId: id(functionId, d.functionKey) }
      : { kind: d.kind };
    for (const a of demo.absences) {
      const r = a.recurrence;
      await trx.insertInto('absences').values({
        id: newId(), tenant_id: t, person_id: id(personId, a.personKey), reason: a.reason,
        starts_at: toIso(demoInstant(a.start)), ends_at: toIso(demoInstant(a.end)), target_json: JSON.stringify(target(a.target)), note: null,
        recurrence_json: r ? JSON.stringify({ weekdays: r.weekdays as IsoWeekday[], startTime: r.startTime, endTime: r.endTime, from: r.from, ...(r.until ? { until: r.until } : {}) }) : null,
        exceptions_json: null, created_by: id(personId, a.createdByKey), created_at: at, updated_at: at, cancelled_at: null,
      }).execute();
    }
  });

  for (const c of demo.callbacks) {
    const receivedAt = demoInstant(c.received);
    if (Temporal.Instant.compare(receivedAt, now) > 0) continue;
    await ctx.callbacks.takeMessage(null, t, id(personId, c.forPersonKey), {
      caller: { name: c.callerName, number: c.callerNumber, ...(c.callerEmail ? { email: c.callerEmail } : {}) },
      concerns: c.subject,
      source: c.source,
      receivedAt,
      ...(c.takenByKey ? { takenBy: id(personId, c.takenByKey) } : {}),
    });
  }
  return { created: true, logins };
}
