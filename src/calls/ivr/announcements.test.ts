// What the caller hears for routing's announce, answering-machine and refuse steps, checked on
// real RTP: the phone's audio is cross-correlated with the audio the library assembles for the
// expected sentence. The steps come from routing itself (planCall over its test municipality).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { PromptLibrary, nameClipPath } from '../../prompts/library.js';
import { sayAbsence, sayAnsweringMachine, sayConnectingTo, sayOutsidePhoneHours, type Plan } from '../../prompts/say.js';
import { words } from '../../prompts/testing.js';
import { encodeWav, testSignal, xcorr } from '../../media/index.js';
import { delay, testPortPool } from '../../media/testing.js';
import { away, fixture, local, planOf, WEDNESDAY_10 } from '../../core/routing/testing.js';
import { parsePhoneCode, type AnnounceStep, type AnsweringMachineStep, type PlanStep, type RefuseStep } from '../../core/routing/index.js';
import { valdemarsvik } from '../../core/policy/index.js';
import type { Instant } from '../../core/time.js';
import { refusal } from '../../core/routing/refusals.js';
import { phoneCodeProblemClip, playAnnouncement, playAnsweringMachine, playRefusal, refusalPlan } from './announcements.js';
import type { IvrDeps } from './index.js';
import { anchoredCall, assertHeard, type TestCall } from './testing.js';

const pool = testPortPool();

function stepOf<K extends PlanStep['kind']>(steps: PlanStep[], kind: K): Extract<PlanStep, { kind: K }> {
  const step = steps.find((s) => s.kind === kind);
  assert.ok(step, `the plan has a ${kind} step`);
  return step as Extract<PlanStep, { kind: K }>;
}

