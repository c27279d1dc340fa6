// Municipalities of an installation, from the command line:
//   npm run tenant -- list
//   npm run tenant -- add <profile>      (valdemarsvik, vara, nvk, fagersta, karlsborg)
//   npm run tenant -- admin <slug> <e-mail> <first name> <last name>
//                                         (creates an admin; the password is read from OV_ADMIN_PASSWORD)
// Each municipality is fully isolated: its own people, absences, messages and settings.
import { loadConfig } from '../config.js';
import { openStore, newId, toIso, normalizeEmail } from '../store/index.js';
import { createContext } from '../app.js';
import { PROFILES, profileById } from '../core/policy/index.js';
import { hashSecret } from '../auth/secrets.js';
import { DomainError } from '../core/errors.js';

async function main(args: string[]) {
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
  const ctx = createContext(config, store);
  try {
    const [command, ...rest] = args;
    if (command === 'list') {
      for (const t of await ctx.tenants.all()) console.log(`${t.slug}\t${t.name}`);
    } else if (command === 'add' && rest[0]) {
      const profile = profileById(rest[0]);
      if (!profile) throw new Error(`unknown profile "${rest[0]}"; choose one of ${PROFILES.map((p) => p.id).join(', ')}`);
      const t = await ctx.tenants.create(structuredClone(profile), ctx.clock.now());
      console.log(`created ${t.name} (${t.slug})`);
    } else if (command === 'admin' && rest.length === 4) {
      const [slug, email, first, last] = rest as [string, string, string, string];
      const password = process.env.OV_ADMIN_PASSWORD;
      if (!password || password.length < 10) throw new Error('set OV_ADMIN_PASSWORD (at least 10 characters)');
      const t = await ctx.tenants.bySlug(slug);
      if (!t) throw new Error(`no municipality "${slug}"`);
      const now = toIso(ctx.clock.now());
      const id = newId();
      await store.db.insertInto('people').values({
        id, tenant_id: t.id, first_name: first, last_name: last, title: 'Administratör', unit_id: null, extension: null, direct_number: null,
        mobile_number: null, email: normalizeEmail(email), manager_id: null, role: 'admin', created_at: now, updated_at: now, deactivated_at: null,
        voicemail_exception_by: null, voicemail_exception_at: null,
      }).execute();
      await store.db.insertInto('credentials').values({ person_id: id, tenant_id: t.id, password_hash: await hashSecret(password), pin_hash: null, updated_at: now }).execute();
      console.log(`admin ${email} created in ${t.name}`);
    } else {
      console.log('usage: npm run tenant -- list | add <profile> | admin <slug> <e-mail> <first name> <last name>');
      process.exitCode = 2;
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof DomainError ? e.problems.map((p) => p.en).join('\n') : e instanceof Error ? e.message : e);
  process.exit(1);
});
