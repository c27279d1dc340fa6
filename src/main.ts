// The embedded server: one process with HTTP (API, public hours, events), SIP and the store.
// `npm start` runs this; with no configuration it creates the demo municipality.
import { loadConfig } from './config.js';
import { openStore } from './store/index.js';
import { buildServer } from './http/server.js';
import { createContext } from './app.js';
import { loadDemoIfEmpty } from './services/tenants/demo-loader.js';
import { startHousekeeping } from './services/housekeeping.js';
import { SipService } from './sip/server.js';
import { NameClips } from './services/prompts/name-clips.js';
import * as ivr from './calls/ivr/index.js';
import { VoicemailService } from './services/voicemail/service.js';
import { startMwi } from './services/voicemail/mwi.js';
import type { MwiService } from './sip/mwi/index.js';
import { PgEventBridge } from './events/pg-bridge.js';
import { Leadership } from './store/leadership.js';

async function main() {
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
  const ctx = createContext(config, store);
  const demo = config.demo ? await loadDemoIfEmpty(ctx) : null;
  const app = await buildServer(ctx, { logger: true });
  // At scale (PostgreSQL), the bus crosses app servers through LISTEN/NOTIFY (src/events/pg-bridge.ts).
  const bridge = store.dialect === 'postgres' && config.databaseUrl
    ? await PgEventBridge.start({ bus: ctx.bus, db: store.db, databaseUrl: config.databaseUrl, log: (event, data) => app.log.warn(data, event) })
    : null;
  await app.listen({ host: config.httpHost, port: config.httpPort });
  const stopHousekeeping = startHousekeeping(ctx, app.log);
  // Callers hear names rather than extensions where espeak-ng is installed (in the background).
  const nameClips = new NameClips(ctx, (msg, err) => app.log.warn({ err }, msg));
  nameClips.start();
  for (const t of await ctx.tenants.all()) void nameClips.renderMissing(t.id);
  // Voicemail (P-VM-1): messages a crash cut short are completed before calls are taken.
  const prompts = await ctx.prompts.library(); // one library: an upload is heard on the next call
  const voicemail = new VoicemailService(ctx, { prompts, log: (msg, data) => app.log.info(data ?? {}, msg) });
  await voicemail.recover();
  const late: { mwi?: MwiService } = {};
  const sip = await SipService.start({
    host: config.sipHost, port: config.sipPort, db: store.db, tenants: ctx.tenants, now: () => ctx.clock.now(),
    ...(config.sipDefaultTenant ? { defaultTenant: config.sipDefaultTenant } : {}),
    ...(config.sipNonceSecret ? { nonceSecret: config.sipNonceSecret } : {}),
    edgeProxies: config.sipEdgeProxies,
    log: (event, data) => app.log.info(data, event),
    // RFC 3842: phones' message lamps (MWI) subscribe to their voicemail box.
    onSubscribe: (tx) => {
      if (!late.mwi) return tx.respond(tx.createResponse(503));
      late.mwi.handleSubscribe(tx).catch((err: unknown) => {
        app.log.warn({ err }, 'mwi subscribe failed');
        if (tx.awaitingAnswer) tx.respond(tx.createResponse(500));
      });
    },
    // Subscription refreshes and un-SUBSCRIBEs arrive within the subscription's dialog.
    onInDialog: (tx) => late.mwi?.handleInDialog(tx) ?? false,
    // Call control: plans carried out with media anchored on OV_MEDIA_HOST, ports in OV_RTP_PORTS.
    calls: { ctx, ivr, prompts, ports: { trunk: ctx.trunks, callRecords: ctx.callRecords, queue: ctx.switchboard, console: ctx.operatorConsole, voicemail } },
  });
  const messageWaiting = startMwi(ctx, sip, { log: (event, data) => app.log.info(data, event) });
  late.mwi = messageWaiting.mwi;
  // Trunks in mode 'register' register with their operator (src/trunk/README.md). At scale,
  // one app server does it (one account, one binding): the holder of a PostgreSQL advisory
  // lock, with another taking over when it stops or loses the database.
  const registrations = { log: (event: string, data: Record<string, unknown>) => app.log.info(data, event) };
  const trunkLeader = store.dialect === 'postgres' && config.databaseUrl
    ? await Leadership.start({
      databaseUrl: config.databaseUrl, job: 'trunk-registrations', log: registrations.log,
      lead: () => ctx.trunks.startRegistrations(sip.endpoint, registrations),
      yield: () => ctx.trunks.stopRegistrations(),
    })
    : null;
  if (!trunkLeader) await ctx.trunks.startRegistrations(sip.endpoint, registrations);

  const lines = [
    '',
    `Öppen Växel is running: ${config.publicUrl}`,
    `  store: ${store.dialect} (${store.location})${bridge ? ', events shared with other app servers (LISTEN/NOTIFY)' : ''}`,
    `  API description: ${config.publicUrl}/api/openapi.json`,
  ];
  const tenants = await store.db.selectFrom('tenants').select(['slug', 'name']).execute();
  for (const t of tenants) lines.push(`  ${t.name}: public hours ${config.publicUrl}/public/${t.slug}/hours.json and .html`);
  if (demo) {
    lines.push(demo.created ? '  Demo municipality created.' : '  Demo municipality loaded from the store.');
    lines.push('  Demo logins (e-mail or extension, password):');
    for (const l of demo.logins) lines.push(`    ${l.role.padEnd(9)} ${l.email.padEnd(40)} ankn ${l.extension}  ${l.password}`);
  }
  const sipShown = config.sipHost === '0.0.0.0' || config.sipHost === '::' ? '<this host>' : config.sipHost;
  const example = (demo?.logins.find((l) => l.role === 'employee') ?? demo?.logins[0])?.extension ?? '<extension>';
  lines.push(`  SIP: udp/tcp ${sipShown}:${sip.port}, register as sip:${example}@${sipShown}${sip.port === 5060 ? '' : `:${sip.port}`} with the demo password (src/sip/README.md)`);
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    stopHousekeeping();
    nameClips.stop();
    messageWaiting.stop();
    await (trunkLeader ? trunkLeader.stop() : ctx.trunks.stopRegistrations());
    await sip.stop();
    await voicemail.idle();
    await bridge?.stop();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('Öppen Växel could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
