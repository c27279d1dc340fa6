// Consistency check of a demo municipality, for the tests and for the loader to run before
// it writes anything: every key resolves, numbers and addresses are unique, managers form
// a tree. Problems carry Swedish and English text like every validation error.
import { problem, type Problem } from '../core/errors.js';
import type { DemoLocalTime, DemoMunicipality } from './types.js';

const EXTENSION = /^\d{4}$/;
const E164 = /^\+46\d{7,10}$/;
// firstname.lastname, with a number after the last name when the name is taken.
const EMAIL = /^[a-z0-9-]+\.[a-z0-9-]+@[a-z0-9.-]+$/;

const localKey = (t: DemoLocalTime): string => `${t.date}T${t.time}`;

export function checkDemoMunicipality(m: DemoMunicipality): Problem[] {
  const problems: Problem[] = [];
  const bad = (code: string, sv: string, en: string, field: string): void => {
    problems.push(problem(`demo.${code}`, sv, en, { field }));
  };

  const keysOf = <T extends { key: string }>(list: T[], what: string, field: string): Map<string, T> => {
    const map = new Map<string, T>();
    for (const item of list) {
      if (map.has(item.key)) bad(`${what}.key.duplicate`, `Nyckeln ${item.key} förekommer två gånger.`, `Duplicate ${what} key ${item.key}.`, `${field}.${item.key}`);
      map.set(item.key, item);
    }
    return map;
  };
  const units = keysOf(m.units, 'unit', 'units');
  const functions = keysOf(m.functions, 'function', 'functions');
  const people = keysOf(m.people, 'person', 'people');
  keysOf(m.absences, 'absence', 'absences');
  keysOf(m.callbacks, 'callback', 'callbacks');

  const needUnit = (key: string | null, field: string): void => {
    if (key !== null && !units.has(key)) bad('unit.unknown', `Enheten ${key} finns inte.`, `Unknown unit ${key}.`, field);
  };
  const needFunction = (key: string | null, field: string): void => {
    if (key !== null && !functions.has(key)) bad('function.unknown', `Funktionen ${key} finns inte.`, `Unknown function ${key}.`, field);
  };
  const needPerson = (key: string | null, field: string): void => {
    if (key !== null && !people.has(key)) bad('person.unknown', `Personen ${key} finns inte.`, `Unknown person ${key}.`, field);
  };

  // The organisation is a tree.
  for (const u of m.units) {
    needUnit(u.parentKey, `units.${u.key}.parentKey`);
    needFunction(u.receptionFunctionKey, `units.${u.key}.receptionFunctionKey`);
    const seen = new Set<string>();
    for (let k: string | null = u.key; k !== null; k = units.get(k)?.parentKey ?? null) {
      if (seen.has(k)) {
        bad('unit.cycle', `Enheten ${u.key} ligger under sig själv.`, `Unit ${u.key} is its own ancestor.`, `units.${u.key}.parentKey`);
        break;
      }
      seen.add(k);
    }
  }

  const ranges = m.numberPlan.extensionRanges.map((r) => [Number(r.from), Number(r.to)] as const);
  const directRanges = m.numberPlan.directRanges;
  const extensionOwner = new Map<string, string>();
  const numberOwner = new Map<string, string>();
  const claimExtension = (ext: string, owner: string, field: string): void => {
    const n = Number(ext);
    if (!EXTENSION.test(ext) || !ranges.some(([from, to]) => n >= from && n <= to)) {
      bad('extension.outside', `Anknytningen ${ext} ligger utanför nummerplanen.`, `Extension ${ext} is outside the number plan.`, field);
    }
    if (ext === m.numberPlan.voicemailNumber) {
      bad('extension.reserved', `Anknytningen ${ext} är röstbrevlådans nummer.`, `Extension ${ext} is the voicemail number.`, field);
    }
    const other = extensionOwner.get(ext);
    if (other !== undefined) bad('extension.duplicate', `Anknytningen ${ext} används redan av ${other}.`, `Extension ${ext} is already used by ${other}.`, field);
    extensionOwner.set(ext, owner);
  };
  const claimNumber = (num: string | null, owner: string, field: string): void => {
    if (num === null) return;
    if (!E164.test(num)) bad('number.shape', `Numret ${num} är inte ett svenskt nummer i E.164-form.`, `${num} is not a Swedish E.164 number.`, field);
    const own = num === m.numberPlan.mainNumber || directRanges.some((r) => num.length === r.from.length && num >= r.from && num <= r.to);
    if (!field.endsWith('mobileNumber') && !own) {
      bad('number.outside', `Direktnumret ${num} ligger utanför kommunens nummerserier.`, `Direct number ${num} is outside the municipality's ranges.`, field);
    }
    const other = numberOwner.get(num);
    if (other !== undefined) bad('number.duplicate', `Numret ${num} används redan av ${other}.`, `Number ${num} is already used by ${other}.`, field);
    numberOwner.set(num, owner);
  };

  for (const f of m.functions) {
    const field = `functions.${f.key}`;
    needUnit(f.unitKey, `${field}.unitKey`);
    needFunction(f.overflowFunctionKey, `${field}.overflowFunctionKey`);
    claimExtension(f.extension, f.key, `${field}.extension`);
    claimNumber(f.directNumber, f.key, `${field}.directNumber`);
    // P-GRP-1: a service function always has someone who can answer.
    if (f.memberKeys.length === 0) bad('function.empty', `Funktionen ${f.name} saknar medlemmar.`, `Function ${f.key} has no members.`, `${field}.memberKeys`);
    for (const k of f.memberKeys) {
      needPerson(k, `${field}.memberKeys`);
      if (people.get(k)?.functionKeys.includes(f.key) === false) {
        bad('function.member.mismatch', `${k} är medlem i ${f.name} men saknar funktionen.`, `${k} is a member of ${f.key} but does not list it.`, `${field}.memberKeys`);
      }
    }
  }

  const emails = new Map<string, string>();
  for (const p of m.people) {
    const field = `people.${p.key}`;
    if (p.firstName.trim() === '' || p.lastName.trim() === '') bad('person.name.missing', `${p.key} saknar namn.`, `${p.key} has no name.`, field);
    needUnit(p.unitKey, `${field}.unitKey`);
    needPerson(p.managerKey, `${field}.managerKey`);
    for (const fk of p.functionKeys) {
      needFunction(fk, `${field}.functionKeys`);
      if (functions.get(fk)?.memberKeys.includes(p.key) === false) {
        bad('person.function.mismatch', `${p.key} saknas bland medlemmarna i ${fk}.`, `${p.key} is missing from the members of ${fk}.`, `${field}.functionKeys`);
      }
    }
    // Matters travel as one CSV cell in the directory's import and export.
    for (const matter of p.matters) {
      if (/[,|]/.test(matter)) bad('person.matter.separator', `Ärendet "${matter}" får inte innehålla komma eller |.`, `Matter "${matter}" must not contain a comma or |.`, `${field}.matters`);
    }
    claimExtension(p.extension, p.key, `${field}.extension`);
    claimNumber(p.directNumber, p.key, `${field}.directNumber`);
    claimNumber(p.mobileNumber, p.key, `${field}.mobileNumber`);
    // P-MOB-8 needs a mobile to ring.
    if (p.mobileExtension && p.mobileNumber === null) {
      bad('person.mex.without-mobile', `${p.key} har MEX-anknytning men ingen mobil.`, `${p.key} has a mobile extension but no mobile.`, `${field}.mobileExtension`);
    }
    const email = p.email.toLowerCase();
    if (!EMAIL.test(email) || !email.endsWith(`@${m.emailDomain}`)) bad('person.email.shape', `E-postadressen ${p.email} har fel form.`, `Malformed e-mail ${p.email}.`, `${field}.email`);
    const other = emails.get(email);
    if (other !== undefined) bad('person.email.duplicate', `E-postadressen ${p.email} används redan av ${other}.`, `E-mail ${p.email} is already used by ${other}.`, `${field}.email`);
    emails.set(email, p.key);
    // Managers form a tree: following managerKey never returns to the start.
    const seen = new Set<string>();
    for (let k: string | null = p.key; k !== null; k = people.get(k)?.managerKey ?? null) {
      if (seen.has(k)) {
        bad('person.manager.cycle', `Chefskedjan från ${p.key} går i ring.`, `The manager chain from ${p.key} is a cycle.`, `${field}.managerKey`);
        break;
      }
      seen.add(k);
    }
  }

  for (const a of m.absences) {
    const field = `absences.${a.key}`;
    needPerson(a.personKey, `${field}.personKey`);
    needPerson(a.createdByKey, `${field}.createdByKey`);
    // P-DIV-3: an absence ends after it starts.
    if (localKey(a.end) <= localKey(a.start)) bad('absence.end.before-start', `Frånvaron ${a.key} slutar innan den börjar.`, `Absence ${a.key} ends before it starts.`, `${field}.end`);
    if (a.target.kind === 'person') needPerson(a.target.personKey, `${field}.target`);
    if (a.target.kind === 'function') needFunction(a.target.functionKey, `${field}.target`);
  }

  for (const c of m.callbacks) {
    const field = `callbacks.${c.key}`;
    needPerson(c.forPersonKey, `${field}.forPersonKey`);
    needFunction(c.viaFunctionKey, `${field}.viaFunctionKey`);
    needPerson(c.takenByKey, `${field}.takenByKey`);
    needUnit(c.unitKey, `${field}.unitKey`);
    if (c.viaFunctionKey !== null && functions.get(c.viaFunctionKey)?.memberKeys.includes(c.forPersonKey) === false) {
      bad('callback.owner.not-member', `Meddelandet ${c.key} ägs av någon utanför funktionen.`, `Call-back ${c.key} is owned by someone outside ${c.viaFunctionKey}.`, `${field}.forPersonKey`);
    }
  }

  for (const l of m.demoLogins) {
    const p = people.get(l.personKey);
    if (p === undefined) needPerson(l.personKey, 'demoLogins');
    else if (p.role !== l.role || p.email !== l.email || p.extension !== l.extension) {
      bad('login.mismatch', `Demoinloggningen för ${l.email} stämmer inte med personen.`, `Demo login ${l.email} does not match its person.`, 'demoLogins');
    }
  }
  return problems;
}
