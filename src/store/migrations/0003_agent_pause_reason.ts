// The reason an operator gave for a pause ("Lunch", "Möte") is kept with their state, so that
// after a restart the console and the other operators still see why a colleague is away.
import type { Kysely } from 'kysely';
import type { StoreDialect } from './migration.js';

export async function up(db: Kysely<unknown>, _dialect: StoreDialect): Promise<void> {
  await db.schema.alterTable('switchboard_agents').addColumn('pause_reason', 'text').execute();
}
