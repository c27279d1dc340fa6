// Test helpers for voicemail tests (test/services/voicemail*.test.ts): what the phone hears,
// prompt after prompt, on top of the IVR's Ear.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { anchoredCall, assertHeard, type Ear, type TestCall } from '../../calls/ivr/testing.js';
import type { CallerInfo } from '../../calls/ports.js';
import type { BusEvent } from '../../events/bus.js';
import type { PortPool } from '../../media/index.js';
import type { PromptLibrary } from '../../prompts/library.js';
import type { Plan } from '../../prompts/say.js';
import type { AppContext } from '../../http/context.js';
import { encodeWav, testSignal } from '../../media/index.js';
import { newId, toIso } from '../../store/index.js';
import { VoicemailBoxes, type BoxRef } from './boxes.js';

/**
 * What the phone hears, prompt by prompt: the Ear joins the frames in the order sent, each
 * prompt starting on a frame, so the next prompt is the next whole frames of what was heard.
 */
export class Listener {
  private at = 0;
  constructor(private readonly ear: Ear) {}

  /** Waits for the next prompt (bounded) and checks it is `expected`, whole. */
  async expect(expected: Int16Array, what: string, timeoutMs = 40_000): Promise<void> {
    const frames = Math.ceil(expected.length / 160);
    await this.ear.waitFor({ packets: this.at + frames, quietMs: 0, timeoutMs });
    assertHeard(this.ear.all(this.at).subarray(0, frames * 160), expected, what);
    this.at += frames;
  }

  /** Skips what was heard so far (prompts cut short by keys pressed ahead). */
  skip(): void {
    this.at = this.ear.packets;
  }
}

/** Audio played in one go: the parts back to back. */
export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A complete message in a box, as recording would leave it (a WAV under the data directory
 * and its row), without RTP: for HTTP and authorisation tests. No call-back is made.
 */
export async function putMessage(ctx: AppContext, input: { tenantId: string; box: BoxRef; audio?: Int16Array; callerNumber?: string; complete?: boolean }): Promise<string> {
  const boxes = new VoicemailBoxes(ctx);
  const id = newId();
  const relative = boxes.messagePath(input.tenantId, id);
  const audio = input.audio ?? testSignal(1500, 3);
  await mkdir(path.dirname(boxes.absolute(relative)), { recursive: true });
  await writeFile(boxes.absolute(relative), encodeWav(audio));
  const at = toIso(ctx.clock.now());
  await ctx.store.db.insertInto('voicemail_messages').values({
    id, tenant_id: input.tenantId, box_kind: input.box.kind,
    person_id: input.box.kind === 'person' ? input.box.personId : null, function_id: input.box.kind === 'function' ? input.box.functionId : null,
    call_id: null, callback_id: null, caller_number: input.callerNumber ?? '+46701740610', caller_name: null, received_at: at,
    duration_ms: Math.round(audio.length / 8), wav_path: relative, complete: input.complete === false ? 0 : 1, status: 'new',
    heard_at: null, deleted_at: null, notified_at: null, created_at: at, updated_at: at,
  }).execute();
  return id;
}

/** Calls into voicemail from a test "phone", with what it hears, and the bus's voicemail events. */
export function voicemailHarness(ctx: AppContext, tenant: { id: string; slug: string }, prompts: PromptLibrary, pool: PortPool) {
  const calls: TestCall[] = [];
  const events: BusEvent[] = [];
  const unsubscribe = ctx.bus.subscribe((e) => {
    if (e.type.startsWith('voicemail.')) events.push(e);
  });
  return {
    events,
    /** The audio the library assembles for a plan (what the phone should hear). */
    heard: (plan: Plan) => prompts.assemble(plan, tenant.slug),
    /** A caller anchored on a fresh session pair, with a Listener on what the phone hears. */
    async call(caller: CallerInfo = { number: '+46701234567' }): Promise<TestCall & { hear: Listener }> {
      const c = await anchoredCall(pool, { tenantId: tenant.id, at: ctx.clock.now(), caller });
      calls.push(c);
      return { ...c, hear: new Listener(c.ear) };
    },
    row: (id: string) => ctx.store.db.selectFrom('voicemail_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    async close() {
      unsubscribe();
      await Promise.all(calls.map((c) => c.close()));
    },
  };
}

/**
 * A recording without the silence the recorder put in timestamp gaps. When a loaded test
 * machine stalls the sending phone, its pacer skips the missed slots' timestamps but still
 * sends every frame; the recorder then places the audio at its timestamps with exact
 * silence between (as it must, P-VM-4). Runs of 160 or more zero samples are those gaps:
 * test audio never holds them. Returns the audio joined and the silence removed in ms.
 */
export function withoutGaps(samples: Int16Array): { audio: Int16Array; gapMs: number } {
  const kept: number[] = [];
  let gap = 0;
  let i = 0;
  while (i < samples.length) {
    let j = i;
    while (j < samples.length && samples[j] === 0) j++;
    if (j - i >= 160) gap += j - i;
    else for (let k = i; k < j; k++) kept.push(0);
    if (j < samples.length) kept.push(samples[j]!);
    i = j + 1;
  }
  return { audio: Int16Array.from(kept), gapMs: gap / 8 };
}
