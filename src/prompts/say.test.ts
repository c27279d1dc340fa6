import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal, atStockholm, instant, plainDate, type Instant } from '../core/time.js';
import { mondayToFriday, type HoursSettings } from '../core/hours/index.js';
import { standardAbsenceReasons, valdemarsvik } from '../core/policy/index.js';
import {
  nameClip,
  sayAbsence,
  sayAnsweringMachine,
  sayCallBackBy,
  sayClockTime,
  sayConnectingTo,
  sayDate,
  sayDigits,
  sayDiversionSet,
  sayMessageCount,
  sayMessageHeader,
  sayMinutes,
  sayNextOpening,
  sayOutsidePhoneHours,
  sayNumber,
  sayOnCall,
  sayOpeningHours,
  sayPhoneNumber,
  sayQueuePosition,
  sayReasonMenu,
  sayRefusal,
  sayTime,
  sayVoicemailGreeting,
  sayWaitEstimate,
  sayWeekday,
  sayWhen,
} from './say.js';
import { words } from './testing.js';

const d = plainDate;
/** A Stockholm wall-clock moment. */
const at = (date: string, time: string): Instant => atStockholm(d(date), time);
const anna = nameClip('anna-berg');

describe('sayNumber', () => {
  const cases: [number, string][] = [
    [0, 'noll'],
    [1, 'ett'],
    [7, 'sju'],
    [12, 'tolv'],
    [19, 'nitton'],
    [20, 'tjugo'],
    [21, 'tjugo ett'],
    [45, 'fyrtio fem'],
    [99, 'nittio nio'],
    [100, 'hundra'],
    [101, 'hundra ett'],
    [110, 'hundra tio'],
    [200, 'två hundra'],
    [999, 'nio hundra nittio nio'],
    [1000, 'tusen'],
    [1001, 'tusen ett'],
    [2026, 'två tusen tjugo sex'],
    [21000, 'tjugo ett tusen'],
    [101000, 'hundra ett tusen'],
    [999999, 'nio hundra nittio nio tusen nio hundra nittio nio'],
  ];
  for (const [n, expected] of cases) {
    it(`${n}: "${expected}"`, () => assert.equal(words(sayNumber(n)), expected));
  }
  it('the clip ids of 21 and 2026', () => {
    assert.deepEqual(sayNumber(21), ['num.20', 'num.1']);
    assert.deepEqual(sayNumber(2026), ['num.2', 'num.thousand', 'num.20', 'num.6']);
  });
  it('"en" only for the last one of a common-gender count; "ett" before tusen', () => {
    assert.equal(words(sayNumber(1, 'common')), 'en');
    assert.equal(words(sayNumber(21, 'common')), 'tjugo en');
    assert.equal(words(sayNumber(21001, 'common')), 'tjugo ett tusen en');
    assert.equal(words(sayNumber(11, 'common')), 'elva');
  });
  it('refuses what it cannot say', () => {
    for (const n of [-1, 1.5, 1_000_000, Number.NaN]) assert.throws(() => sayNumber(n), RangeError, String(n));
  });
  it('"en minut", "tre minuter", "tjugo en minuter"', () => {
    assert.equal(words(sayMinutes(1)), 'en minut');
    assert.equal(words(sayMinutes(3)), 'tre minuter');
    assert.equal(words(sayMinutes(21)), 'tjugo en minuter');
  });
});

