// Interoperability with an independent SIP digest client: SIPp (Debian package sip-tester)
// registers over UDP on loopback to a bare responder that uses DigestServer. The responder
// knows just enough SIP to answer REGISTER; the real registrar lives elsewhere. Skipped
// where sipp is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeHA1, type BaseAlgorithm, type DigestAlgorithm } from './algorithms.js';
import { DigestServer, type LookupHA1 } from './server.js';

const REALM = 'vaxel.kommun.se';
const PASSWORD = 'hemligt-1001';

function sippAvailable(): boolean {
  try {
    execFileSync('sipp', ['-v'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    // sipp -v exits non-zero but runs; only a missing binary is ENOENT.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** One REGISTER of the scenario; SIPp fills the [bracketed] keywords. */
function register(cseq: number, extra: string): string {
  return `  <send retrans="500">
    <![CDATA[
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:1001@${REALM}>;tag=[pid]SIPpTag00[call_number]
To: <sip:1001@${REALM}>
Call-ID: [call_id]
CSeq: ${cseq} REGISTER
Contact: <sip:1001@[local_ip]:[local_port]>
User-Agent: SIPp
Max-Forwards: 70
Expires: 60${extra}
Content-Length: 0

    ]]>
  </send>`;
}

const SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register with digest">
${register(1, '')}
  <recv response="401" auth="true"/>
${register(2, `\n[authentication username=1001 password=${PASSWORD}]`)}
  <recv response="200"/>
</scenario>
`;

const stored: Record<BaseAlgorithm, string> = {
  MD5: computeHA1('MD5', '1001', REALM, PASSWORD),
  'SHA-256': computeHA1('SHA-256', '1001', REALM, PASSWORD),
  'SHA-512-256': computeHA1('SHA-512-256', '1001', REALM, PASSWORD),
};
const lookupHA1: LookupHA1 = (user, realm, algorithm) => (user === '1001' && realm === REALM ? stored[algorithm] : undefined);

/** Header lines of one name (case-insensitive), from an unfolded SIP message. */
function headerValues(lines: string[], name: string): string[] {
  const prefix = `${name.toLowerCase()}:`;
  return lines.filter((l) => l.toLowerCase().startsWith(prefix)).map((l) => l.slice(prefix.length).trim());
}

function responder(digest: DigestServer, seen: string[]): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    const lines = msg.toString('utf8').split('\r\n\r\n')[0]?.split('\r\n') ?? [];
    const [method, uri] = (lines[0] ?? '').split(' ');
    if (method !== 'REGISTER' || uri === undefined) return;
    const now = Date.now();
    const outcome = digest.verify({ method, uri, credentialsHeader: headerValues(lines, 'Authorization'), lookupHA1, now });
    seen.push(outcome.ok ? `ok ${outcome.user} ${outcome.algorithm}` : outcome.reason);
    const copied = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].flatMap((h) => headerValues(lines, h).map((v) => `${h}: ${h === 'To' ? `${v};tag=reg` : v}`));
    const status = outcome.ok ? { line: '200 OK', headers: [] as Array<[string, string]> } : (() => {
      // SIPp reads only the topmost challenge and knows only MD5: offer it MD5 alone.
      const legacy = headerValues(lines, 'User-Agent').some((ua) => /^SIPp/i.test(ua));
      const r = digest.respondToFailure(outcome.reason, now, legacy ? { algorithms: ['MD5'] } : {});
      return { line: `${r.status} ${r.reasonPhrase}`, headers: r.headers };
    })();
    const reply = [`SIP/2.0 ${status.line}`, ...copied, ...status.headers.map(([n, v]) => `${n}: ${v}`), 'Content-Length: 0', '', ''].join('\r\n');
    socket.send(reply, rinfo.port, rinfo.address);
  });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

function sipp(dir: string, port: number): Promise<number> {
  return new Promise((resolve) => {
    const child = execFile('sipp', ['-sf', join(dir, 'register.xml'), '-m', '1', '-i', '127.0.0.1', '-p', '0', '-timeout', '10', '-timeout_error', '-nostdin', `127.0.0.1:${port}`], { cwd: dir }, () => undefined);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

const skip = sippAvailable() ? false : 'sipp is not installed';

for (const algorithms of [['MD5'], ['SHA-256', 'MD5']] as DigestAlgorithm[][]) {
  test(`SIPp registers with digest against DigestServer configured with ${algorithms.join(', ')} (MD5 alone for its User-Agent)`, { skip }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sip-auth-sipp-'));
    writeFileSync(join(dir, 'register.xml'), SCENARIO);
    const seen: string[] = [];
    const socket = await responder(new DigestServer({ realm: REALM, secret: 'interop-secret-0123456789', algorithms }), seen);
    try {
      const code = await sipp(dir, socket.address().port);
      assert.deepEqual(seen, ['missing', 'ok 1001 MD5']);
      assert.equal(code, 0);
    } finally {
      socket.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
