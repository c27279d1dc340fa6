// Every action on someone else's behalf is audited: who, when, for whom (P-DIV-7, P-DIV-8).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';

import type { Instant } from '../../core/time.js';
import { newId, toIso } from '../../store/index.js';
import type { Actor } from '../../http/context.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  /** The person the action concerns, when it is not the actor. */
  onBehalfOf?: string | null;
  detail?: Record<string, unknown>;
}

export async function audit(db: Kysely<Database> | Transaction<Database>, actor: Actor | null, tenantId: string, at: Instant, e: AuditEntry) {
  await db.insertInto('audit_log').values({
    id: newId(),
    tenant_id: tenantId,
    at: toIso(at),
    actor_id: actor?.id ?? null,
    actor_kind: actor?.kind ?? 'system',
    on_behalf_of: e.onBehalfOf ?? null,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId ?? null,
    detail_json: JSON.stringify(e.detail ?? {}),
  }).execute();
}