describe('digits and phone numbers', () => {
  it('an extension digit by digit', () => {
    assert.deepEqual(sayDigits('2311'), ['num.2', 'num.3', 'num.1', 'num.1']);
    assert.equal(words(sayDigits('0')), 'noll');
    assert.throws(() => sayDigits('23a'), RangeError);
    assert.throws(() => sayDigits(''), RangeError);
  });
  it('a Swedish number in its written groups, with a pause between them', () => {
    assert.equal(words(sayPhoneNumber('+46701740605')), 'noll sju noll , ett sju fyra , noll sex , noll fem');
    assert.equal(words(sayPhoneNumber('+46846500401')), 'noll åtta , fyra sex fem , noll noll fyra , noll ett');
  });
  it('a foreign number with its plus; digits as given', () => {
    assert.equal(words(sayPhoneNumber('+442079460958')), 'plus fyra fyra , två noll , sju nio fyra sex , noll nio fem åtta');
    assert.equal(words(sayPhoneNumber('2311')), 'två tre ett ett');
    assert.equal(words(sayPhoneNumber('112 13')), 'ett ett två , ett tre');
    assert.throws(() => sayPhoneNumber('070-ABC'), RangeError);
  });
});

describe('clock times (the speaking clock\'s form)', () => {
  const cases: [string, string][] = [
    ['00:00', 'klockan noll'],
    ['00:30', 'klockan noll och trettio'],
    ['01:00', 'klockan ett'],
    ['08:00', 'klockan åtta'],
    ['12:30', 'klockan tolv och trettio'],
    ['14:00', 'klockan fjorton'],
    ['14:05', 'klockan fjorton och fem'],
    ['14:30', 'klockan fjorton och trettio'],
    ['23:59', 'klockan tjugo tre och femtio nio'],
  ];
  for (const [time, expected] of cases) {
    it(`${time}: "${expected}"`, () => assert.equal(words(sayClockTime(time)), expected));
  }
  it('takes a PlainTime too; sayTime leaves out "klockan"', () => {
    assert.deepEqual(sayClockTime(Temporal.PlainTime.from('14:30')), ['time.at', 'num.14', 'word.and', 'num.30']);
    assert.equal(words(sayTime('16:30')), 'sexton och trettio');
  });
  it('refuses what is not HH:MM', () => {
    for (const t of ['8:00', '24:00', '12:60', 'noon']) assert.throws(() => sayClockTime(t), RangeError, t);
  });
});

describe('dates relative to a day', () => {
  const wednesday = d('2026-04-22');
  it('today, tomorrow, yesterday', () => {
    assert.deepEqual(sayDate(wednesday, wednesday), ['day.today']);
    assert.deepEqual(sayDate(d('2026-04-23'), wednesday), ['day.tomorrow']);
    assert.deepEqual(sayDate(d('2026-04-21'), wednesday), ['day.yesterday']);
  });
  it('later this week and next week: weekday, ordinal, month', () => {
    assert.equal(words(sayDate(d('2026-04-24'), wednesday)), 'fredag den tjugofjärde april');
    assert.equal(words(sayDate(d('2026-04-27'), wednesday)), 'måndag den tjugosjunde april');
    assert.deepEqual(sayDate(d('2026-04-27'), wednesday), ['weekday.1', 'ordinal.27', 'month.4']);
    assert.equal(words(sayDate(d('2026-05-01'), wednesday)), 'fredag den första maj');
    assert.equal(words(sayDate(d('2026-05-31'), wednesday)), 'söndag den trettioförsta maj');
  });
  it('across New Year: "i morgon" on nyårsafton, no year for a date days away', () => {
    assert.deepEqual(sayDate(d('2027-01-01'), d('2026-12-31')), ['day.tomorrow']);
    assert.equal(words(sayDate(d('2027-01-04'), d('2026-12-30'))), 'måndag den fjärde januari');
    assert.equal(words(sayDate(d('2026-12-28'), d('2027-01-02'))), 'måndag den tjugoåttonde december');
  });
  it('the year only for another year half a year or more away', () => {
    assert.equal(words(sayDate(d('2027-01-15'), wednesday)), 'fredag den femtonde januari två tusen tjugo sju');
    assert.equal(words(sayDate(d('2025-06-01'), wednesday)), 'söndag den första juni två tusen tjugo fem');
    assert.equal(words(sayDate(d('2026-12-01'), d('2026-01-10'))), 'tisdag den första december');
  });
  it('sayWeekday', () => {
    assert.equal(sayWeekday(1), 'weekday.1');
    assert.equal(words([sayWeekday(7)]), 'söndag');
  });
  it('sayWhen reads the Stockholm clock, also across the DST night', () => {
    assert.equal(words(sayWhen(instant('2026-04-22T12:30:00Z'), at('2026-04-22', '09:00'))), 'i dag klockan fjorton och trettio');
    assert.equal(words(sayWhen(at('2026-03-30', '08:00'), at('2026-03-28', '20:00'))), 'måndag den trettionde mars klockan åtta');
    // 23:30 UTC is already tomorrow in Stockholm.
    assert.equal(words(sayWhen(instant('2026-04-22T23:30:00Z'), at('2026-04-22', '20:00'))), 'i morgon klockan ett och trettio');
  });
});

