// What a migration is in this project: forward only (no `down`: a release never undoes a
// schema change; a mistake is mended by the next migration), and told the dialect for the
// rare statement that cannot be written the same way for both (docs/operations.md).
import type { Kysely } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

export interface StoreMigration {
  /**
   * Migrations see an untyped database: they describe the schema as it was when they were
   * written, so they must never import the current table types (schema.ts).
   */
  up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void>;
}
