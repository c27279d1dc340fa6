// Fagersta kommun: "Telefonpolicy", adopted by the municipal council on 28 October 2014, § 84
// (policies/003). As Valdemarsvik's, with the presence system "Informera" and voicemail that
// must be activated.
//
// Silent, so defaults (defaults.ts): the greeting's form (P-SWB-2's, with Fagersta's name),
// switchboard and working hours (examples), ring time, the queue, on-call numbers (none),
// phone codes, premium-rate numbers (blocked unless approved), use abroad (allowed).
import { CALL_BACK_WORKING_DAYS, profileDefaults } from '../defaults.js';
import type { MunicipalityProfile } from '../profile.js';
import { rulesOfSource } from '../rules.js';

export const fagersta: MunicipalityProfile = {
  ...profileDefaults('Fagersta kommun'),
  id: 'fagersta',
  name: 'Fagersta kommun',
  policy: { title: 'Telefonpolicy', adopted: '2014-10-28' },
  // P-ANS-1: "Du svarar med för- och efternamn samt organisations/enhetstillhörighet." (the
  // default phrase)
  // P-CB-1: "Du ska ringa upp den som har lämnat meddelande till dig senast inom 2 arbetsdagar."
  callBack: { deadlineWorkingDays: CALL_BACK_WORKING_DAYS, byEmail: false },
  // P-GRP-1: "Vid behov vidarekopplas samtal till annan kollega/enhet": internal.
  forwarding: { internalOnly: true },
  // Examples (PTS fiction series 0980-319 200–299).
  numberPlan: {
    mainNumber: '+46980319200',
    directRanges: [{ from: '+46980319200', to: '+46980319299' }],
    extensionRanges: [{ from: '3000', to: '3999' }],
    operatorExtension: '3000',
    voicemailNumber: '3999',
    automaticOperatorNumber: null,
  },
  // P-DIV-1: "du ska alltid hänvisa din telefon när du inte kan ta emot samtal".
  absenceAnnouncement: 'immediately',
  // P-VM-1: "meddelande i röstbrevlådan som ska finnas aktiverat i telefonistödet Informera"
  // (the default: on for all); P-SEC-1: "lösenord (pinkod)".
  rules: rulesOfSource('F'),
  examples: ['switchboardHours', 'workingHours', 'numberPlan', 'phoneCodes'],
};
