// Checking a profile before it is stored or used. Every problem is collected, in Swedish for
// the admin and English for the log, with the field and, where a rule demands the value, the
// rule. A rule the profile lists must not be contradicted by its settings: a profile that sets
// P-COST-1 cannot allow forwarding to external numbers.
import { problem, type Problem } from '../errors.js';
import { validateHours, type HoursSettings } from '../hours/index.js';
import { isInExtensionPlan, normalizeNumber, validateNumberPlan } from '../numbers/index.js';
import { isGreetingSlot, templateSlots } from './greeting.js';
import type { MunicipalityProfile } from './profile.js';
import { policyRule } from './rules.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PHONE_CODE = /^[*#]\d{1,3}#?$/;

/** Collects problems; `need` adds one when a condition fails. */
class Problems {
  readonly list: Problem[] = [];
  need(condition: boolean, code: string, sv: string, en: string, field: string, rule?: string): void {
    if (!condition) this.list.push(problem(code, sv, en, rule ? { field, rule } : { field }));
  }
  add(problems: Problem[]): void {
    this.list.push(...problems);
  }
}

function isWholeNumber(n: unknown, min: number, max: number): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
}

function isE164(s: string): boolean {
  const n = normalizeNumber(s);
  return n.ok && n.value.form === 'e164' && n.value.value === s;
}

function hasOpenHours(settings: HoursSettings): boolean {
  return Object.values(settings.weekly ?? {}).some((intervals) => (intervals ?? []).length > 0);
}

function prefixed(problems: Problem[], prefix: string): Problem[] {
  return problems.map((p) => ({ ...p, field: p.field ? `${prefix}.${p.field}` : prefix }));
}

/** Does the dotted path name a setting of the profile? */
function pathExists(profile: MunicipalityProfile, path: string): boolean {
  let value: unknown = profile;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) return false;
    value = (value as Record<string, unknown>)[key];
  }
  return true;
}

function checkTemplates(p: MunicipalityProfile, out: Problems): void {
  const sets = (rule: string) => p.rules.includes(rule);
  for (const field of ['greeting', 'answerPhrase'] as const) {
    for (const slot of templateSlots(p[field])) {
      out.need(isGreetingSlot(slot), 'profile.template.slot', `Okänd platshållare {${slot}}; använd {förnamn}, {efternamn}, {enhet} eller {titel}.`, `Unknown slot {${slot}}.`, field);
    }
  }
  out.need(templateSlots(p.greeting).includes('förnamn'), 'profile.greeting.first-name', 'Hälsningsfrasen ska innehålla {förnamn}, telefonistens förnamn.', 'The greeting must contain {förnamn}.', 'greeting', sets('P-SWB-2') ? 'P-SWB-2' : undefined);
  const answer = templateSlots(p.answerPhrase);
  out.need(answer.includes('förnamn') && answer.includes('efternamn'), 'profile.answer.name', 'Svarsfrasen ska innehålla {förnamn} och {efternamn}.', 'The answer phrase must contain {förnamn} and {efternamn}.', 'answerPhrase', 'P-ANS-1');
}

function checkNumbers(p: MunicipalityProfile, out: Problems): void {
  const plan = p.numberPlan;
  out.add(prefixed(validateNumberPlan(plan), 'numberPlan'));
  out.need(isE164(plan.mainNumber), 'profile.number.main', `Växelnumret ${plan.mainNumber} ska skrivas i internationell form, t.ex. +46846500400.`, 'The main number must be E.164.', 'numberPlan.mainNumber');
  (plan.directRanges ?? []).forEach((r, i) => {
    out.need(isE164(r.from) && isE164(r.to) && r.from.length === r.to.length && r.from <= r.to, 'profile.number.direct-range', `Direktnummerserien ${r.from}–${r.to} ska vara två lika långa nummer i internationell form, i ordning.`, `Direct range ${i} must be two E.164 numbers of equal length, in order.`, `numberPlan.directRanges.${i}`);
  });
  const special: [string, string | null][] = [
    ['operatorExtension', plan.operatorExtension],
    ['voicemailNumber', plan.voicemailNumber],
    ['automaticOperatorNumber', plan.automaticOperatorNumber],
  ];
  const seen = new Set<string>();
  for (const [field, value] of special) {
    if (value === null) continue;
    out.need(isInExtensionPlan(value, plan), 'profile.number.not-extension', `${value} ligger inte i någon anknytningsserie.`, `${field} ${value} is not in an extension range.`, `numberPlan.${field}`);
    out.need(!seen.has(value), 'profile.number.duplicate', `${value} används redan för ett annat ändamål.`, `${field} ${value} is used twice.`, `numberPlan.${field}`);
    seen.add(value);
  }
  p.onCall.forEach((o, i) => {
    const field = `onCall.${i}`;
    out.need(o.label.trim() !== '', 'profile.on-call.label', 'Journumret behöver en benämning.', 'On-call number needs a label.', `${field}.label`);
    out.need(isE164(o.number), 'profile.on-call.number', `Journumret ${o.number} ska skrivas i internationell form.`, 'On-call number must be E.164.', `${field}.number`, 'P-SWB-6');
    if (typeof o.when === 'object') out.add(validateHours(o.when, `${field}.when`));
    else out.need(o.when === 'always' || o.when === 'switchboard-closed', 'profile.on-call.when', 'Ange när journumret gäller.', 'on-call "when" must be always, switchboard-closed or hours.', `${field}.when`);
  });
}

