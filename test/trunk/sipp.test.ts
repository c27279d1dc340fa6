// The trunk against a real peer: SIPp (Debian package sip-tester) plays the operator on
// 127.0.0.x. As registrar it challenges our REGISTER with 401 and checks the digest itself
// (verifyauth); we check the same Authorization against our own computation from SIPp's
// message log. As the operator's SBC it sends INVITEs to a direct number, from the trunk's
// address and from an address no trunk has. Every SIPp run is bounded and killed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../support/app.js';
import { freePort, sippAvailable, startSipp, type SippRun } from '../sip/sipp.js';
import type { BusEvent, TrunkStateChanged } from '../../src/events/bus.js';
import type { Actor } from '../../src/http/context.js';
import type { TrunkInbound } from '../../src/calls/ports.js';
import { SipEndpoint } from '../../src/sip/transaction/index.js';
import { UdpTransport } from '../../src/sip/transport/index.js';
import { checkMd5Authorization } from '../../src/trunk/testing.js';

const SECRET = 'Hemligt-4711';
const ACCOUNT = 'valdemarsvik';

/** A SIPp <send> of a response to the last request, with `extra` header lines. */
function respond(statusLine: string, extra: string[] = [], attrs = ''): string {
  return `
  <send${attrs}><![CDATA[
SIP/2.0 ${statusLine}
[last_Via:]
[last_From:]
[last_To:];tag=op[call_number]
[last_Call-ID:]
[last_CSeq:]
${[...extra, 'Content-Length: 0'].join('\n')}

]]></send>`;
}

/** One REGISTER answered after SIPp's own digest check: 200 with `contact`, or 403. */
function checkedRegister(n: number, password: string, contact: string): string {
  return `
  <recv request="REGISTER">
    <action>
      <verifyauth assign_to="authvalid${n}" username="${ACCOUNT}" password="${password}"/>
    </action>
  </recv>
  <nop hide="true" test="authvalid${n}" next="good${n}"/>${respond('403 Forbidden', [], ' next="end"')}
  <label id="good${n}"/>${respond('200 OK', [contact])}`;
}

/**
 * The operator's registrar: 401 with an MD5 qop=auth challenge, then the answered REGISTER
 * (200 granting 4 s), the refresh after 2 s (200 granting 60 s, so no further refresh comes
 * during the test), and the un-REGISTER, which must say Expires: 0.
 */
function registrarScenario(password: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="operator registrar with digest">
  <recv request="REGISTER"/>${respond('401 Unauthorized', ['WWW-Authenticate: Digest realm="operator.example", nonce="[pid]x[call_number]", qop="auth", algorithm=MD5, opaque="trunk"'])}
${checkedRegister(1, password, '[last_Contact:];expires=4')}
${checkedRegister(2, password, '[last_Contact:];expires=60')}
  <recv request="REGISTER">
    <action>
      <ereg regexp="Expires: 0" search_in="msg" check_it="true" assign_to="unregister"/>
    </action>
  </recv>${respond('200 OK', ['Expires: 0'])}
  <label id="end"/>
  <Reference variables="unregister"/>
</scenario>
`;
}

/** The operator's SBC: an INVITE to `ruriUser`, To the direct number, expecting `status`. */
function inviteScenario(ruriUser: string, toUser: string, status: number): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="operator INVITE">
  <send retrans="500"><![CDATA[
INVITE sip:${ruriUser}@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "Eva Ek" <sip:0701740610@operator.example;user=phone>;tag=[pid]op[call_number]
To: <sip:${toUser}@operator.example;user=phone>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:0701740610@[local_ip]:[local_port]>
P-Asserted-Identity: <sip:+46701740611@operator.example;user=phone>, <tel:+46701740611>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=op 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio [media_port] RTP/AVP 8 0
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000

]]></send>
  <recv response="100" optional="true"/>
  <recv response="${status}"/>
  <send><![CDATA[
ACK sip:${ruriUser}@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-3]
From: "Eva Ek" <sip:0701740610@operator.example;user=phone>;tag=[pid]op[call_number]
[last_To:]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
</scenario>
`;
}