describe('absences (P-SWB-4, P-DIV-1: the caller is told when the person is back)', () => {
  const now = at('2026-04-22', '10:00');
  it('the issue\'s example, clip by clip', () => {
    assert.deepEqual(sayAbsence({ who: { name: anna }, reason: 'meeting', returnsAt: at('2026-04-22', '14:30'), now }), [
      'name:anna-berg',
      'reason.meeting',
      'absence.returns',
      'day.today',
      'time.at',
      'num.14',
      'word.and',
      'num.30',
    ]);
  });
  it('without a name clip, the extension digit by digit', () => {
    assert.equal(
      words(sayAbsence({ who: { name: null, extension: '2311' }, reason: 'meeting', returnsAt: at('2026-04-22', '14:30'), now })),
      'anknytning två tre ett ett är på möte och är åter i dag klockan fjorton och trettio',
    );
  });
  it('the name wins over the extension; neither gives "Den du söker"', () => {
    assert.equal(words(sayAbsence({ who: { name: anna, extension: '2311' }, reason: 'lunch', now })), '<anna-berg> är på lunch');
    assert.equal(words(sayAbsence({ who: {}, reason: 'sick', now })), 'Den du söker är sjuk');
  });
  it('every standard reason of the profiles has its own sentence', () => {
    const said = standardAbsenceReasons().map((r) => words(sayAbsence({ who: { name: anna }, reason: r.code, now })));
    assert.deepEqual(said, [
      '<anna-berg> är på möte',
      '<anna-berg> är på lunch',
      '<anna-berg> är sjuk',
      '<anna-berg> är ledig',
      '<anna-berg> har semester',
      '<anna-berg> är på tjänsteresa',
      '<anna-berg> är på utbildning',
      '<anna-berg> är tillfälligt ute',
      '<anna-berg> har gått för dagen',
    ]);
  });
  it('a reason outside the standard set is said without naming it', () => {
    assert.equal(words(sayAbsence({ who: { name: anna }, reason: 'föräldraledig', now })), '<anna-berg> är inte anträffbar just nu');
    assert.equal(words(sayAbsence({ who: { name: anna }, reason: 'constructor', now })), '<anna-berg> är inte anträffbar just nu');
  });
  it('"Gått för dagen" on a Friday: back on Monday morning', () => {
    const friday = at('2026-04-24', '16:10');
    assert.equal(
      words(sayAbsence({ who: { extension: '2311' }, reason: 'gone-for-day', returnsAt: at('2026-04-27', '08:00'), now: friday })),
      'anknytning två tre ett ett har gått för dagen och är åter måndag den tjugosjunde april klockan åtta',
    );
    assert.equal(
      words(sayAbsence({ who: { name: anna }, reason: 'gone-for-day', returnsAt: at('2026-04-23', '08:00'), now })),
      '<anna-berg> har gått för dagen och är åter i morgon klockan åtta',
    );
  });
  it('a return at midnight is a whole day: the date without "klockan noll"', () => {
    assert.equal(
      words(sayAbsence({ who: { name: anna }, reason: 'vacation', returnsAt: at('2026-08-10', '00:00'), now })),
      '<anna-berg> har semester och är åter måndag den tionde augusti',
    );
  });
  it('a return time already passed is not said', () => {
    assert.equal(words(sayAbsence({ who: { name: anna }, reason: 'meeting', returnsAt: at('2026-04-22', '09:30'), now })), '<anna-berg> är på möte');
    assert.equal(words(sayAbsence({ who: { name: anna }, reason: 'meeting', returnsAt: now, now })), '<anna-berg> är på möte');
  });
  it('P-DIV-6: the spoken receipt of a diversion set by phone', () => {
    assert.equal(
      words(sayDiversionSet({ reason: 'meeting', returnsAt: at('2026-04-22', '14:30'), now })),
      'Hänvisningen är registrerad . Du är på möte och är åter i dag klockan fjorton och trettio',
    );
  });
  it('P-DIV-6: the automatic operator\'s reason menu from the profile\'s digits', () => {
    const menu = words(sayReasonMenu(standardAbsenceReasons()));
    assert.ok(menu.startsWith('Välj frånvaroorsak , tryck ett för möte , tryck två för lunch , tryck tre för sjukdom ,'), menu);
    assert.ok(menu.endsWith('tryck nio för gått för dagen'), menu);
    assert.equal(
      words(sayReasonMenu([{ code: 'parental', phoneDigit: '0', labelClip: nameClip('reason-parental') }, { code: 'x', phoneDigit: '5' }])),
      'Välj frånvaroorsak , tryck noll för <reason-parental> , tryck fem',
    );
  });
  it('connecting: a named target, a person, an extension', () => {
    assert.equal(words(sayConnectingTo('switchboard')), 'Ditt samtal kopplas till växeln');
    assert.equal(words(sayConnectingTo('reception')), 'Ditt samtal kopplas till expeditionen');
    assert.equal(words(sayConnectingTo({ name: anna })), 'Ditt samtal kopplas till <anna-berg>');
    assert.equal(words(sayConnectingTo({ extension: '2040' })), 'Ditt samtal kopplas till anknytning två noll fyra noll');
  });
  it('nameClip keys are path-safe', () => {
    assert.equal(nameClip('0b6c-4f_x'), 'name:0b6c-4f_x');
    for (const bad of ['', '../etc', 'a/b', 'å', '-x']) assert.throws(() => nameClip(bad), RangeError, bad);
  });
});