function checkAbsenceReasons(p: MunicipalityProfile, out: Problems): void {
  out.need(p.absenceReasons.length > 0, 'profile.absence.none', 'Minst en frånvaroorsak behövs.', 'At least one absence reason is needed.', 'absenceReasons', 'P-DIV-2');
  const codes = new Set<string>();
  const digits = new Set<string>();
  p.absenceReasons.forEach((r, i) => {
    const field = `absenceReasons.${i}`;
    out.need(SLUG.test(r.code) && !codes.has(r.code), 'profile.absence.code', `Koden "${r.code}" ska vara unik och skrivas med små bokstäver och bindestreck.`, `Reason code "${r.code}" must be a unique slug.`, `${field}.code`);
    out.need(r.label.trim() !== '' && r.labelEn.trim() !== '', 'profile.absence.label', 'Frånvaroorsaken behöver en svensk och en engelsk benämning.', 'Reason needs Swedish and English labels.', `${field}.label`);
    out.need(/^\d$/.test(r.phoneDigit) && !digits.has(r.phoneDigit), 'profile.absence.digit', `Sifferkoden "${r.phoneDigit}" ska vara en siffra som ingen annan orsak har.`, `Phone digit "${r.phoneDigit}" must be one unique digit.`, `${field}.phoneDigit`, 'P-DIV-6');
    const length = r.defaultLength;
    out.need(
      length === undefined || length === 'rest-of-day' || length === 'next-working-day-start' || isWholeNumber(length, 1, 24 * 60),
      'profile.absence.length',
      'Standardlängden ska vara minuter (1–1440), "resten av dagen" eller "nästa arbetsdags början".',
      'defaultLength must be 1–1440 minutes, rest-of-day or next-working-day-start.',
      `${field}.defaultLength`,
    );
    codes.add(r.code);
    digits.add(r.phoneDigit);
  });
}

function checkPhoneCodes(p: MunicipalityProfile, out: Problems): void {
  const entries = Object.entries(p.phoneCodes);
  for (const [name, code] of entries) {
    out.need(PHONE_CODE.test(code), 'profile.phone-code.syntax', `Koden "${code}" ska börja med * eller # följt av en till tre siffror.`, `Phone code "${code}" must be * or # and 1–3 digits.`, `phoneCodes.${name}`);
    const clash = entries.find(([other, c]) => other !== name && code.startsWith(c));
    out.need(!clash, 'profile.phone-code.prefix', `Koden "${code}" börjar som koden "${clash?.[1]}" och kan inte skiljas från den.`, `Phone code "${code}" starts with "${clash?.[1]}".`, `phoneCodes.${name}`);
  }
}

