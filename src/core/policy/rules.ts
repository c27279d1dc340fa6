// The policy rules catalogue (/work/shared/policy-rules.md) as data: every rule a telephony
// system can carry out, support or measure, with the municipalities whose policy sets it.
// Profiles list the IDs they set; validation and documentation look them up here.

/** V = Valdemarsvik (000), R = Vara (001), N = NVK (002), F = Fagersta (003), K = Karlsborg (004). */
export type PolicySource = 'V' | 'R' | 'N' | 'F' | 'K';

export interface PolicyRule {
  id: string;
  /** The rule, in English, as the catalogue words it. */
  text: string;
  sources: readonly PolicySource[];
  /** enforce, support, measure, record (with what the system does, in brackets). */
  how: string;
}

export const POLICY_RULES: readonly PolicyRule[] = [
  { id: 'P-FC-1', sources: ['V'], how: 'enforce + measure', text: 'Whoever calls gets an answer ("besked") or is referred already at the first call: no call may end in unanswered ringing or silence. Every call ends connected, told when the person is back, with a message taken, or in voicemail.' },
  { id: 'P-FC-2', sources: ['V', 'R', 'N', 'F'], how: 'support (transfer, competence search)', text: 'Calls that reach the wrong person reach the right case officer ("handläggare"), whether they came by phone or by e-mail.' },
  { id: 'P-FC-3', sources: ['K'], how: 'support (public hours and contact info)', text: 'The authority is reachable and tells the public how and when contact can be made (Förvaltningslagen 6-7 §).' },
  { id: 'P-ANS-1', sources: ['V', 'R', 'N', 'F', 'K'], how: 'support (the console and phone display show the caller whether the call is internal or external, and which number was dialled)', text: 'Employees answer with first and last name and unit (and title when needed); in Karlsborg with name and "Karlsborgs kommun".' },
  { id: 'P-ANS-2', sources: ['R', 'K'], how: 'measure', text: 'Incoming calls are answered promptly and as far as possible.' },
  { id: 'P-ANS-3', sources: ['V', 'N', 'F'], how: 'out of scope of the system (behaviour)', text: 'In calls with confidential content, make sure no one outside can listen in.' },
  { id: 'P-DIV-1', sources: ['V', 'R', 'N', 'F', 'K'], how: 'support + measure (calls that reach an absent, undiverted person are counted as deviations)', text: 'When you cannot take calls, your phone must always be diverted, so that the caller is told when you are available again.' },
  { id: 'P-DIV-2', sources: ['V'], how: 'enforce', text: 'Every absence states its reason.' },
  { id: 'P-DIV-3', sources: ['V'], how: 'enforce + support', text: 'Every absence states its total length, including chained absences (a meeting followed by lunch gives one return time).' },
  { id: 'P-DIV-4', sources: ['V'], how: 'support (one action)', text: 'When back earlier than planned, open the phone again ("Åter").' },
  { id: 'P-DIV-5', sources: ['V', 'R'], how: 'support', text: 'Absences can be entered far in advance. Planned meetings are entered by the same morning at the latest.' },
  { id: 'P-DIV-6', sources: ['R', 'V'], how: 'support (all three)', text: 'Diversion can be set in three ways: on the web (log in with phone number and password), through the digital calendar with codes in the event, and from the phone with codes or by calling the automatic operator (Vara: 31818).' },
  { id: 'P-DIV-7', sources: ['V', 'R'], how: 'support (operator acts for others, audited)', text: 'An absence can also be reported to the switchboard, which enters it on the employee\'s behalf.' },
  { id: 'P-DIV-8', sources: ['R'], how: 'support (manager acts for own staff, audited)', text: 'The manager makes sure the phone of a sick employee is diverted.' },
  { id: 'P-DIV-9', sources: ['R'], how: 'measure (diversion time)', text: 'Do not divert for longer than necessary.' },
  { id: 'P-DIV-10', sources: ['N'], how: 'support (diversion target)', text: 'During vacation or leave, refer callers to the unit\'s reception ("expeditionen") and say when you are back.' },
  { id: 'P-DIV-11', sources: ['V', 'R', 'F'], how: 'support + measure (stale data)', text: 'Keep your own data in the presence system correct (unit, title, numbers), yourself or through the switchboard.' },
  { id: 'P-VM-1', sources: ['R', 'N', 'F'], how: 'enforce (default on; exceptions recorded with who decided)', text: 'A caller can always leave a voicemail message. Everyone with an extension has voicemail activated; exceptions are decided by the manager.' },
  { id: 'P-VM-2', sources: ['N', 'F', 'K'], how: 'support + measure (missing or stale greetings)', text: 'Have a short recorded greeting that clearly says whom the caller has reached, followed by an instruction or referral. Keep it up to date.' },
  { id: 'P-VM-3', sources: ['V'], how: 'support', text: 'Messages can be listened to from fixed phones, from mobiles (MEX extensions), and on the computer.' },
  { id: 'P-VM-4', sources: ['R'], how: 'support (export a message as a note with its metadata)', text: 'A voicemail message can be a public record ("allmän handling"): when it concerns a case, it is documented as an official note ("tjänsteanteckning").' },
  { id: 'P-VM-5', sources: ['K'], how: 'measure', text: 'Listen to messages within reasonable time.' },
  { id: 'P-CB-1', sources: ['V', 'N', 'F'], how: 'enforce deadline + measure', text: 'Call back (or e-mail) whoever left a message at the latest within 2 working days.' },
  { id: 'P-CB-2', sources: ['V', 'N', 'F'], how: 'support (follow-up note, new due date)', text: 'Call back as agreed even when the answer is not ready yet; give a realistic time for the answer.' },
  { id: 'P-CB-3', sources: ['R', 'K'], how: 'measure', text: 'Call back those who left messages in voicemail or by e-mail promptly; give feedback to whoever left a message.' },
  { id: 'P-SWB-1', sources: ['V'], how: 'measure (answer time from first ring; four Swedish rings = 24 s by default)', text: 'Calls are answered within four rings.' },
  { id: 'P-SWB-2', sources: ['V'], how: 'support (script line per municipality, with the operator\'s first name)', text: 'The operator opens with "Välkommen till Valdemarsviks kommun – det är <förnamn>".' },
  { id: 'P-SWB-3', sources: ['V'], how: 'support (suggest colleagues in the same function, with their presence)', text: 'Calls are connected to the person sought; when that person cannot be reached, to another person in the same function.' },
  { id: 'P-SWB-4', sources: ['V', 'K'], how: 'support (return time always visible)', text: 'The caller is told when the sought person can be reached.' },
  { id: 'P-SWB-5', sources: ['V'], how: 'support (take a message; transfer to voicemail)', text: 'Offer to pass on a message, or to connect to the person\'s voicemail.' },
  { id: 'P-SWB-6', sources: ['V'], how: 'enforce', text: 'A central answering machine runs whenever the switchboard is closed. It announces the opening hours and any on-call ("jour") numbers.' },
  { id: 'P-SWB-7', sources: ['V'], how: 'enforce (queue priority)', text: 'External calls are given priority over internal calls.' },
  { id: 'P-SWB-8', sources: ['V'], how: 'enforce (hours as per-municipality settings)', text: 'Opening hours: 08:00–16:00 Monday to Friday, closed for lunch 12:00–13:00; 08:00–12:00 on the eve of a holiday and the day before a public holiday.' },
  { id: 'P-SWB-9', sources: ['K', 'R'], how: 'support (competence search, information snippets)', text: 'The contact centre knows the municipality\'s functions, so that calls are routed to the right person, and gives simple information about the municipality.' },
  { id: 'P-SWB-10', sources: ['K'], how: 'support', text: 'The contact centre tells the caller about the sought person\'s availability and other ways to make contact.' },
  { id: 'P-SWB-11', sources: ['R', 'K'], how: 'support (managers maintain their staff\'s matters and keywords; change log)', text: 'Changes at a workplace (new staff, reorganisations, who handles which matters) are reported to the switchboard in good time.' },
  { id: 'P-SWB-12', sources: ['V'], how: 'support + enforce (118xxx blocked unless approved)', text: 'Internal directory: a phone book in the presence system, reachable from the intranet. External look-ups use web search, not premium directory services such as 118 118.' },
  { id: 'P-HRS-1', sources: ['V', 'R'], how: 'enforce (outside phone hours, calls are diverted, never rejected)', text: 'Phone hours normally coincide with working hours. Where special phone hours apply, the phone must not be switched off outside them: work calls and urgent calls must still get through.' },
  { id: 'P-HRS-2', sources: ['R'], how: 'support (public, embeddable hours and open status)', text: 'Special phone hours are shown clearly on the website.' },
  { id: 'P-HRS-3', sources: ['K'], how: 'measure', text: 'Phone hours are used only in exceptional cases.' },
  { id: 'P-HRS-4', sources: ['R'], how: 'support', text: 'The website shows whether the contact centre is open, and when it opens next ("Stängt – Öppnar 24 apr kl 08.00").' },
  { id: 'P-GRP-1', sources: ['V', 'F'], how: 'enforce (group overflow) + measure (minutes with no one available)', text: 'Service functions with many incoming calls always have someone available by phone; when needed, calls are forwarded to another colleague or unit.' },
  { id: 'P-COST-1', sources: ['R'], how: 'enforce', text: 'Direct forwarding may go to internal numbers only (forwarding to external numbers costs money).' },
  { id: 'P-COST-2', sources: ['R', 'V'], how: 'enforce (approvals recorded)', text: 'No premium-rate or paid services (0900, 0939, 0944, 099, 118xxx) unless approved by the nearest manager.' },
  { id: 'P-COST-3', sources: ['R'], how: 'support (approvals recorded) + measure', text: 'No use of the phone abroad, and no data roaming, unless approved by the nearest manager.' },
  { id: 'P-COST-4', sources: ['V', 'R'], how: 'measure', text: 'Subscriptions are cost-effective and meet the tax authority\'s rules on benefits; private calls during working hours are avoided.' },
  { id: 'P-COST-5', sources: ['K'], how: 'support (cost allocation per unit)', text: 'Each unit budgets for its own phones and subscriptions. Extension and operator costs are handled centrally, except for units financed by their own revenue.' },
  { id: 'P-COST-6', sources: ['K'], how: 'record', text: 'Subscriptions and hardware are ordered under the procured contracts; other suppliers only by exception (for example poor coverage).' },
  { id: 'P-MOB-1', sources: ['V', 'N', 'F', 'R'], how: 'record (inventory: device, SIM, subscription, holder)', text: 'Phones bought by the municipality are its property and the employee\'s work tool; the subscription must not be used in a private phone.' },
  { id: 'P-MOB-2', sources: ['V', 'R'], how: 'support (order with approval)', text: 'Who gets a mobile phone is decided by the responsible manager, based on the needs criteria: high demands on availability or mobility, or the nature of the tasks.' },
  { id: 'P-MOB-3', sources: ['V', 'R', 'K'], how: 'support (order workflow; integration with the IT service desk)', text: 'Phones and subscriptions are ordered (and cancelled) through IT; faults are reported there too.' },
  { id: 'P-MOB-4', sources: ['V', 'R', 'K'], how: 'support (loss workflow with timestamps)', text: 'A lost phone is reported at once; IT blocks it and, if needed, reports a theft. The nearest manager is told.' },
  { id: 'P-MOB-5', sources: ['R'], how: 'support (return checklist)', text: 'When employment ends, equipment is returned.' },
  { id: 'P-MOB-6', sources: ['V', 'R', 'K'], how: 'record + measure (compliance from the device-management export)', text: 'PIN code and screen lock on every mobile; multi-factor sign-in; shared work phones are managed by IT, which can lock them remotely.' },
  { id: 'P-MOB-7', sources: ['K'], how: 'record', text: 'Private use of a work mobile only under a separate agreement.' },
  { id: 'P-MOB-8', sources: ['R'], how: 'support (one number reaches desk and mobile)', text: 'Whoever has a mobile extension gives the fixed number as the official number.' },
  { id: 'P-MAIL-1', sources: ['N'], how: 'support (signature from the directory)', text: 'E-mail carries a signature with title, phone number and e-mail address.' },
  { id: 'P-MAIL-2', sources: ['N'], how: 'support (text from the diversion)', text: 'During vacation or leave, the out-of-office reply says when you are back and refers to the reception.' },
  { id: 'P-SEC-1', sources: ['V', 'N', 'F', 'R', 'K'], how: 'enforce (voicemail PIN, login, roles)', text: 'Stored information is protected with passwords and PIN codes so that no unauthorised person can reach it.' },
  { id: 'P-SEC-2', sources: ['K'], how: 'enforce (least privilege: an operator sees an absence code and times, not private calendar subjects)', text: 'Information in phones is handled according to its classification (confidentiality, integrity, availability).' },
  { id: 'P-FUP-1', sources: ['V'], how: 'measure (periodic report per unit)', text: 'The policy is followed up regularly; the municipal director and sector heads make sure it happens.' },
  { id: 'P-FUP-2', sources: ['V', 'N', 'F', 'K'], how: 'measure (unit dashboard)', text: 'Managers make sure the policy is applied, and follow up service and availability in their own unit.' },
  { id: 'P-FUP-3', sources: ['V', 'F'], how: 'support (a role for elected members)', text: 'Elected politicians who do work for the municipality are encouraged to follow the policy.' },
];

const byId = new Map(POLICY_RULES.map((r) => [r.id, r]));

export function policyRule(id: string): PolicyRule | undefined {
  return byId.get(id);
}

/** The IDs of the rules that a municipality's own policy sets, in catalogue order. */
export function rulesOfSource(source: PolicySource): string[] {
  return POLICY_RULES.filter((r) => r.sources.includes(source)).map((r) => r.id);
}
