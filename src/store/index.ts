// The store's public face: import from here ('../store/index.js').
export { openStore, sqlitePath, redactUrl, DEFAULT_DATA_DIR, SQLITE_FILE_NAME, type Store, type StoreOptions, type StoreDialect } from './store.js';
export { backupStore, restoreStore, type BackupResult, type RestoreResult } from './backup.js';
export { migrateToLatest, MIGRATION_NAMES } from './migrations/index.js';
export { toIso, fromIso, toIsoOrNull, fromIsoOrNull, toFlag, fromFlag, toJson, fromJson, normalizeEmail } from './codec.js';
export { newId } from './ids.js';
export type * from './schema.js';
