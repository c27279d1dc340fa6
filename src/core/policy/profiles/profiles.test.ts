import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dayHours, intervalsOn, isOpen, statusSentence, workingTime, type Interval } from '../../hours/index.js';
import { defaultEnd, type PresenceWorkingTime } from '../../presence/index.js';
import { atStockholm, plainDate, type Instant } from '../../time.js';
import { renderAnswerPhrase, renderGreeting, rulesOfSource, validateProfile, type MunicipalityProfile, type PolicySource } from '../index.js';
import { PROFILES, fagersta, karlsborg, nvk, profileById, valdemarsvik, vara } from './index.js';

const d = plainDate;
const at = (date: string, time: string): Instant => atStockholm(d(date), time);
const show = (intervals: Interval[]) => intervals.map((i) => `${i.from}–${i.to}`).join(', ');

const SOURCES: [MunicipalityProfile, PolicySource][] = [
  [valdemarsvik, 'V'],
  [vara, 'R'],
  [nvk, 'N'],
  [fagersta, 'F'],
  [karlsborg, 'K'],
];

describe('the five profiles', () => {
  it('are all there, in file order, found by id', () => {
    assert.deepEqual(
      PROFILES.map((p) => p.id),
      ['valdemarsvik', 'vara', 'nvk', 'fagersta', 'karlsborg'],
    );
    assert.equal(profileById('vara'), vara);
    assert.equal(profileById('sunne'), undefined);
  });
  for (const [profile, source] of SOURCES) {
    it(`${profile.name} validates and sets exactly the rules its policy (${source}) is a source of`, () => {
      assert.deepEqual(validateProfile(profile), []);
      assert.deepEqual(profile.rules, rulesOfSource(source));
      assert.ok(profile.rules.length > 0);
    });
  }
  it('share no objects, so that editing one cannot change another', () => {
    for (const [a, b] of [
      [nvk, fagersta],
      [fagersta, karlsborg],
      [vara, karlsborg],
    ] as const) {
      assert.notEqual(a.switchboardHours, b.switchboardHours);
      assert.notEqual(a.workingHours.weekly[1], b.workingHours.weekly[1]);
      assert.notEqual(a.absenceReasons[0], b.absenceReasons[0]);
      assert.notEqual(a.queue, b.queue);
    }
    assert.notEqual(nvk.switchboardHours.weekly[1], nvk.switchboardHours.weekly[2]);
  });
});

describe('switchboard hours on a normal day, a half day and a holiday', () => {
  it('P-SWB-8 Valdemarsvik: open 08–16 with lunch 12–13', () => {
    assert.equal(show(intervalsOn(d('2026-04-22'), valdemarsvik.switchboardHours)), '08:00–12:00, 13:00–16:00');
    assert.equal(isOpen(at('2026-04-22', '12:30'), valdemarsvik.switchboardHours), false);
    assert.equal(statusSentence(at('2026-04-22', '12:30'), valdemarsvik.switchboardHours, 'sv'), 'Stängt för lunch – öppnar kl. 13.00');
  });
  it('P-SWB-8 Valdemarsvik: 08–12 on an eve and on the day before a red day', () => {
    assert.equal(show(intervalsOn(d('2026-04-30'), valdemarsvik.switchboardHours)), '08:00–12:00'); // valborgsmässoafton
    assert.equal(show(intervalsOn(d('2026-05-13'), valdemarsvik.switchboardHours)), '08:00–12:00'); // before Kristi himmelsfärd
    assert.equal(show(intervalsOn(d('2026-12-24'), valdemarsvik.switchboardHours)), '08:00–12:00'); // julafton, a helgafton
    assert.equal(show(intervalsOn(d('2026-12-23'), valdemarsvik.switchboardHours)), '08:00–12:00, 13:00–16:00');
  });
  it('P-SWB-8 Valdemarsvik: closed on a holiday', () => {
    assert.equal(show(intervalsOn(d('2026-04-03'), valdemarsvik.switchboardHours)), '');
    assert.equal(dayHours(d('2026-04-03'), valdemarsvik.switchboardHours).note, 'Långfredagen');
  });
  it('P-HRS-4 Vara: the website line "Stängt – öppnar måndag 24 april kl. 08.00"', () => {
    assert.equal(statusSentence(at('2028-04-23', '15:00'), vara.switchboardHours, 'sv'), 'Stängt – öppnar måndag 24 april kl. 08.00');
    assert.equal(statusSentence(at('2028-04-24', '09:00'), vara.switchboardHours, 'sv'), 'Öppet till 16.00');
  });
  for (const profile of [vara, nvk, fagersta, karlsborg]) {
    it(`${profile.name}: 08–16 on a normal day, 08–12 on skärtorsdagen, closed on långfredagen and julafton`, () => {
      assert.equal(show(intervalsOn(d('2026-04-22'), profile.switchboardHours)), '08:00–16:00');
      assert.equal(show(intervalsOn(d('2026-04-02'), profile.switchboardHours)), '08:00–12:00');
      assert.equal(show(intervalsOn(d('2026-04-03'), profile.switchboardHours)), '');
      assert.equal(show(intervalsOn(d('2026-12-24'), profile.switchboardHours)), '');
    });
  }
});

