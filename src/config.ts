// Configuration from the environment. The embedded default needs none of it.
import path from 'node:path';

export interface Config {
  /** HTTP listen address and port (API, web apps, public hours). */
  httpHost: string;
  httpPort: number;
  /** Public base URL, used in printed links and e-mails. */
  publicUrl: string;
  /** Folder for the SQLite file and recordings. */
  dataDir: string;
  /** PostgreSQL connection string; when set, PostgreSQL is the store instead of SQLite. */
  databaseUrl: string | undefined;
  /** Cookies get the Secure flag: set when served over TLS or behind a TLS proxy. */
  secureCookies: boolean;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
  /** Create the demo municipality when the store has no municipality yet. */
  demo: boolean;
  logLevel: string;
  /** Session lifetime in hours. */
  sessionHours: number;
  /** SIP listen address and port, for both UDP and TCP (src/sip/server.ts). */
  sipHost: string;
  sipPort: number;
  /** Tenant slug for SIP requests to an IP address or an unknown domain (default: the only tenant). */
  sipDefaultTenant: string | undefined;
  /** HMAC key for digest nonces, shared by app servers behind one edge; random per process when unset. */
  sipNonceSecret: string | undefined;
  /** Addresses of SIP edge proxies (Kamailio) in front of this server: never locked out as a whole. */
  sipEdgeProxies: string[];
  /** SMTP server for voicemail e-mails (P-VM-1, P-CB-1), e.g. smtp://127.0.0.1:2525; unset: no e-mail. */
  smtpUrl: string | undefined;
  /** The From address of e-mails the system sends. */
  mailFrom: string;
  /** Address our RTP sockets bind to and SDP announces (default: the SIP host; a wildcard bind announces the SIP address). */
  mediaHost: string;
  /** RTP port range: even ports for RTP, the odd one above each for RTCP (default 20000-29999). */
  rtpPorts: { min: number; max: number };
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function portRange(name: string, value: string | undefined, fallback: { min: number; max: number }): { min: number; max: number } {
  if (value === undefined || value === '') return fallback;
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(value);
  const min = Number(m?.[1]);
  const max = Number(m?.[2]);
  // At least one even/odd pair (RTP and RTCP), inside the unprivileged ports.
  if (!m || min < 1024 || max > 65535 || min + (min % 2) + 1 > max) throw new Error(`${name} must be a range such as 20000-29999, got "${value}"`);
  return { min, max };
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return /^(1|true|yes|on)$/i.test(value);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const httpHost = env.OV_HTTP_HOST ?? '127.0.0.1';
  const httpPort = int('OV_HTTP_PORT', env.OV_HTTP_PORT, 8080);
  const shownHost = httpHost === '0.0.0.0' || httpHost === '::' ? 'localhost' : httpHost;
  return {
    httpHost,
    httpPort,
    publicUrl: env.OV_PUBLIC_URL ?? `http://${shownHost}:${httpPort}`,
    dataDir: path.resolve(env.OV_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    secureCookies: bool(env.OV_SECURE_COOKIES, (env.OV_PUBLIC_URL ?? '').startsWith('https:')),
    trustProxy: bool(env.OV_TRUST_PROXY, false),
    demo: bool(env.OV_DEMO, true),
    logLevel: env.OV_LOG_LEVEL ?? 'info',
    sessionHours: int('OV_SESSION_HOURS', env.OV_SESSION_HOURS, 12),
    sipHost: env.OV_SIP_HOST || '127.0.0.1',
    sipPort: int('OV_SIP_PORT', env.OV_SIP_PORT, 5060),
    sipDefaultTenant: env.OV_SIP_DEFAULT_TENANT || undefined,
    sipNonceSecret: env.OV_SIP_NONCE_SECRET || undefined,
    sipEdgeProxies: (env.OV_SIP_EDGE_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    smtpUrl: env.OV_SMTP_URL || undefined,
    mailFrom: env.OV_MAIL_FROM || 'Öppen Växel <noreply@localhost>',
    mediaHost: env.OV_MEDIA_HOST || env.OV_SIP_HOST || '127.0.0.1',
    rtpPorts: portRange('OV_RTP_PORTS', env.OV_RTP_PORTS, { min: 20000, max: 29999 }),
  };
}
