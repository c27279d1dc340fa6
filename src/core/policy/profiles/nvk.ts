// NVK (a municipal association): its policy for telephone and e-mail (policies/002). Phone and
// e-mail alike: call back *or e-mail* within 2 working days, refer to the reception.
//
// Silent, so defaults (defaults.ts): the switchboard (none is named; its hours are examples),
// the greeting's form, ring time, the queue, forwarding (internal only), on-call numbers
// (none), phone codes, premium-rate numbers (blocked unless approved), use abroad (allowed).
import { CALL_BACK_WORKING_DAYS, profileDefaults, standardAbsenceReasons } from '../defaults.js';
import type { MunicipalityProfile } from '../profile.js';
import { rulesOfSource } from '../rules.js';

export const nvk: MunicipalityProfile = {
  ...profileDefaults('NVK'),
  id: 'nvk',
  // The policy calls the organisation "NVK" throughout; the admin may write the name out.
  name: 'NVK',
  // The document has no title line; this one describes it.
  policy: { title: 'Policy för telefon och e-post', adopted: null },
  // P-ANS-1: "Du svarar med för- och efternamn samt organisations/enhetstillhörighet. Vid behov
  // också med din titel." (the default phrase)
  // P-CB-1: "Du ska ringa upp eller e-posta till den som har lämnat meddelande till dig senast
  // inom 2 arbetsdagar."
  callBack: { deadlineWorkingDays: CALL_BACK_WORKING_DAYS, byEmail: true },
  // Examples (PTS fiction series 040-628 04 00–99).
  numberPlan: {
    mainNumber: '+46406280400',
    directRanges: [{ from: '+46406280400', to: '+46406280499' }],
    extensionRanges: [{ from: '4000', to: '4999' }],
    operatorExtension: '4000',
    voicemailNumber: '4999',
    automaticOperatorNumber: null,
  },
  // P-DIV-10: "Vid semester/ledighet hänvisar du ... Du hänvisar även till expeditionen för
  // behandling." Vacation and leave divert to the reception by default.
  absenceReasons: standardAbsenceReasons().map((r) =>
    r.code === 'vacation' || r.code === 'leave' ? { ...r, defaultTarget: 'reception' as const } : r,
  ),
  // P-DIV-1: "du ska alltid hänvisa din telefon när du inte kan ta emot samtal".
  absenceAnnouncement: 'immediately',
  // P-VM-1: "Den som ringer ska ha möjlighet att lämna ett meddelande i röstbrevlådan."
  // P-VM-2: "ett kortfattat inspelat röstmeddelande"; P-SEC-1: "lösenord (pinkod)". (defaults)
  rules: rulesOfSource('N'),
  examples: ['switchboardHours', 'workingHours', 'numberPlan', 'phoneCodes'],
};