// The tests are independent calls, each in real time: they run side by side.
describe('ivr: announcements, the answering machine and refusals', { concurrency: true }, () => {
  let t: TestApp;
  let prompts: PromptLibrary;
  let deps: IvrDeps;
  const calls: TestCall[] = [];
  const heard = (plan: Plan) => prompts.assemble(plan, t.a.slug);

  async function call(at: Instant = WEDNESDAY_10): Promise<TestCall> {
    const c = await anchoredCall(pool, { tenantId: t.a.id, at });
    calls.push(c);
    return c;
  }

  before(async () => {
    t = await startTestApp({ now: WEDNESDAY_10.toString() });
    prompts = await PromptLibrary.load({ dataDir: t.ctx.config.dataDir });
    deps = { prompts, ctx: t.ctx, tenantSlug: t.a.slug, profile: (await t.ctx.tenants.get(t.a.id)).profile, timing: { menuChoiceMs: 1200 } };
  });
  after(async () => {
    await Promise.all(calls.map((c) => c.close()));
    await t.close();
  });

  /** Routing's absence step for Anna, pointed at the seeded Anna of the test store. */
  function absenceStep(until: string): AnnounceStep {
    const plan = planOf(fixture({ absences: [away('anna', 'meeting', '2026-04-22 09:00', until)] }), '2101');
    const step = stepOf(plan.steps, 'announce');
    assert.equal(step.sentence, 'absence');
    return { ...step, data: { ...(step.data as Extract<AnnounceStep, { sentence: 'absence' }>['data']), personId: t.a.people.employee!.id } };
  }

  test('P-DIV-1, P-SWB-4: "anknytning 2003 är på möte och är åter i dag klockan fjorton och trettio"', async () => {
    const c = await call();
    await playAnnouncement(c.call, absenceStep('2026-04-22 14:30'), deps);
    await c.ear.waitFor();
    const plan = sayAbsence({ who: { extension: '2003' }, reason: 'meeting', returnsAt: local('2026-04-22 14:30'), now: WEDNESDAY_10 });
    assert.equal(words(plan), 'anknytning två noll noll tre är på möte och är åter i dag klockan fjorton och trettio');
    const audio = c.ear.all();
    assertHeard(audio, await heard(plan), 'the absence sentence');
    // The time is really heard: 15:30 is a different sentence to the ear.
    const wrong = await heard(sayAbsence({ who: { extension: '2003' }, reason: 'meeting', returnsAt: local('2026-04-22 15:30'), now: WEDNESDAY_10 }));
    assert.ok(xcorr(wrong, audio).atZero < 0.9, `15:30 must not match: r = ${xcorr(wrong, audio).atZero}`);
  });

  test('P-SWB-4: with a recorded name clip the caller hears the name instead of the extension', async () => {
    const erik = t.a.people.other!.id; // not Anna: her test, running alongside, hears her extension
    const file = nameClipPath(t.ctx.config.dataDir, t.a.slug, erik);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, encodeWav(testSignal(700, 5)));
    const step = absenceStep('2026-04-23 08:00');
    const c = await call();
    await playAnnouncement(c.call, { ...step, data: { ...step.data, personId: erik } } as AnnounceStep, deps);
    await c.ear.waitFor();
    const plan = sayAbsence({ who: { name: `name:${erik}` }, reason: 'meeting', returnsAt: local('2026-04-23 08:00'), now: WEDNESDAY_10 });
    assert.equal(words(plan), `<${erik}> är på möte och är åter i morgon klockan åtta`);
    assertHeard(c.ear.all(), await heard(plan), 'name clip and absence');
  });

  test('P-HRS-1: outside phone hours the caller hears when the phone opens again', async () => {
    const at = local('2026-04-22 14:00'); // the unit answers 09-11
    const step = stepOf(planOf(fixture(), '2105', at).steps, 'announce');
    assert.equal(step.sentence, 'phone-hours');
    const c = await call(at);
    await playAnnouncement(c.call, step, deps);
    await c.ear.waitFor();
    const plan = sayOutsidePhoneHours(local('2026-04-23 09:00'), at);
    assert.equal(words(plan), 'Vi har inte telefontid just nu . Telefontiden börjar i morgon klockan nio');
    assertHeard(c.ear.all(), await heard(plan), 'phone hours');
  });

  test('P-FC-1: an unknown number is said, and that the switchboard takes the call', async () => {
    const step = stepOf(planOf(fixture(), '2777').steps, 'announce');
    assert.equal(step.sentence, 'number-unknown');
    const c = await call();
    await playAnnouncement(c.call, step, deps);
    await c.ear.waitFor();
    const plan: Plan = ['call.number-missing', 'silence.500', ...sayConnectingTo('switchboard')];
    assert.equal(words(plan), 'Numret finns inte . Ditt samtal kopplas till växeln');
    assertHeard(c.ear.all(), await heard(plan), 'number unknown');
  });

  const refusals: [string, string, string][] = [
    ['P-COST-2', '0900123456', 'Samtal till betalnummer är inte tillåtna . Kontakta din chef för godkännande'],
    ['P-COST-2, P-SWB-12', '118118', 'Samtal till nummerupplysningen är inte tillåtna . Kontakta din chef för godkännande'],
    ['P-COST-1', '*210701234567#', 'Vidarekoppling till externa nummer är inte tillåten'],
  ];
  for (const [rule, dialled, sentence] of refusals) {
    test(`${rule}: a refused call to ${dialled} is told why ("${sentence}")`, async () => {
      const step = stepOf(planOf(fixture(), dialled, WEDNESDAY_10, 'anna').steps, 'refuse');
      assert.equal(words(refusalPlan(step)), sentence);
      const c = await call();
      await playRefusal(c.call, step, deps);
      await c.ear.waitFor();
      assertHeard(c.ear.all(), await heard(refusalPlan(step)), rule);
    });
  }

  test('P-COST-3: calls abroad by permission are refused with the manager to ask', () => {
    const step = stepOf(planOf(fixture({ profile: { internationalCalls: 'by-permission' } }), '+4923456789', WEDNESDAY_10, 'anna').steps, 'refuse');
    assert.equal(words(refusalPlan(step)), 'Samtal till utlandet är inte tillåtna . Kontakta din chef för godkännande');
  });

  test('P-DIV-6: a phone code routing could not read is told why, from its own parser', () => {
    const at = WEDNESDAY_10;
    const said = (code: string) => {
      const parsed = parsePhoneCode(code, valdemarsvik, at);
      assert.equal(parsed.ok, false, code);
      return words(refusalPlan(refusal('phone-code-invalid', parsed as { sv: string; en: string })));
    };
    assert.equal(said('*2310900#'), 'Koden är felaktig , Den tiden har redan passerat');
    assert.equal(said('*2312560#'), 'Koden är felaktig , Tiden är felaktig');
    assert.equal(said('*23114303102#'), 'Koden är felaktig , Tiden är felaktig');
    assert.equal(said('*230#'), 'Koden är felaktig , Okänd frånvaroorsak');
    assert.equal(said('*23x'), 'Koden är felaktig');
    assert.equal(phoneCodeProblemClip('something new'), 'code.invalid');
    // P-SEC-1: from a phone that is not one of ours.
    const notAllowed = stepOf(planOf(fixture(), '#23#').steps, 'refuse') as RefuseStep;
    assert.equal(words(refusalPlan(notAllowed)), 'Samtalet är inte tillåtet');
  });

  // ---- P-SWB-6 ------------------------------------------------------------------------------

  const EVENING = local('2026-04-22 17:30'); // closed; opens tomorrow 08:00
  const onCall = [
    { label: 'Socialjouren', number: '+46701740605', when: 'switchboard-closed' as const },
    { label: 'Fastighetsjouren', number: '+46846500420', when: 'always' as const }, // one of ours: connectable (P-COST-1)
  ];
  function machineStep(): AnsweringMachineStep {
    const step = stepOf(planOf(fixture({ profile: { onCall } }), '+46846500400', EVENING).steps, 'answering-machine');
    assert.deepEqual(step.onCall.map((o) => o.connectable), [false, true], 'P-COST-1: only the internal number is connectable');
    return step;
  }
  const statement = () => sayAnsweringMachine({ settings: valdemarsvik.switchboardHours, now: EVENING, onCall: onCall.map((o) => ({ label: null, number: o.number })) });
  const menu: Plan = ['silence.500', 'word.press', 'num.1', 'word.for', 'swb.on-call'];

  test('P-SWB-6: the answering machine says the hours and the on-call numbers, and connects by key to an internal one', async () => {
    const c = await call(EVENING);
    const result = playAnsweringMachine(c.call, machineStep(), deps);
    await c.ear.waitForStart();
    await delay(600); // the machine is speaking; the caller keys the menu choice ahead
    await c.phone.sendDigits('1');
    const { connectTo } = await result;
    assert.equal(connectTo, '+46846500420');
    await c.ear.waitFor();
    const expected = await heard([...statement(), ...menu]);
    const first = c.ear.all().subarray(0, 3200);
    assert.ok(xcorr(expected.subarray(0, first.length), first).atZero > 0.98, 'what was heard first is the start of the statement');
    const connecting = await heard(['call.connecting', 'swb.on-call']);
    assert.ok(c.ear.all().length < expected.length / 2, 'the key cut the statement short (barge-in)');
    assertHeard(c.ear.lastPrompt(connecting.length), connecting, 'connecting to the on-call line');
  });

  test('P-SWB-6: the whole statement, then the menu; no choice gives null (voicemail follows)', async () => {
    const step = { ...machineStep(), onCall: machineStep().onCall.filter((o) => o.connectable) };
    const plan = [...sayAnsweringMachine({ settings: valdemarsvik.switchboardHours, now: EVENING, onCall: [{ label: null, number: '+46846500420' }] }), ...menu];
    assert.equal(
      words(plan),
      'Välkommen till kommunen . Växeln är stängd . Växeln öppnar igen i morgon klockan åtta' +
        ' . Växeln har öppet måndag till fredag klockan åtta till sexton , lunchstängt klockan tolv till tretton' +
        ' . För akuta ärenden ring jouren på noll åtta , fyra sex fem , noll noll fyra , två noll . tryck ett för jouren',
    );
    const c = await call(EVENING);
    const started = Date.now();
    const { connectTo } = await playAnsweringMachine(c.call, step, deps);
    assert.equal(connectTo, null);
    await c.ear.waitFor();
    const expected = await heard(plan);
    assertHeard(c.ear.all(), expected, 'statement and menu');
    const waited = Date.now() - started - expected.length / 8;
    assert.ok(waited >= 1100 && waited < 2500, `waited ${waited} ms for a choice (menuChoiceMs 1200)`);
  });

  test('P-SWB-6: with only external on-call numbers there is no menu, and null comes right after the statement', async () => {
    // A switchboard that never opens keeps the statement short: welcome, closed, on-call.
    const never = { ...valdemarsvik.switchboardHours, weekly: {}, halfDays: { kinds: [], intervals: [] } };
    const step = { ...machineStep(), opensAt: null, onCall: machineStep().onCall.filter((o) => !o.connectable) };
    const plan = sayAnsweringMachine({ settings: never, now: EVENING, onCall: [{ label: null, number: '+46701740605' }] });
    assert.equal(words(plan), 'Välkommen till kommunen . Växeln är stängd . För akuta ärenden ring jouren på noll sju noll , ett sju fyra , noll sex , noll fem');
    const c = await call(EVENING);
    const started = Date.now();
    assert.deepEqual(await playAnsweringMachine(c.call, step, { ...deps, profile: { ...deps.profile, switchboardHours: never } }), { connectTo: null });
    const expected = await heard(plan);
    assert.ok(Date.now() - started < expected.length / 8 + 500, 'no wait for a key');
    await c.ear.waitFor();
    assertHeard(c.ear.all(), expected, 'statement only');
  });

  test('P-SWB-6: a key that is no choice is answered with "Ogiltigt val" and the menu again', async () => {
    const c = await call(EVENING);
    const result = playAnsweringMachine(c.call, machineStep(), deps);
    await c.ear.waitForStart();
    await c.phone.sendDigits('7');
    await c.ear.waitFor({ quietMs: 400 }); // the repeated menu has been said; the machine waits
    const again = await heard(['vm.invalid-choice', ...menu]);
    assertHeard(c.ear.lastPrompt(again.length), again, '"Ogiltigt val" and the menu');
    await c.phone.sendDigits('1');
    assert.equal((await result).connectTo, '+46846500420');
  });

  test('P-FC-1: hanging up stops the machine at once and resolves', async () => {
    const c = await call(EVENING);
    const result = playAnsweringMachine(c.call, machineStep(), deps);
    await c.ear.waitForStart();
    await delay(300);
    const hungUpAt = Date.now();
    c.hangUp();
    assert.deepEqual(await result, { connectTo: null });
    assert.ok(Date.now() - hungUpAt < 100, `resolved ${Date.now() - hungUpAt} ms after the hang-up`);
    await delay(100);
    const packets = c.ear.packets;
    await delay(300);
    assert.equal(c.ear.packets, packets, 'nothing more is sent');
    assert.ok(packets < 40, `about 300 ms were played (${packets} packets)`);
  });

  test('P-FC-1: an announcement for a call already hung up plays nothing', async () => {
    const c = await call();
    c.hangUp();
    await playAnnouncement(c.call, absenceStep('2026-04-22 14:30'), deps);
    await delay(200);
    assert.equal(c.ear.packets, 0);
  });
});
