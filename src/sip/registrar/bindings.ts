// Registrar bindings in the sip_bindings table (RFC 3261 10.3): one row per contact of an
// address of record, with its expiry, the Call-ID/CSeq that last refreshed it and where the
// REGISTER came from (the phone's flow, for NAT).
import type { Kysely } from 'kysely';
import { fromIso, newId, toIso, type Database, type SipBindingRow } from '../../store/index.js';
import type { Instant } from '../../core/time.js';
import { parseUri, readNameAddress } from '../message/index.js';
import { parseTarget, type Target, targetFromUri } from '../transport/index.js';

/** What a binding holds, read or written. */
interface BindingFields {
  personId: string;
  aor: string;
  contact: string;
  instanceId: string | null;
  expiresAt: Instant;
  callId: string;
  cseq: number;
  transport: string;
  userAgent: string | null;
  /**
   * The REGISTER's Path (RFC 3327 5.3), outermost proxy first: requests to this contact carry
   * it as Route headers and go to its first URI. Empty when the phone registered directly.
   */
  path: string[];
}

export interface Binding extends BindingFields {
  id: string;
  /** Where requests to this contact go: the REGISTER's source (RFC 3581 flow). */
  target: Target | undefined;
}

function toBinding(row: SipBindingRow): Binding {
  const path = readPath(row.path_json);
  let target: Target | undefined;
  // RFC 3327 5.3: with a Path, the request goes to the first proxy of the path, not the phone.
  const first = path[0] === undefined ? undefined : readNameAddress(path[0]);
  if (first && typeof first !== 'string') {
    const t = targetFromUri(first.uri);
    if (t.ok) target = t.value;
  }
  if (!target && row.received) {
    const t = parseTarget(row.received);
    if (t.ok) target = t.value;
  }
  if (!target) {
    const uri = parseUri(row.contact);
    const t = uri.ok ? targetFromUri(uri.value) : undefined;
    if (t?.ok) target = t.value;
  }
  return {
    id: row.id, personId: row.person_id, aor: row.aor, contact: row.contact, instanceId: row.instance_id,
    expiresAt: fromIso(row.expires_at), callId: row.call_id, cseq: row.cseq, target, transport: row.transport, userAgent: row.user_agent, path,
  };
}

function readPath(json: string | null): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export interface BindingWrite extends BindingFields {
  /** formatTarget of the source, stored only when it differs from the contact's own target. */
  received: string | null;
}

export class BindingStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Live bindings of an AoR (expired ones are ignored; `purge` removes them). */
  async live(tenantId: string, aor: string, now: Instant): Promise<Binding[]> {
    const rows = await this.db.selectFrom('sip_bindings').selectAll()
      .where('tenant_id', '=', tenantId).where('aor', '=', aor).where('expires_at', '>', toIso(now))
      .orderBy('updated_at', 'desc').execute();
    return rows.map(toBinding);
  }

  /** Live bindings of a person (every AoR): where calls to them go. */
  async liveForPerson(tenantId: string, personId: string, now: Instant): Promise<Binding[]> {
    const rows = await this.db.selectFrom('sip_bindings').selectAll()
      .where('tenant_id', '=', tenantId).where('person_id', '=', personId).where('expires_at', '>', toIso(now))
      .orderBy('updated_at', 'desc').execute();
    return rows.map(toBinding);
  }

  async upsert(tenantId: string, existingId: string | undefined, w: BindingWrite, now: Instant): Promise<void> {
    const values = {
      person_id: w.personId, aor: w.aor, contact: w.contact, instance_id: w.instanceId, expires_at: toIso(w.expiresAt),
      call_id: w.callId, cseq: w.cseq, received: w.received, transport: w.transport, user_agent: w.userAgent,
      path_json: w.path.length > 0 ? JSON.stringify(w.path) : null, updated_at: toIso(now),
    };
    if (existingId) await this.db.updateTable('sip_bindings').set(values).where('id', '=', existingId).execute();
    else await this.db.insertInto('sip_bindings').values({ id: newId(), tenant_id: tenantId, ...values }).execute();
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.db.deleteFrom('sip_bindings').where('id', 'in', ids).execute();
  }

  /** Deletes the expired bindings of an AoR, or of everyone; returns how many. */
  async purge(now: Instant, where?: { tenantId: string; aor: string }): Promise<number> {
    let q = this.db.deleteFrom('sip_bindings').where('expires_at', '<=', toIso(now));
    if (where) q = q.where('tenant_id', '=', where.tenantId).where('aor', '=', where.aor);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