describe('voicemail', () => {
  it('P-VM-2: the fallback greeting ends with the beep', () => {
    assert.equal(
      words(sayVoicemailGreeting({ extension: '2311' })),
      'Du har kommit till röstbrevlådan för anknytning två tre ett ett . Lämna ett meddelande efter tonen . <pip>',
    );
  });
  it('counts with "ett nytt meddelande" and the plural', () => {
    assert.equal(words(sayMessageCount(0, 0)), 'Du har inga nya meddelanden');
    assert.equal(words(sayMessageCount(1, 0)), 'Du har ett nytt meddelande');
    assert.equal(words(sayMessageCount(2, 1)), 'Du har två nya meddelanden och ett sparat meddelande');
    assert.equal(words(sayMessageCount(0, 3)), 'Du har inga nya meddelanden och tre sparade meddelanden');
  });
  it('a message header: number, when, from whom', () => {
    const now = at('2026-04-22', '09:00');
    assert.equal(
      words(sayMessageHeader({ index: 1, receivedAt: at('2026-04-21', '16:45'), now, from: { number: '+46701740605' } })),
      'Meddelande ett , mottaget i går klockan sexton och fyrtio fem , från noll sju noll , ett sju fyra , noll sex , noll fem',
    );
    assert.equal(
      words(sayMessageHeader({ index: 12, receivedAt: at('2026-04-22', '08:05'), now, from: {} })),
      'Meddelande tolv , mottaget i dag klockan åtta och fem , från okänt nummer',
    );
    assert.equal(words(sayMessageHeader({ index: 2, receivedAt: now, now, from: { name: anna, number: '2311' } })).endsWith('från <anna-berg>'), true);
  });
  it('P-CB-1: the call-back deadline', () => {
    assert.equal(words(sayCallBackBy(at('2026-04-24', '16:30'), at('2026-04-22', '09:00'))), 'Ring upp senast fredag den tjugofjärde april klockan sexton och trettio');
  });
});