describe('the trunk against SIPp as the operator', { skip: !sippAvailable() && 'sipp is not installed' }, () => {
  let t: TestApp;
  let dir: string;
  let endpoint: SipEndpoint;
  let ourPort: number;
  let admin: Actor;
  const events: TrunkStateChanged[] = [];
  /** What identifyInbound said for each INVITE that reached us, by Call-ID. */
  const identified = new Map<string, TrunkInbound | undefined>();
  const running = new Set<SippRun>();

  function waitForState(test: (e: TrunkStateChanged) => boolean, ms = 10_000): Promise<TrunkStateChanged> {
    const seen = events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no such trunk state within ${ms} ms; saw ${JSON.stringify(events.map((e) => [e.status, e.lastStatus]))}`));
      }, ms);
      const stop = t.ctx.bus.subscribe((e: BusEvent) => {
        if (e.type === 'trunk.state' && test(e)) {
          clearTimeout(timer);
          stop();
          resolve(e);
        }
      });
    });
  }

  function sipp(name: string, scenario: string, args: string[]): SippRun {
    const file = join(dir, `${name}.xml`);
    writeFileSync(file, scenario);
    const run = startSipp(['-sf', file, '-m', '1', '-timeout', '20s', '-timeout_error', ...args], 25_000);
    running.add(run);
    return run;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ov-trunk-sipp-'));
    t = await startTestApp();
    admin = { kind: 'token', id: 'test', personId: null, tenantId: t.a.id, role: 'admin' };
    t.ctx.bus.subscribe((e) => {
      if (e.type === 'trunk.state') events.push(e);
    });
    const udp = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
    ourPort = udp.local.port;
    endpoint = new SipEndpoint({
      transports: [udp],
      user: {
        // Call control's first question for a new INVITE; here the answer decides the status.
        onRequest: (tx) => {
          const req = tx.request;
          if (req.method !== 'INVITE') return tx.respond(tx.createResponse(405));
          void t.ctx.trunks.identifyInbound({
            sourceAddress: tx.source?.address ?? '', sourcePort: tx.source?.port ?? 0, requestUri: req.uri.toString(),
            to: req.headers.get('To') ?? '', from: req.headers.get('From') ?? '', callId: req.callId,
            pAssertedIdentity: req.headers.getAll('P-Asserted-Identity'),
          }).then((found) => {
            identified.set(req.callId, found);
            // A trunk call would be routed; a stranger would be challenged like a phone.
            tx.respond(tx.createResponse(found ? 480 : 403));
          });
        },
      },
    });
  });

  after(async () => {
    for (const run of running) run.kill();
    await t.ctx.trunks.stopRegistrations();
    await endpoint.close();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('RFC 3665 2.1: REGISTER, 401, REGISTER with a digest SIPp accepts (and we recompute), refresh, INVITE to our Contact, un-REGISTER', async () => {
    const opPort = await freePort();
    const log = join(dir, 'registrar-messages.log');
    const registrar = sipp('registrar', registrarScenario(SECRET), ['-i', '127.0.0.1', '-p', String(opPort), '-trace_msg', '-message_file', log]);
    const trunk = await t.ctx.trunks.create(admin, { name: 'Operatören', mode: 'register', host: '127.0.0.1', port: opPort, username: ACCOUNT, secret: SECRET, registerExpires: 60 });
    await t.ctx.trunks.startRegistrations(endpoint, { stopWaitMs: 3000 });

    const first = await waitForState((e) => e.trunkId === trunk.id && e.status === 'registered').catch(async (e) => {
      registrar.kill();
      const r = await registrar.done;
      throw new Error(`${String(e)} ${r.output.slice(-3000)} ${r.errors}`);
    });
    assert.equal(first.lastStatus, 200);
    assert.equal(Date.parse(first.expiresAt!) - Date.parse(first.registeredAt!), 4000, 'SIPp granted 4 s in the Contact');
    // The refresh comes at half the granted time, with credentials (nc 2).
    const startedAt = performance.now();
    const refreshed = await waitForState((e) => e.trunkId === trunk.id && e.status === 'registered' && e !== first, 8000);
    assert.ok(performance.now() - startedAt > 1500, 'not before half of the 4 s');
    assert.equal(Date.parse(refreshed.expiresAt!) - Date.parse(refreshed.registeredAt!), 60_000);
    assert.ok(!events.some((e) => e.status === 'failing'), 'never failing');
    const state = (await t.ctx.trunks.states(t.a.id)).find((s) => s.trunkId === trunk.id);
    assert.equal(state?.status, 'registered');

    // While registered, the operator sends a call to our Contact from another port: recognised by the contact user.
    const uacPort = await freePort();
    const inv = sipp('to-contact', inviteScenario(ACCOUNT, '+46846500401', 480), ['127.0.0.1:' + ourPort, '-i', '127.0.0.1', '-p', String(uacPort)]);
    const invResult = await inv.done;
    assert.equal(invResult.code, 0, invResult.output.slice(-1500));
    const call = [...identified.values()].at(-1);
    assert.deepEqual(call, { tenantId: t.a.id, trunkId: trunk.id, dialled: '+46846500401', callerNumber: '+46701740611' });

    await t.ctx.trunks.stopRegistrations();
    const result = await registrar.done;
    assert.equal(result.killed, false);
    assert.equal(result.code, 0, `SIPp: ${result.output.slice(-1500)} ${result.errors}`);
    assert.equal(result.stats?.successful, 1);

    // Our own computation agrees with SIPp's verifyauth, for the first answer and the refresh.
    const messages = await readFile(log, 'latin1');
    const auths = [...messages.matchAll(/^Authorization: (.*)$/gim)].map((m) => checkMd5Authorization(m[1]!.trim(), 'REGISTER', SECRET));
    assert.ok(auths.length >= 3, `Authorization headers in SIPp's log: ${auths.length}`);
    for (const a of auths) {
      assert.equal(a.valid, true, `response ${a.response}, expected ${a.expected}`);
      assert.equal(a.username, ACCOUNT);
      assert.equal(a.realm, 'operator.example');
      assert.equal(a.uri, `sip:127.0.0.1:${opPort}`);
      assert.equal(a.opaque, 'trunk');
    }
    assert.deepEqual(auths.slice(0, 3).map((a) => a.nc), ['00000001', '00000002', '00000003'], 'preemptive credentials on refresh and un-REGISTER count on');
    assert.ok(!messages.includes(SECRET), 'the secret never travels');
    assert.equal((await t.ctx.trunks.states(t.a.id)).find((s) => s.trunkId === trunk.id)?.status, 'idle');
    await t.ctx.trunks.remove(admin, trunk.id);
  });

  test('a wrong secret: SIPp refuses with 403, the trunk shows failing with 403 and a retry 30 s later', async () => {
    events.length = 0;
    const opPort = await freePort();
    const registrar = sipp('registrar-bad', registrarScenario('a-different-secret'), ['-i', '127.0.0.1', '-p', String(opPort)]);
    const trunk = await t.ctx.trunks.create(admin, { name: 'Fel lösenord', mode: 'register', host: '127.0.0.1', port: opPort, username: ACCOUNT, secret: SECRET });
    await t.ctx.trunks.startRegistrations(endpoint, { stopWaitMs: 1000 });
    const failing = await waitForState((e) => e.trunkId === trunk.id && e.status === 'failing');
    assert.equal(failing.lastStatus, 403);
    assert.equal(failing.failures, 1);
    const now = t.ctx.clock.now().epochMilliseconds;
    assert.equal(Date.parse(failing.nextAttemptAt!) - now, 30_000);
    const view = (await t.ctx.trunks.list(t.a.id)).find((x) => x.id === trunk.id);
    assert.equal(view?.state.status, 'failing');
    assert.ok(!JSON.stringify(view).includes(SECRET));
    registrar.kill();
    await registrar.done;
    await t.ctx.trunks.stopRegistrations();
    await t.ctx.trunks.remove(admin, trunk.id);
  });

  test('mode ip: an INVITE from the trunk address to a direct number is recognised; one from an unknown address is not', async () => {
    const trunk = await t.ctx.trunks.create(admin, { name: 'IP-trunk', mode: 'ip', host: '127.0.0.3' });
    const fromTrunk = sipp('from-trunk', inviteScenario('0846500402', '0846500402', 480), ['127.0.0.1:' + ourPort, '-i', '127.0.0.3', '-p', String(await freePort())]);
    const r1 = await fromTrunk.done;
    assert.equal(r1.code, 0, r1.output.slice(-1500));
    const call = [...identified.values()].at(-1);
    assert.deepEqual(call, { tenantId: t.a.id, trunkId: trunk.id, dialled: '+46846500402', callerNumber: '+46701740611' });

    const before = identified.size;
    const stranger = sipp('stranger', inviteScenario('0846500402', '0846500402', 403), ['127.0.0.1:' + ourPort, '-i', '127.0.0.2', '-p', String(await freePort())]);
    const r2 = await stranger.done;
    assert.equal(r2.code, 0, r2.output.slice(-1500));
    assert.equal(identified.size, before + 1);
    assert.equal([...identified.values()].at(-1), undefined, 'not a trunk call: call control authenticates it like a phone');
    await t.ctx.trunks.remove(admin, trunk.id);
  });
});
