// Playing sentence plans to a caller: assemble with the tenant's own recordings, play on the
// caller's session, stop at once on hang-up, and stop early when the caller keys ahead.
import type { AnchoredCaller } from '../ports.js';
import type { IvrDeps, IvrTiming } from './index.js';
import type { DigitReader } from './digits.js';
import { nameClip, type Plan, type Who } from '../../prompts/say.js';
import type { Clip } from '../../media/index.js';

export const DEFAULT_TIMING: IvrTiming = {
  firstDigitMs: 6000,
  interDigitMs: 4000,
  menuChoiceMs: 8000,
  positionEveryMs: 30_000,
};

export function timingOf(deps: IvrDeps): IvrTiming {
  return { ...DEFAULT_TIMING, ...deps.timing };
}

/**
 * How a prompt ended: played to the end, cut short by a key the caller pressed (which the
 * reader holds), or the caller hung up.
 */
export type PromptEnd = 'done' | 'key' | 'hangup';

/** Plays audio to the caller; with a reader, a key stops it (barge-in) and stays readable. */
export async function playAudio(call: AnchoredCaller, audio: readonly (Clip | Int16Array)[], reader?: DigitReader): Promise<PromptEnd> {
  if (call.hangup.aborted || call.session.isClosed) return 'hangup';
  if (reader && reader.pending > 0) return 'key';
  const player = call.session.play(audio);
  const stop = (): void => player.stop();
  call.hangup.addEventListener('abort', stop, { once: true });
  if (reader) reader.onKey = stop;
  try {
    const result = await player.finished;
    if (call.hangup.aborted || call.session.isClosed) return 'hangup';
    if (result.completed) return 'done';
    return reader && reader.pending > 0 ? 'key' : 'hangup';
  } finally {
    call.hangup.removeEventListener('abort', stop);
    if (reader) reader.onKey = undefined;
  }
}

/** Assembles a sentence plan (the tenant's own recordings first) and plays it. */
export async function say(call: AnchoredCaller, plan: Plan, deps: IvrDeps, reader?: DigitReader): Promise<PromptEnd> {
  if (call.hangup.aborted) return 'hangup';
  return playAudio(call, [await deps.prompts.sentence(plan, deps.tenantSlug)], reader);
}

/**
 * Plays a plan and never throws: when the plan cannot be assembled (a clip missing from a
 * broken override folder) the caller still hears something (P-FC-1), here the plain apology.
 */
export async function sayOrApologise(call: AnchoredCaller, plan: Plan, deps: IvrDeps, reader?: DigitReader): Promise<PromptEnd> {
  try {
    return await say(call, plan, deps, reader);
  } catch {
    return say(call, ['call.try-later'], deps, reader).catch(() => 'hangup' as const);
  }
}

/** Whom a sentence is about: the person's name clip when recorded, else their extension. */
export async function whoOf(call: AnchoredCaller, personId: string, deps: IvrDeps): Promise<Who> {
  let name: Who['name'] = null;
  try {
    if (await deps.prompts.hasNameClip(deps.tenantSlug, personId)) name = nameClip(personId);
  } catch {
    name = null; // a key a name clip cannot have: say the extension
  }
  if (name) return { name };
  const row = await deps.ctx.store.db
    .selectFrom('people').select('extension')
    .where('tenant_id', '=', call.tenantId).where('id', '=', personId)
    .executeTakeFirst();
  return { extension: row?.extension ?? null };
}