describe('opening hours for the central answering machine (P-SWB-6, P-SWB-8)', () => {
  const switchboard = valdemarsvik.switchboardHours;
  const weekly = 'Växeln har öppet måndag till fredag klockan åtta till sexton , lunchstängt klockan tolv till tretton';
  it('P-SWB-8: an ordinary day says the weekly hours with the lunch closure', () => {
    assert.equal(words(sayOpeningHours(switchboard, at('2026-04-22', '18:00'))), weekly);
  });
  it('a half day (trettondagsafton) comes first as today\'s hours', () => {
    assert.equal(words(sayOpeningHours(switchboard, at('2026-01-05', '13:00'))), `I dag har växeln öppet klockan åtta till tolv . ${weekly}`);
  });
  it('a holiday on a weekday (långfredagen) and an exception close today', () => {
    assert.equal(words(sayOpeningHours(switchboard, at('2026-04-03', '09:00'))), `I dag är växeln stängd . ${weekly}`);
    const klämdag: HoursSettings = { ...switchboard, exceptions: [{ date: '2026-05-15', intervals: [], note: 'Klämdag' }] };
    assert.equal(words(sayOpeningHours(klämdag, at('2026-05-15', '09:00'))), `I dag är växeln stängd . ${weekly}`);
  });
  it('an exception with other hours is said with them', () => {
    const special: HoursSettings = { ...switchboard, exceptions: [{ date: '2026-08-20', intervals: [{ from: '10:00', to: '14:00' }] }] };
    assert.equal(words(sayOpeningHours(special, at('2026-08-20', '08:00'))), `I dag har växeln öppet klockan tio till fjorton . ${weekly}`);
  });
  it('a holiday on a day that is closed anyway (Alla helgons dag, a Saturday) adds nothing', () => {
    assert.equal(words(sayOpeningHours(switchboard, at('2026-10-31', '10:00'))), weekly);
  });
  it('runs of days with the same hours are said together', () => {
    const settings: HoursSettings = {
      ...switchboard,
      weekly: {
        ...mondayToFriday([{ from: '08:00', to: '16:30' }]),
        5: [{ from: '08:00', to: '15:00' }],
        6: [{ from: '10:00', to: '14:00' }],
        7: [{ from: '10:00', to: '14:00' }],
      },
    };
    assert.equal(
      words(sayOpeningHours(settings, at('2026-04-22', '18:00'))),
      'Växeln har öppet måndag till torsdag klockan åtta till sexton och trettio , fredag klockan åtta till femton , lördag och söndag klockan tio till fjorton',
    );
  });
  it('gaps that are not lunch, midnight, and round the clock', () => {
    const split: HoursSettings = { ...switchboard, weekly: { 3: [{ from: '08:00', to: '10:00' }, { from: '18:00', to: '24:00' }] } };
    assert.equal(words(sayOpeningHours(split, at('2026-04-22', '11:00'))), 'Växeln har öppet onsdag klockan åtta till tio och klockan arton till midnatt');
    const lateLunch: HoursSettings = { ...switchboard, weekly: { 2: [{ from: '09:00', to: '11:30' }, { from: '12:15', to: '15:00' }] } };
    assert.equal(words(sayOpeningHours(lateLunch, at('2026-04-22', '11:00'))), 'Växeln har öppet tisdag klockan nio till femton , lunchstängt klockan elva och trettio till tolv och femton');
    const allDay: HoursSettings = { ...switchboard, weekly: { 1: [{ from: '00:00', to: '24:00' }] } };
    assert.equal(words(sayOpeningHours(allDay, at('2026-04-22', '11:00'))), 'Växeln har öppet måndag dygnet runt');
  });
  it('never open says nothing', () => {
    assert.deepEqual(sayOpeningHours({ ...switchboard, weekly: {} }, at('2026-04-22', '11:00')), []);
  });
  it('when it opens next: after lunch, after the weekend, not when open', () => {
    assert.equal(words(sayNextOpening(switchboard, at('2026-04-22', '12:30'))), 'Växeln öppnar igen i dag klockan tretton');
    assert.equal(words(sayNextOpening(switchboard, at('2026-04-24', '16:30'))), 'Växeln öppnar igen måndag den tjugosjunde april klockan åtta');
    assert.deepEqual(sayNextOpening(switchboard, at('2026-04-22', '10:00')), []);
    assert.deepEqual(sayNextOpening({ ...switchboard, weekly: {} }, at('2026-04-22', '10:00')), []);
  });
  it('P-HRS-1: outside phone hours, when they begin again; without a next start, only that they are over', () => {
    assert.equal(words(sayOutsidePhoneHours(at('2026-04-23', '09:00'), at('2026-04-22', '14:00'))), 'Vi har inte telefontid just nu . Telefontiden börjar i morgon klockan nio');
    assert.equal(words(sayOutsidePhoneHours(at('2026-04-22', '13:00'), at('2026-04-22', '12:10'))), 'Vi har inte telefontid just nu . Telefontiden börjar i dag klockan tretton');
    assert.equal(words(sayOutsidePhoneHours(null, at('2026-04-22', '14:00'))), 'Vi har inte telefontid just nu');
  });
  it('P-SWB-6: the whole answering machine, with the on-call numbers', () => {
    const onCall = [{ label: nameClip('socialjouren'), number: '+46701740605' }, { number: '+46701740606' }];
    assert.equal(
      words(sayAnsweringMachine({ settings: switchboard, now: at('2026-04-24', '17:00'), onCall })),
      'Välkommen till kommunen . Växeln är stängd . Växeln öppnar igen måndag den tjugosjunde april klockan åtta . ' +
        `${weekly} . För akuta ärenden ring <socialjouren> på noll sju noll , ett sju fyra , noll sex , noll fem . ` +
        'För akuta ärenden ring jouren på noll sju noll , ett sju fyra , noll sex , noll sex',
    );
    assert.equal(words(sayOnCall({ number: '+46701740606' })).startsWith('För akuta ärenden ring jouren på'), true);
  });
});

