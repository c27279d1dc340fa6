// Vara kommun: "Riktlinjer telefoni", adopted by the municipal director on 1 December 2013
// (policies/001). Three ways to divert, the automatic operator 31818, cost rules.
//
// Silent, so defaults (defaults.ts): the greeting's form (P-SWB-2's, with Vara's name),
// switchboard hours beyond the 08.00 opening and working hours (examples), ring time (four
// rings), the queue, on-call numbers (none), phone codes (Vara's are in an intranet manual).
import { CALL_BACK_WORKING_DAYS, profileDefaults } from '../defaults.js';
import type { MunicipalityProfile } from '../profile.js';
import { rulesOfSource } from '../rules.js';

export const vara: MunicipalityProfile = {
  ...profileDefaults('Vara kommun'),
  id: 'vara',
  name: 'Vara kommun',
  policy: { title: 'Riktlinjer telefoni', adopted: '2013-12-01' },
  // P-SWB-9: "Vi svarar på frågor om kommunens service och verksamhet, ring eller skicka e-post
  // till kontaktcenter."
  switchboardKind: 'contact-centre',
  // P-ANS-1: "Alla anställda ska svara med sitt namn och sin avdelning." (the default phrase)
  // P-HRS-4: the policy page shows only "Stängt Öppnar 24 apr kl 08.00": the contact centre
  // opens at 08.00, as the default hours do.
  // P-CB-3: "Ring upp den som lämnat meddelande i röstbrevlådan eller via e-post snarast."
  // "Snarast" has no number; 2 working days (the other policies' P-CB-1) is the measured default.
  callBack: { deadlineWorkingDays: CALL_BACK_WORKING_DAYS, byEmail: false },
  // P-COST-1: "Direkt vidarekoppling ska endast ske till interna nummer."
  forwarding: { internalOnly: true },
  numberPlan: {
    // Examples (PTS fiction series 031-390 06 00–99). Five-digit extensions in the 31xxx
    // series, like the automatic operator's number.
    mainNumber: '+46313900600',
    directRanges: [{ from: '+46313900600', to: '+46313900699' }],
    extensionRanges: [{ from: '31000', to: '31999' }],
    operatorExtension: '31000',
    voicemailNumber: '31999',
    // P-DIV-6: "Genom att knappa in hänvisningskoder på telefonen eller ringa automatisk
    // telefonist (31818)."
    automaticOperatorNumber: '31818',
  },
  // P-DIV-1: "Alla telefoner ska alltid hänvisas så att växeln kan lämna korrekt information."
  absenceAnnouncement: 'immediately',
  // P-VM-1: "De personer som har egen anknytning ska ha röstbrevlådan aktiverad ... Eventuella
  // undantag beslutas av chef." (the default: on for all). P-SEC-1: "PIN-kod och skärmlås".
  // P-COST-2: "Använd inte telefonen för betaltjänster/betalsamtal annat än om det är godkänt
  // av närmaste chef."
  premiumRate: 'blocked-unless-approved',
  // P-COST-3: "Du får inte använda telefonen när du reser utomlands om inte närmaste chef har
  // godkänt det."
  internationalCalls: 'by-permission',
  rules: rulesOfSource('R'),
  examples: [
    'switchboardHours',
    'workingHours',
    'numberPlan.mainNumber',
    'numberPlan.directRanges',
    'numberPlan.extensionRanges',
    'numberPlan.operatorExtension',
    'numberPlan.voicemailNumber',
    'phoneCodes',
  ],
};