describe('greetings and answer phrases', () => {
  it('P-SWB-2: Valdemarsvik\'s operator greeting', () => {
    assert.equal(renderGreeting(valdemarsvik, 'Anna'), 'Välkommen till Valdemarsviks kommun – det är Anna');
  });
  it('the default form for Vara, NVK and Fagersta', () => {
    assert.equal(renderGreeting(vara, 'Anna'), 'Välkommen till Vara kommun – det är Anna');
    assert.equal(renderGreeting(nvk, 'Anna'), 'Välkommen till NVK – det är Anna');
    assert.equal(renderGreeting(fagersta, 'Anna'), 'Välkommen till Fagersta kommun – det är Anna');
  });
  it('P-ANS-1 Karlsborg: first and last name and "Karlsborgs kommun", the contact centre too', () => {
    assert.equal(renderGreeting(karlsborg, 'Anna', 'Berg'), 'Karlsborgs kommun, Anna Berg');
    assert.equal(renderAnswerPhrase(karlsborg, { firstName: 'Anna', lastName: 'Berg', unit: 'Kontaktcenter' }), 'Anna Berg, Karlsborgs kommun');
  });
  it('P-ANS-1: first and last name and unit; without a unit the comma goes too', () => {
    assert.equal(renderAnswerPhrase(valdemarsvik, { firstName: 'Anna', lastName: 'Berg', unit: 'Bygglov' }), 'Anna Berg, Bygglov');
    assert.equal(renderAnswerPhrase(nvk, { firstName: 'Anna', lastName: 'Berg' }), 'Anna Berg');
  });
});

describe('the profiles drive the other cores', () => {
  it('P-CB-1 Valdemarsvik: a message on skärtorsdagen is due Wednesday after Easter at 16:30', () => {
    const due = workingTime(valdemarsvik.workingHours).dueAfterWorkingDays(at('2026-04-02', '15:00'), valdemarsvik.callBack.deadlineWorkingDays);
    assert.equal(due.toString(), at('2026-04-08', '16:30').toString());
  });
  it('absence reasons and working time fit the presence core (defaultEnd)', () => {
    const wt: PresenceWorkingTime = workingTime(fagersta.workingHours);
    const reason = (code: string) => fagersta.absenceReasons.find((r) => r.code === code)!;
    const start = at('2026-04-22', '10:00');
    assert.equal(defaultEnd(reason('lunch'), start, wt)?.toString(), at('2026-04-22', '11:00').toString());
    assert.equal(defaultEnd(reason('business-trip'), start, wt)?.toString(), at('2026-04-22', '16:30').toString());
    assert.equal(defaultEnd(reason('gone-for-day'), at('2026-04-02', '11:30'), wt)?.toString(), at('2026-04-07', '08:00').toString());
    assert.equal(defaultEnd(reason('vacation'), start, wt), null);
  });
  it('P-DIV-10 NVK: vacation and leave divert to the reception by default; others do not', () => {
    assert.deepEqual(
      nvk.absenceReasons.filter((r) => r.defaultTarget === 'reception').map((r) => r.code),
      ['leave', 'vacation'],
    );
    assert.equal(vara.absenceReasons.some((r) => r.defaultTarget !== undefined), false);
  });
  it('the Swedish set of absence reasons, with codes, labels and phone digits', () => {
    assert.deepEqual(
      valdemarsvik.absenceReasons.map((r) => `${r.phoneDigit} ${r.code} ${r.label}`),
      [
        '1 meeting Möte',
        '2 lunch Lunch',
        '3 sick Sjuk',
        '4 leave Ledig',
        '5 vacation Semester',
        '6 business-trip Tjänsteresa',
        '7 training Utbildning',
        '8 out Tillfälligt ute',
        '9 gone-for-day Gått för dagen',
      ],
    );
  });
  it('P-DIV-6 Vara: the automatic operator 31818 is an extension in the plan', () => {
    assert.equal(vara.numberPlan.automaticOperatorNumber, '31818');
  });
});

describe('docs/profiles.md', () => {
  it('describes every setting of the profile', () => {
    const doc = readFileSync(new URL('../../../../docs/profiles.md', import.meta.url), 'utf8');
    const missing = Object.keys(valdemarsvik).filter((key) => !doc.includes(`\`${key}\``));
    assert.deepEqual(missing, []);
  });
});
