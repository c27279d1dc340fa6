// Karlsborgs kommun: its telephone policy (policies/004). Förvaltningslagen 6–7 §, the contact
// centre's duties, cost allocation and information security.
//
// Silent, so defaults (defaults.ts): contact-centre and working hours (examples), the
// call-back deadline's number of days, ring time, the queue, forwarding (internal only),
// on-call numbers (none), phone codes, premium-rate numbers (blocked unless approved), use
// abroad (allowed; "Tjänstemobiler får endast användas privat om särskilt avtal tecknats" is
// about private use, P-MOB-7).
import { profileDefaults } from '../defaults.js';
import type { MunicipalityProfile } from '../profile.js';
import { rulesOfSource } from '../rules.js';

export const karlsborg: MunicipalityProfile = {
  ...profileDefaults('Karlsborgs kommun'),
  id: 'karlsborg',
  name: 'Karlsborgs kommun',
  // The document has no title line; this one describes it.
  policy: { title: 'Telefonpolicy Karlsborgs kommun', adopted: null },
  // P-SWB-9, P-SWB-10: "Kontaktcenter har rätt information om kommunens olika funktioner så att
  // samtal kopplas till rätt person."
  switchboardKind: 'contact-centre',
  // P-ANS-1: "Samtalet besvaras med för- och efternamn samt Karlsborgs kommun." This holds for
  // every call, the contact centre's too.
  greeting: 'Karlsborgs kommun, {förnamn} {efternamn}',
  answerPhrase: '{förnamn} {efternamn}, Karlsborgs kommun',
  // P-FC-3: the authority "ska ... informera allmänheten om hur och när sådana [kontakter] kan
  // tas": the switchboard hours are published (P-HRS-3: "Telefontid används endast i
  // undantagsfall", so units have no phone hours of their own by default).
  // P-CB-3: "meddelanden lyssnas av inom rimlig tid. Återkoppla till den som lämnat
  // meddelande." No number of days: the default 2 working days is what is measured.
  // Examples (PTS fiction series 08-465 004 50–99).
  numberPlan: {
    mainNumber: '+46846500450',
    directRanges: [{ from: '+46846500450', to: '+46846500499' }],
    extensionRanges: [{ from: '5000', to: '5999' }],
    operatorExtension: '5000',
    voicemailNumber: '5999',
    automaticOperatorNumber: null,
  },
  // P-DIV-1: "Om du inte kan svara i telefonen ska den vara urkopplad, t.ex. när du är på
  // sammanträde eller är ledig": diverted, so the caller hears the absence at once.
  absenceAnnouncement: 'immediately',
  // P-VM-2: "Röstmeddelandet i din telefon är uppdaterad" (stale greetings are reported);
  // P-SEC-1: "pinkoder". (defaults)
  rules: rulesOfSource('K'),
  examples: ['switchboardHours', 'workingHours', 'numberPlan', 'phoneCodes'],
};
