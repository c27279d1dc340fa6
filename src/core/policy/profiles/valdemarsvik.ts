// Valdemarsviks kommun: "Telefonpolicy Valdemarsviks kommun" (policies/000). The most complete
// policy: switchboard hours, greeting, four rings, central answering machine.
//
// Silent, so defaults (defaults.ts): working hours (an example), the queue's aging and
// overflow, forwarding (internal only), absence announcement (at once), phone codes, voicemail
// limits, use abroad (allowed).
import { DEFAULT_HALF_DAYS } from '../../calendar/index.js';
import { mondayToFriday } from '../../hours/index.js';
import { CALL_BACK_WORKING_DAYS, FOUR_RINGS_SECONDS, profileDefaults } from '../defaults.js';
import type { MunicipalityProfile } from '../profile.js';
import { rulesOfSource } from '../rules.js';

export const valdemarsvik: MunicipalityProfile = {
  ...profileDefaults('Valdemarsviks kommun'),
  id: 'valdemarsvik',
  name: 'Valdemarsviks kommun',
  policy: { title: 'Telefonpolicy Valdemarsviks kommun', adopted: null },
  // P-SWB-2: "samtal inleds med 'Välkommen till Valdemarsviks kommun - det är "förnamn"'".
  greeting: 'Välkommen till Valdemarsviks kommun – det är {förnamn}',
  // P-ANS-1: "Du svarar med ditt för- och efternamn samt sektor/ enhetstillhörighet. Vid behov
  // också med din titel." (the default phrase, {förnamn} {efternamn}, {enhet})
  switchboardHours: {
    // P-SWB-8: "Växeln är öppen 08:00 – 16:00 måndag till fredagar, lunchstängt varje dag 12:00-13:00."
    weekly: mondayToFriday([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '16:00' },
    ]),
    // P-SWB-8: "Helgaftnar och dag före 'röd' dag 8:00-12:00." The days before a red day are
    // the generic kind; the named kinds of the calendar note are all eves of holidays too.
    halfDays: { kinds: [...DEFAULT_HALF_DAYS, 'dag-före-helgdag'], intervals: [{ from: '08:00', to: '12:00' }] },
    // "Helgaftnar" includes midsommar-, jul- and nyårsafton, so read literally the switchboard
    // is open 08–12 on those too (when they fall on a weekday). The admin can close them.
    closedOnSundayLikeEves: false,
    exceptions: [],
  },
  // P-CB-1: "Du ska ringa upp den som har lämnat meddelande till dig senast inom 2 arbetsdagar."
  callBack: { deadlineWorkingDays: CALL_BACK_WORKING_DAYS, byEmail: false },
  // P-SWB-1: "samtal besvaras inom fyra signaler".
  ringTimeSeconds: FOUR_RINGS_SECONDS,
  // P-SWB-7: "I växelpersonalens arbete prioriteras externa samtal före interna." (the default
  // queue puts external calls first)
  // Examples from PTS's numbers for fiction (08-465 004 00–49): the admin sets the real plan.
  numberPlan: {
    mainNumber: '+46846500400',
    directRanges: [{ from: '+46846500400', to: '+46846500449' }],
    extensionRanges: [{ from: '2000', to: '2999' }],
    operatorExtension: '2000',
    voicemailNumber: '2999',
    // Diversion "kan utföras både från telefonerna eller via dator" (P-DIV-6): phone codes
    // and the web; the policy names no automatic operator.
    automaticOperatorNumber: null,
  },
  // P-SWB-6: "Telefonsvarare meddelar växelns öppettider samt förekommande journummer." The
  // numbers are examples (PTS fiction series 070-174 06 05–99).
  onCall: [
    { label: 'Socialjouren', number: '+46701740605', when: 'switchboard-closed' },
    { label: 'Tekniska jouren, vatten och avlopp', number: '+46701740606', when: 'switchboard-closed' },
  ],
  // P-DIV-2: "alltid ange frånvaroorsak": the standard Swedish set of reasons.
  // "Röstbrevlådan i hänvisningssystemet CMG ska användas för all telefoni": voicemail for all;
  // "du därför använder lösenord (pinkod)" (P-SEC-1): the default 4-digit PIN.
  // P-COST-2 / P-SWB-12: "Undvik att använda 118 118 eller motsvarande tjänster."
  premiumRate: 'blocked-unless-approved',
  rules: rulesOfSource('V'),
  examples: ['workingHours', 'numberPlan', 'onCall', 'phoneCodes'],
};
