// The operator's opening line (P-SWB-2) and the employees' answer phrase (P-ANS-1), from the
// profile's templates: "Välkommen till Valdemarsviks kommun – det är {förnamn}".
import { GREETING_SLOTS, type GreetingSlot, type MunicipalityProfile } from './profile.js';

const SLOT = /\{([^{}]*)\}/g;

/** The slot names a template uses, known or not (validation reports the unknown ones). */
export function templateSlots(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1] ?? '');
}

export function isGreetingSlot(s: string): s is GreetingSlot {
  return (GREETING_SLOTS as readonly string[]).includes(s);
}

/**
 * Fills the slots; a slot without a value is left out, with the space or comma before it,
 * so "{förnamn} {efternamn}, {enhet}" without a unit reads "Anna Berg".
 */
export function fillTemplate(template: string, values: Partial<Record<GreetingSlot, string>>): string {
  return template
    .replace(/[ ,]*\{([^{}]*)\}/g, (whole, name: string) => {
      const value = isGreetingSlot(name) ? values[name]?.trim() : undefined;
      return value ? whole.slice(0, whole.indexOf('{')) + value : '';
    })
    .trim();
}

/** P-SWB-2: the operator's opening line with the operator's first (and, if the template asks, last) name. */
export function renderGreeting(profile: MunicipalityProfile, firstName: string, lastName?: string): string {
  return fillTemplate(profile.greeting, { förnamn: firstName, efternamn: lastName });
}

/** P-ANS-1: how an employee answers, "Anna Berg, Bygglov". */
export function renderAnswerPhrase(
  profile: MunicipalityProfile,
  person: { firstName: string; lastName: string; unit?: string; title?: string },
): string {
  return fillTemplate(profile.answerPhrase, { förnamn: person.firstName, efternamn: person.lastName, enhet: person.unit, titel: person.title });
}
