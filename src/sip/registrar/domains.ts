// Which municipality a SIP request is for. Each tenant has one SIP domain, `<slug>.sip`
// (e.g. `valdemarsvik.sip`), which is also its digest realm, so a stored HA1 stays valid
// whatever address a phone uses to reach us. A request to an IP address or to a domain we
// do not know goes to the configured default tenant, else to the installation's only one.
import { isIpLiteral } from '../transport/index.js';

export const SIP_DOMAIN_SUFFIX = '.sip';

/** The SIP domain (and digest realm) of a tenant. */
export function sipDomainOf(slug: string): string {
  return `${slug.toLowerCase()}${SIP_DOMAIN_SUFFIX}`;
}

export interface SipTenant {
  id: string;
  slug: string;
  /** `<slug>.sip`: the AoR domain and the digest realm (RFC 3261 22.1). */
  realm: string;
}

export interface TenantSource {
  all(): Promise<{ id: string; slug: string }[]>;
}

/**
 * Resolves a request's host to a tenant: its own SIP domain first; otherwise (an IP
 * literal, or a name we do not serve) the default tenant by slug, or the only tenant.
 * Undefined when none applies: the caller answers 404 (the domain is not ours).
 */
export async function resolveTenant(host: string, tenants: TenantSource, defaultSlug?: string): Promise<SipTenant | undefined> {
  const all = await tenants.all();
  const h = host.toLowerCase();
  const own = all.find((t) => sipDomainOf(t.slug) === h);
  const chosen = own
    ?? (defaultSlug ? all.find((t) => t.slug === defaultSlug.toLowerCase()) : undefined)
    ?? (all.length === 1 ? all[0] : undefined);
  if (!chosen) return undefined;
  // An unknown name with several tenants and no default is not guessed at.
  if (!own && !isIpLiteral(h) && !defaultSlug && all.length !== 1) return undefined;
  return { id: chosen.id, slug: chosen.slug, realm: sipDomainOf(chosen.slug) };
}
