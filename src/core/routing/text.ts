// What the caller hears, as text: for the operator console and reports that show a plan, and
// as the script of the pre-rendered prompts. Swedish for callers; English for developers.
import { formatClock, formatDay, type Lang } from '../hours/index.js';
import { formatSwedish } from '../numbers/index.js';
import { stockholmDate, type Instant } from '../time.js';
import type { PlanStep } from './plan.js';

/** "kl. 14.00" on the day of `at`, else "måndag 3 augusti kl. 08.00". */
function when(x: Instant, at: Instant, lang: Lang): string {
  const clock = `${lang === 'sv' ? 'kl.' : 'at'} ${formatClock(x, lang)}`;
  return stockholmDate(x).equals(stockholmDate(at)) ? clock : `${formatDay(x, lang, at)} ${clock}`;
}

/** The words of a step the caller hears, or null for steps that only ring, queue or connect. */
export function spokenText(step: PlanStep, at: Instant, lang: Lang): string | null {
  const sv = lang === 'sv';
  switch (step.kind) {
    case 'announce':
      switch (step.sentence) {
        case 'absence':
          // P-DIV-1, P-SWB-4: the reason and the return time.
          return `${step.data.label[lang]} – ${sv ? 'åter' : 'back'} ${when(step.data.returnsAt, at, lang)}.`;
        case 'phone-hours': {
          const first = sv ? 'Telefontiden är slut.' : 'We are outside our phone hours.';
          const opens = step.data.opensAt;
          return opens === null ? first : `${first} ${sv ? 'Vi svarar igen' : 'We answer again'} ${when(opens, at, lang)}.`;
        }
        case 'number-unknown':
          return sv ? 'Numret du har slagit finns inte. Du kopplas till växeln.' : 'The number you dialled does not exist. Connecting you to the switchboard.';
      }
      return null;
    case 'answering-machine': {
      // P-SWB-6: opening hours, today's note (a holiday, a half day, an exception), on-call numbers.
      const parts = [sv ? `Välkommen till ${step.municipality}.` : `Welcome to ${step.municipality}.`, `${sv ? 'Växeln' : 'Switchboard'}: ${step.status[lang]}.`];
      if (sv && step.today.note !== null) parts.push(`Idag: ${step.today.note}.`);
      for (const o of step.onCall) parts.push(`${o.label}: ${formatSwedish(o.number)}.`);
      return parts.join(' ');
    }
    case 'refuse':
      return step.problem[lang];
    default:
      return null;
  }
}