/** Every problem with a profile; [] when it can be used. */
export function validateProfile(p: MunicipalityProfile): Problem[] {
  const out = new Problems();
  const sets = (rule: string) => p.rules.includes(rule);

  out.need(SLUG.test(p.id), 'profile.id', `Id "${p.id}" ska skrivas med små bokstäver, siffror och bindestreck.`, 'id must be a slug.', 'id');
  out.need(p.name.trim() !== '', 'profile.name', 'Kommunens namn saknas.', 'name is empty.', 'name');
  checkTemplates(p, out);

  out.add(validateHours(p.switchboardHours, 'switchboardHours'));
  out.add(validateHours(p.workingHours, 'workingHours'));
  out.need(hasOpenHours(p.workingHours), 'profile.working-hours.empty', 'Arbetstiden måste ha minst en dag med tider; annars kan ingen svarstid räknas ut.', 'Working hours must open on some weekday, or no deadline can be computed.', 'workingHours.weekly', 'P-CB-1');

  const days = p.callBack.deadlineWorkingDays;
  out.need(isWholeNumber(days, 1, 30), 'profile.call-back.days', 'Tiden för återkoppling ska vara 1–30 arbetsdagar.', 'deadlineWorkingDays must be 1–30.', 'callBack.deadlineWorkingDays');
  if (sets('P-CB-1')) {
    out.need(days <= 2, 'profile.call-back.policy', 'Policyn kräver återkoppling senast inom 2 arbetsdagar.', 'The policy requires call-back within 2 working days.', 'callBack.deadlineWorkingDays', 'P-CB-1');
  }
  out.need(isWholeNumber(p.ringTimeSeconds, 6, 120), 'profile.ring-time', 'Signaltiden ska vara 6–120 sekunder (24 s är fyra signaler).', 'ringTimeSeconds must be 6–120.', 'ringTimeSeconds', 'P-SWB-1');

  const q = p.queue;
  out.need(!sets('P-SWB-7') || q.externalBeforeInternal, 'profile.queue.priority', 'Policyn kräver att externa samtal går före interna.', 'The policy requires external calls before internal ones.', 'queue.externalBeforeInternal', 'P-SWB-7');
  out.need(isWholeNumber(q.internalPromotionSeconds, 1, 3600), 'profile.queue.aging', 'Ange efter hur många sekunder (1–3600) ett internt samtal jämställs med externa.', 'internalPromotionSeconds must be 1–3600.', 'queue.internalPromotionSeconds');
  out.need(isWholeNumber(q.maxWaitSeconds, 10, 3600), 'profile.queue.max-wait', 'Längsta kötid ska vara 10–3600 sekunder.', 'maxWaitSeconds must be 10–3600.', 'queue.maxWaitSeconds', 'P-FC-1');
  out.need(q.recallSeconds === undefined || isWholeNumber(q.recallSeconds, 10, 300), 'profile.queue.recall', 'Ett kopplat samtal som ingen svarar på ska komma tillbaka till telefonisten efter 10–300 sekunder.', 'recallSeconds must be 10–300.', 'queue.recallSeconds', 'P-FC-1');
  if (q.overflowTo.kind === 'number') {
    const internal = isInExtensionPlan(q.overflowTo.number, p.numberPlan);
    out.need(internal || !p.forwarding.internalOnly, 'profile.queue.overflow-external', `Samtal får bara kopplas vidare till interna nummer, inte ${q.overflowTo.number}.`, 'Overflow must go to an internal number.', 'queue.overflowTo.number', 'P-COST-1');
  }
  out.need(!sets('P-COST-1') || p.forwarding.internalOnly, 'profile.forwarding', 'Policyn tillåter vidarekoppling bara till interna nummer.', 'The policy allows forwarding to internal numbers only.', 'forwarding.internalOnly', 'P-COST-1');

  checkNumbers(p, out);
  checkAbsenceReasons(p, out);
  out.need(['immediately', 'after-ringing'].includes(p.absenceAnnouncement), 'profile.absence.announcement', 'Ange om frånvaron meddelas direkt eller efter signaler.', 'absenceAnnouncement must be immediately or after-ringing.', 'absenceAnnouncement');

  const vm = p.voicemail;
  out.need(!sets('P-VM-1') || vm.enabledForAll, 'profile.voicemail.all', 'Policyn kräver att alla med anknytning har röstbrevlåda.', 'The policy requires voicemail for everyone with an extension.', 'voicemail.enabledForAll', 'P-VM-1');
  out.need(isWholeNumber(vm.maxMessageSeconds, 10, 600), 'profile.voicemail.length', 'Längsta meddelande ska vara 10–600 sekunder.', 'maxMessageSeconds must be 10–600.', 'voicemail.maxMessageSeconds');
  out.need(isWholeNumber(vm.pinLength, 4, 8), 'profile.voicemail.pin', 'PIN-koden ska ha 4–8 siffror.', 'pinLength must be 4–8.', 'voicemail.pinLength', 'P-SEC-1');
  out.need(isWholeNumber(vm.greetingMaxAgeDays, 1, 3650), 'profile.voicemail.greeting-age', 'Ange efter hur många dagar ett röstmeddelande räknas som gammalt.', 'greetingMaxAgeDays must be 1–3650.', 'voicemail.greetingMaxAgeDays', 'P-VM-2');

  checkPhoneCodes(p, out);
  out.need(!sets('P-COST-2') || p.premiumRate === 'blocked-unless-approved', 'profile.premium', 'Policyn spärrar betalnummer om inte chefen godkänt dem.', 'The policy blocks premium-rate numbers unless approved.', 'premiumRate', 'P-COST-2');
  out.need(!sets('P-COST-3') || p.internationalCalls === 'by-permission', 'profile.abroad', 'Policyn kräver chefens godkännande för användning utomlands.', 'The policy requires approval for use abroad.', 'internationalCalls', 'P-COST-3');

  p.rules.forEach((id, i) => {
    out.need(policyRule(id) !== undefined, 'profile.rule.unknown', `Regeln ${id} finns inte i regelkatalogen.`, `Unknown rule ${id}.`, `rules.${i}`);
    out.need(p.rules.indexOf(id) === i, 'profile.rule.duplicate', `Regeln ${id} står två gånger.`, `Rule ${id} is listed twice.`, `rules.${i}`);
  });
  p.examples.forEach((path, i) => {
    out.need(pathExists(p, path), 'profile.example.path', `Inställningen "${path}" finns inte.`, `Example path "${path}" names no setting.`, `examples.${i}`);
  });
  return out.list;
}
