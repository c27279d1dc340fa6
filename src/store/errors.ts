// Constraint violations look different in SQLite and PostgreSQL; callers (the HTTP layer,
// importers) need one answer: which kind of rule did the row break, and which constraint.
export type ConstraintKind = 'unique' | 'foreign-key' | 'check' | 'not-null';

export interface ConstraintViolation {
  kind: ConstraintKind;
  /**
   * PostgreSQL: the constraint's name (e.g. 'people_extension_uq'). SQLite names CHECK
   * constraints only; for UNIQUE it gives the columns ('people.tenant_id, people.extension').
   */
  detail: string;
}

// SQLSTATE class 23, integrity constraint violation (PostgreSQL appendix A).
const PG_CODES: Record<string, ConstraintKind> = { '23505': 'unique', '23503': 'foreign-key', '23514': 'check', '23502': 'not-null' };
const SQLITE_CODES: Record<string, ConstraintKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not-null',
};

/** The constraint an error from either driver reports, or null for any other error. */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (typeof e.code !== 'string') return null;
  const pgKind = PG_CODES[e.code];
  if (pgKind) return { kind: pgKind, detail: typeof e.constraint === 'string' ? e.constraint : '' };
  const sqliteKind = SQLITE_CODES[e.code];
  if (sqliteKind) {
    // "UNIQUE constraint failed: people.tenant_id, people.extension"
    const message = typeof e.message === 'string' ? e.message : '';
    return { kind: sqliteKind, detail: message.replace(/^.*constraint failed:?\s*/i, '') };
  }
  return null;
}
