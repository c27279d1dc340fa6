// Who is behind an extension, and their SIP digest HA1s (stored by computeHA1 when the
// SIP password is set; never the password itself).
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import type { BaseAlgorithm } from '../auth/index.js';

export interface SipPerson {
  id: string;
  tenantId: string;
  extension: string;
  displayName: string;
  /** HA1 per base algorithm, as stored in credentials.sip_ha1_json. */
  ha1: Partial<Record<BaseAlgorithm, string>>;
}

/** The active person with this extension, with HA1s (empty when no SIP password is set). */
export async function findSipPerson(db: Kysely<Database>, tenantId: string, extension: string): Promise<SipPerson | undefined> {
  const row = await db
    .selectFrom('people')
    .leftJoin('credentials', 'credentials.person_id', 'people.id')
    .select(['people.id', 'people.tenant_id', 'people.extension', 'people.first_name', 'people.last_name', 'credentials.sip_ha1_json'])
    .where('people.tenant_id', '=', tenantId)
    .where('people.extension', '=', extension)
    // Deactivated people cannot register or call (their phone is refused like an unknown one).
    .where('people.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.extension === null) return undefined;
  let ha1: SipPerson['ha1'] = {};
  if (row.sip_ha1_json) {
    try {
      ha1 = JSON.parse(row.sip_ha1_json) as SipPerson['ha1'];
    } catch {
      ha1 = {};
    }
  }
  return { id: row.id, tenantId: row.tenant_id, extension: row.extension, displayName: `${row.first_name} ${row.last_name}`, ha1 };
}