describe('queue and refusals', () => {
  it('the queue position', () => {
    assert.deepEqual(sayQueuePosition(1), ['queue.first']);
    assert.equal(words(sayQueuePosition(2)), 'Du har plats nummer två');
    assert.equal(words(sayQueuePosition(21)), 'Du har plats nummer tjugo ett');
    assert.throws(() => sayQueuePosition(0), RangeError);
  });
  it('the wait estimate in whole minutes, at least one', () => {
    assert.equal(words(sayWaitEstimate(20)), 'Beräknad väntetid är ungefär en minut');
    assert.equal(words(sayWaitEstimate(150)), 'Beräknad väntetid är ungefär tre minuter');
  });
  it('P-COST-2, P-SWB-12: premium and directory numbers point to the manager\'s approval', () => {
    assert.equal(words(sayRefusal('premium-rate')), 'Samtal till betalnummer är inte tillåtna . Kontakta din chef för godkännande');
    assert.equal(words(sayRefusal('directory')), 'Samtal till nummerupplysningen är inte tillåtna . Kontakta din chef för godkännande');
  });
  it('P-COST-3: calls abroad likewise', () => {
    assert.equal(words(sayRefusal('international')), 'Samtal till utlandet är inte tillåtna . Kontakta din chef för godkännande');
  });
  it('P-COST-1: forwarding to an external number has no approval to ask for', () => {
    assert.equal(words(sayRefusal('external-forward')), 'Vidarekoppling till externa nummer är inte tillåten');
  });
});
