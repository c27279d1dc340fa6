// `npm run backup -- <file>` and `npm run restore -- <file>` (docs/operations.md).
// The store is chosen as the server chooses it (src/config.ts): DATABASE_URL for
// PostgreSQL, else the SQLite file in OV_DATA_DIR (default ./data).
import { loadConfig } from '../config.js';
import { DomainError } from '../core/errors.js';
import { backupStore, restoreStore } from './backup.js';

const USAGE = `Användning / usage:
  npm run backup -- <fil>     säkerhetskopiera databasen (servern kan vara igång)
  npm run restore -- <fil>    återställ från en säkerhetskopia (stoppa servern först)
Miljö / environment: DATABASE_URL (PostgreSQL) eller OV_DATA_DIR (SQLite, standard ./data)`;

async function main(argv: string[]): Promise<number> {
  const [command, file, ...rest] = argv;
  if ((command !== 'backup' && command !== 'restore') || !file || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const options = { dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) };
  if (command === 'backup') {
    const r = await backupStore(options, file);
    console.log(`Säkerhetskopia klar / backup written (${r.dialect}): ${r.file} (${r.bytes} bytes)`);
  } else {
    const r = await restoreStore(options, file);
    console.log(`Återställd / restored (${r.dialect}) from ${r.file}`);
    if (r.previous) console.log(`Den ersatta databasen finns kvar / the replaced database was kept as ${r.previous}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof DomainError) {
      for (const p of e.problems) console.error(`${p.sv}\n  (${p.en})`);
    } else {
      console.error(e instanceof Error ? e.message : e);
    }
    process.exitCode = 1;
  },
);
