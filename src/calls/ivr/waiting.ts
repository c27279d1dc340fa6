// What a caller hears while waiting: in the queue (issue 5 item 1: a welcome, then music on
// hold with the position announced about every 30 s) and while a phone rings (the Swedish
// ringback tone). Both run until `stop()` or hang-up, and stop only their own playback, so
// that whatever call control plays next is never cut.
import type { AnchoredCaller } from '../ports.js';
import type { Player } from '../../media/index.js';
import { sayQueuePosition, sayWelcome, type Plan } from '../../prompts/say.js';
import type { IvrDeps } from './index.js';
import { timingOf } from './speak.js';
import { holdMusic, ringbackTone } from './tones.js';

export interface Stoppable {
  stop(): void;
}

/** "Du står först i kön" / "Du har plats nummer fem"; nothing when the position is unknown. */
function positionPlan(position: () => number): Plan {
  try {
    const n = position();
    return Number.isInteger(n) && n >= 1 ? sayQueuePosition(n) : [];
  } catch {
    return [];
  }
}

/**
 * Issue 5 item 1: "Välkommen till Valdemarsviks kommun. Ditt samtal är placerat i kö. Du har
 * plats nummer tre." then music on hold, interrupted by the position every
 * `positionEveryMs` (30 s). P-SWB-7 decides the position; the queue owns it (`position`).
 */
export function playQueueWaiting(call: AnchoredCaller, position: () => number, deps: IvrDeps): Stoppable {
  const every = timingOf(deps).positionEveryMs;
  let stopped = false;
  let current: Player | undefined;
  let wake: (() => void) | undefined;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    call.hangup.removeEventListener('abort', stop);
    current?.stop();
    wake?.();
  };
  if (call.hangup.aborted) return { stop };
  call.hangup.addEventListener('abort', stop, { once: true });

  // Resolves false when something else took the session's stream (call control played or
  // closed it): then this waiting ends, rather than coming back over what plays next.
  const play = async (audio: Parameters<AnchoredCaller['session']['play']>[0], loop = false): Promise<boolean> => {
    if (stopped || call.session.isClosed) return false;
    const player = call.session.play(audio, { loop });
    current = player;
    const result = await player.finished;
    return result.completed || (stopped ? false : current !== player);
  };
  const speak = async (plan: Plan): Promise<boolean> => {
    if (plan.length === 0) return !stopped;
    return play([await deps.prompts.sentence(plan, deps.tenantSlug)]);
  };
  const pause = (ms: number): Promise<'time'> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve('time');
      }
      wake = done;
    });

  const run = async (): Promise<void> => {
    // A broken override folder must not cost the caller the music: go on without the words.
    const welcome = await speak([...sayWelcome(), 'silence.500', 'queue.placed', 'silence.500', ...positionPlan(position)]).catch(() => true);
    if (!welcome) return stop();
    // The municipality's own music on hold when it has uploaded one (src/services/prompts).
    const tune = (await deps.prompts.holdMusic(deps.tenantSlug).catch(() => null)) ?? holdMusic();
    while (!stopped) {
      const music = play([tune], true).then(() => 'taken' as const);
      if ((await Promise.race([pause(every), music])) === 'taken') return stop();
      if (!(await speak(positionPlan(position)).catch(() => true))) return stop();
    }
  };
  void run();
  return { stop };
}

/** The Swedish ringback tone (425 Hz, 1 s on, 5 s off) until stopped or hang-up. */
export function playRingback(call: AnchoredCaller): Stoppable {
  if (call.hangup.aborted || call.session.isClosed) return { stop: () => undefined };
  const player = call.session.play([ringbackTone()], { loop: true });
  const stop = (): void => {
    call.hangup.removeEventListener('abort', stop);
    player.stop();
  };
  call.hangup.addEventListener('abort', stop, { once: true });
  return { stop };
}
