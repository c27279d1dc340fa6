// Ids are made by the application, not the database, so that both dialects store the same
// text and a row's id is known before it is inserted (docs/operations.md, "Portability").
import { randomUUID } from 'node:crypto';

/** A new random id (UUID version 4, lower-case text). */
export function newId(): string {
  return randomUUID();
}
