// The phone book as the apps need it for names and lists: people, units and functions,
// loaded once per session and refreshed when the directory changes (directory.changed).
import { get } from '../api/client.js';
import type { Fn, PeoplePage, Person, Unit } from '../api/types.js';

let people: Promise<Person[]> | null = null;
let units: Promise<Unit[]> | null = null;
let functions: Promise<Fn[]> | null = null;

async function allPeople(includeDeactivated: boolean): Promise<Person[]> {
  const out: Person[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await get<PeoplePage>(`/api/people?limit=500&offset=${offset}${includeDeactivated ? '&includeDeactivated=true' : ''}`);
    out.push(...page.items);
    if (out.length >= page.total || page.items.length === 0) return out;
  }
}

export function loadPeople(): Promise<Person[]> {
  people ??= allPeople(false).catch((e: unknown) => {
    people = null;
    throw e;
  });
  return people;
}

/** Admins see those who have left too; not cached. */
export function loadAllPeopleForAdmin(): Promise<Person[]> {
  return allPeople(true);
}

export function loadUnits(): Promise<Unit[]> {
  units ??= get<Unit[]>('/api/units').catch((e: unknown) => {
    units = null;
    throw e;
  });
  return units;
}

export function loadFunctions(): Promise<Fn[]> {
  functions ??= get<Fn[]>('/api/functions').catch((e: unknown) => {
    functions = null;
    throw e;
  });
  return functions;
}

/** Forget what was loaded (a directory.changed event, a change made here, logging out). */
export function invalidateDirectory(entity?: string) {
  if (!entity || entity === 'person' || entity === 'import') people = null;
  if (!entity || entity === 'unit' || entity === 'import') units = null;
  if (!entity || entity === 'function' || entity === 'import' || entity === 'person') functions = null;
}
