// For tests and benches of the operator console: a SIP service on 127.0.0.1 whose call control
// has the switchboard queue, the call records and the console wired (as main.ts does), RTP in
// a private port range, short IVR timeouts, and SIP passwords for people in the store.
import * as ivr from '../ivr/index.js';
import { testPortPool } from '../../media/testing.js';
import type { AppContext } from '../../http/context.js';
import type { PromptLibrary } from '../../prompts/library.js';
import { sipHa1Json } from '../../sip/registrar/credentials.js';
import { sipDomainOf } from '../../sip/registrar/domains.js';
import { SipService } from '../../sip/server.js';
import type { TrunkPort, VoicemailPort } from '../ports.js';

export interface ConsoleSipOptions {
  port: number;
  /** Calls to an unknown domain (127.0.0.1) belong to this municipality. */
  tenantSlug: string;
  trunk?: TrunkPort;
  voicemail?: VoicemailPort;
  prompts?: PromptLibrary;
  /** A phone silent this long is taken as gone (default 60 s). */
  rtpTimeoutMs?: number;
  log?: (event: string, data: Record<string, unknown>) => void;
}

export function startConsoleSip(ctx: AppContext, opts: ConsoleSipOptions): Promise<SipService> {
  return SipService.start({
    host: '127.0.0.1', port: opts.port, db: ctx.store.db, tenants: ctx.tenants, now: () => ctx.clock.now(), defaultTenant: opts.tenantSlug,
    ...(opts.log ? { log: opts.log } : {}),
    calls: {
      ctx, ivr,
      media: { bindHost: '127.0.0.1', announce: '127.0.0.1', ports: testPortPool(400) },
      ivrTiming: { firstDigitMs: 1500, interDigitMs: 1000, menuChoiceMs: 1500, positionEveryMs: 30_000 },
      ...(opts.prompts ? { prompts: opts.prompts } : {}),
      ...(opts.rtpTimeoutMs !== undefined ? { rtpTimeoutMs: opts.rtpTimeoutMs } : {}),
      ports: {
        callRecords: ctx.callRecords, queue: ctx.switchboard, console: ctx.operatorConsole,
        ...(opts.trunk ? { trunk: opts.trunk } : {}), ...(opts.voicemail ? { voicemail: opts.voicemail } : {}),
      },
    },
  });
}

/** Lets a person's phone register with `password` (the digest HA1s the registrar checks). */
export async function setSipPassword(ctx: AppContext, tenantSlug: string, person: { id: string; extension: string }, password: string): Promise<void> {
  await ctx.store.db.updateTable('credentials').set({ sip_ha1_json: sipHa1Json(person.extension, sipDomainOf(tenantSlug), password) }).where('person_id', '=', person.id).execute();
}

/** A phone a test drives over its control port (test/support/baresip.ts). */
export interface ControlledPhone {
  command(command: string, params?: string): Promise<{ ok: boolean; data?: string }>;
}

/** Dials; once more after a moment when the phone refuses (baresip can, just after registering). */
export async function dialFrom(phone: ControlledPhone, to: string): Promise<void> {
  let r = await phone.command('dial', to);
  if (!r.ok) {
    await new Promise((res) => setTimeout(res, 500));
    r = await phone.command('dial', to);
  }
  if (!r.ok) throw new Error(`dial ${to} refused: ${r.data ?? ''}`);
}

/** The account line of a baresip phone that registers as `extension` with our SIP service on 127.0.0.1. */
export function phoneAccount(extension: string, sipPort: number, password: string, answer: 'auto' | 'manual'): string {
  return `<sip:${extension}@127.0.0.1:${sipPort};transport=udp>;auth_pass=${password};regint=60;answermode=${answer};audio_codecs=PCMU`;
}
