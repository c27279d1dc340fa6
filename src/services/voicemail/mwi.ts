// Message-waiting indication wired to voicemail: the SIP side (src/sip/mwi) reads a box's
// counts from the store and is told about every change through the bus, so a message left,
// heard or deleted through any path (phone, web, another app server) lights or clears the
// lamp on every phone subscribed to the box.
import type { AppContext } from '../../http/context.js';
import { MwiService, type MwiSettings } from '../../sip/mwi/index.js';
import type { SipAuthenticator } from '../../sip/registrar/authenticator.js';
import type { SipTenant } from '../../sip/registrar/domains.js';
import type { SipEndpoint } from '../../sip/transaction/index.js';
import { VoicemailBoxes } from './boxes.js';

/** What MWI needs of the running SIP service (SipService has all three). */
export interface SipParts {
  endpoint: SipEndpoint;
  auth: SipAuthenticator;
  registrar: { tenantFor(host: string): Promise<SipTenant | undefined> };
}

/**
 * An MwiService on the SIP service's endpoint, fed by the bus. The SIP router hands it
 * SUBSCRIBE requests (`handleSubscribe`) and requests within its dialogs (`handleInDialog`,
 * asked before the call core). `stop()` unsubscribes from the bus and ends the subscriptions.
 */
export function startMwi(ctx: AppContext, sip: SipParts, options: { settings?: Partial<MwiSettings>; log?: (event: string, data: Record<string, unknown>) => void } = {}): { mwi: MwiService; stop(): void } {
  const boxes = new VoicemailBoxes(ctx);
  const mwi = new MwiService({
    endpoint: sip.endpoint,
    auth: sip.auth,
    tenantFor: (host) => sip.registrar.tenantFor(host),
    summary: (tenantId, personId) => boxes.summary(tenantId, personId),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const unsubscribe = ctx.bus.subscribe((e) => {
    if (e.type.startsWith('voicemail.') && 'box' in e && e.box.kind === 'person' && e.box.personId) mwi.notifyBox(e.audience.tenantId, e.box.personId);
  });
  // A message left through another app server may have been missed: every phone is told again.
  const unsubscribeGap = ctx.bus.onGap(() => mwi.notifyAll());
  return {
    mwi,
    stop() {
      unsubscribe();
      unsubscribeGap();
      mwi.close();
    },
  };
}
