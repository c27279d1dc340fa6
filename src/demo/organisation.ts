// The demo organisation: a small Swedish municipality shaped like Valdemarsvik (about 7 500
// inhabitants, about 700 employees, of whom the demo has about 300). Unit, school and home
// names are invented for the demo; the places (Valdemarsvik, Gusum, Ringarum, Gryt) are real.
//
// This file is the staffing plan: which units exist, who works there (titles, how many,
// what they handle), which service functions they answer for, and who may have a work
// mobile. The generator turns it into people with names and numbers.
import { valdemarsvik } from '../core/policy/profiles/index.js';
import { phoneHours } from './hours.js';
import type { DemoPhoneHours, RingStrategy, Role, UnitKind } from './types.js';

/** A person whose name is fixed, because the demo documentation refers to them. */
export interface FixedPerson {
  firstName: string;
  lastName: string;
  /** Fixed so that the documentation can give it; null: no work mobile. */
  mobileNumber: string | null;
  mobileExtension: boolean;
}

export interface StaffSpec {
  title: string;
  count: number;
  matters: string[];
  /** Function keys the staff answer for. */
  functions?: string[];
  role?: Role;
  /** Share of women in this job. */
  women: number;
  /** Share with a work mobile; the manager decides by need (P-MOB-2). */
  mobile: number;
  /** Share of the mobile holders whose extension rings the mobile (P-MOB-8). */
  mex?: number;
  /** Whether each gets a direct number. */
  direct?: boolean;
  /** P-FUP-3: politicians; they have no manager in the organisation. */
  elected?: boolean;
  /** Fixed names for the first of these staff (the demo logins). */
  fixed?: FixedPerson[];
}

export interface UnitSpec {
  key: string;
  name: string;
  kind: UnitKind;
  parent: string | null;
  /** Top-level nodes own a block of extensions for everyone below them. */
  extensionBlock?: [from: number, to: number];
  phoneHours?: DemoPhoneHours;
  /** P-DIV-10: the reception that vacation and leave divert to; by default the parent's. */
  reception?: string;
  /** Share of names of other origins among the staff. */
  otherOrigin: number;
  /** The unit's manager; a unit without one is led from the level above. */
  head?: StaffSpec;
  staff: StaffSpec[];
}

export interface FunctionSpec {
  key: string;
  name: string;
  unitKey: string;
  extension: string;
  ringStrategy: RingStrategy;
  matters: string[];
  phoneHours?: DemoPhoneHours;
  /** P-GRP-1: when no member is available. */
  overflow?: string;
  /** The switchboard's function uses the municipality's main number. */
  mainNumber?: boolean;
}

/** The unit that holds the kommundirektör, at the top of every manager chain. */
export const TOP_UNIT_KEY = 'klf';

export const EMAIL_DOMAIN = 'valdemarsvik.example';

/**
 * The demo runs under the Valdemarsvik profile and uses its number plan: extensions
 * 2000–2999, where 2000 is the switchboard and 2999 voicemail. Functions use 2000–2099;
 * each top-level unit owns a block for its people, 2100–2899.
 */
export const PLAN = valdemarsvik.numberPlan;

const head = (title: string, matters: string[], women: number, extra: Partial<StaffSpec> = {}): StaffSpec => ({
  title,
  count: 1,
  matters,
  women,
  mobile: 1,
  mex: 0.5,
  role: 'manager',
  ...extra,
});
// The profile has few direct numbers: the top of the organisation and the case officers the
// public calls directly get them; everyone else is reached through the switchboard.
const topHead = (title: string, matters: string[], women: number, extra: Partial<StaffSpec> = {}): StaffSpec =>
  head(title, matters, women, { direct: true, ...extra });

// Demo logins: fixed people, documented in src/demo/README.md.
// Their mobiles are the last of PTS's reserved mobile series (the profile's on-call examples
// take the first); generated staff get the rest.
export const DEMO_ADMIN: FixedPerson = { firstName: 'Maria', lastName: 'Lindqvist', mobileNumber: '+46701740697', mobileExtension: true };
export const DEMO_OPERATOR: FixedPerson = { firstName: 'Sara', lastName: 'Nilsson', mobileNumber: null, mobileExtension: false };
export const DEMO_MANAGER: FixedPerson = { firstName: 'Johan', lastName: 'Ek', mobileNumber: '+46701740698', mobileExtension: true };
export const DEMO_EMPLOYEE: FixedPerson = { firstName: 'Anna', lastName: 'Berg', mobileNumber: '+46701740699', mobileExtension: false };
export const FIXED_PEOPLE = [DEMO_ADMIN, DEMO_OPERATOR, DEMO_MANAGER, DEMO_EMPLOYEE];

const workingDays = (lead: string, ...times: string[]): DemoPhoneHours => phoneHours(lead, [1, 5, ...times]);

export const FUNCTIONS: FunctionSpec[] = [
  {
    key: 'vaxeln',
    name: 'Växeln',
    unitKey: 'klf-vaxel',
    extension: PLAN.operatorExtension,
    ringStrategy: 'together',
    matters: ['växel', 'kommunens telefonnummer', 'allmänna frågor', 'vidarekoppling'],
    mainNumber: true,
    // Opening hours are the profile's (P-SWB-8); the central answering machine covers the rest (P-SWB-6).
  },
  {
    key: 'bygglov',
    name: 'Bygglov',
    unitKey: 'sb-bygglov',
    extension: '2001',
    ringStrategy: 'in-turn',
    matters: ['bygglov', 'bygganmälan', 'marklov', 'rivningslov', 'strandskydd'],
    phoneHours: phoneHours('Telefontid', [1, 4, '10:00-12:00']),
    overflow: 'expeditionen-sb',
  },
  {
    key: 'kundtjanst-va-avfall',
    name: 'Kundtjänst VA/avfall',
    unitKey: 'sb-va-avfall',
    extension: '2002',
    ringStrategy: 'together',
    matters: ['avfall', 'sophämtning', 'slamtömning', 'vatten och avlopp', 'VA-taxa', 'vattenmätare'],
    phoneHours: workingDays('Telefontid', '08:00-12:00', '13:00-16:00'),
    overflow: 'vaxeln',
  },
  {
    key: 'fardtjanst',
    name: 'Färdtjänst',
    unitKey: 'sb-trafik',
    extension: '2003',
    ringStrategy: 'in-turn',
    matters: ['färdtjänst', 'riksfärdtjänst', 'parkeringstillstånd'],
    phoneHours: workingDays('Telefontid', '08:30-11:30'),
    overflow: 'vaxeln',
  },
  {
    key: 'forsorjningsstod-radgivning',
    name: 'Försörjningsstöd rådgivning',
    unitKey: 'ifo-forsorjningsstod',
    extension: '2004',
    ringStrategy: 'together',
    matters: ['försörjningsstöd', 'ekonomiskt bistånd', 'ansökan om försörjningsstöd', 'nödprövning'],
    phoneHours: workingDays('Telefontid', '09:00-11:00'),
    overflow: 'expeditionen-ifo',
  },
  {
    key: 'forskoleplacering',
    name: 'Förskoleplacering',
    unitKey: 'utb-admin',
    extension: '2005',
    ringStrategy: 'in-turn',
    matters: ['förskoleplacering', 'barnomsorg', 'kö till förskola', 'fritidshem', 'barnomsorgsavgift'],
    phoneHours: phoneHours('Telefontid', [2, 4, '09:00-11:00']),
    overflow: 'expeditionen-utb',
  },
  {
    key: 'it-support',
    name: 'IT-support',
    unitKey: 'klf-it',
    extension: '2006',
    ringStrategy: 'together',
    matters: ['IT-support', 'lösenord', 'datorer', 'mobiltelefoner', 'felanmälan IT'],
    phoneHours: workingDays('Telefontid', '07:30-16:30'),
    overflow: 'vaxeln',
  },
  {
    key: 'loneservice',
    name: 'Löneservice',
    unitKey: 'klf-hr',
    extension: '2007',
    ringStrategy: 'in-turn',
    matters: ['lön', 'lönespecifikation', 'semesterlön', 'tjänstgöringsintyg', 'skatteavdrag'],
    phoneHours: workingDays('Telefontid', '09:00-11:00', '13:00-14:30'),
  },
  // Receptions ("expeditionen"): where vacation and leave divert to (P-DIV-10).
  {
    key: 'expeditionen-klf',
    name: 'Expeditionen kommunledning',
    unitKey: 'klf-kansli',
    extension: '2010',
    ringStrategy: 'together',
    matters: ['diarium', 'allmänna handlingar', 'registratur', 'kommunstyrelsen'],
    overflow: 'vaxeln',
  },
  {
    key: 'expeditionen-sb',
    name: 'Expeditionen samhällsbyggnad',
    unitKey: 'sb',
    extension: '2011',
    ringStrategy: 'together',
    matters: ['samhällsbyggnad', 'tomter', 'kartor', 'nybyggnadskarta'],
    overflow: 'vaxeln',
  },
  {
    key: 'expeditionen-utb',
    name: 'Expeditionen utbildning',
    unitKey: 'utb-admin',
    extension: '2012',
    ringStrategy: 'together',
    matters: ['skola', 'skolval', 'ledighetsansökan elev'],
    overflow: 'vaxeln',
  },
  {
    key: 'expeditionen-kyrkbacken',
    name: 'Expeditionen Kyrkbackens skola',
    unitKey: 'utb-kyrkbacken',
    extension: '2013',
    ringStrategy: 'together',
    matters: ['frånvaroanmälan elev', 'Kyrkbackens skola'],
    overflow: 'expeditionen-utb',
  },
  {
    key: 'expeditionen-sorby',
    name: 'Expeditionen Sörbyskolan',
    unitKey: 'utb-sorby',
    extension: '2014',
    ringStrategy: 'together',
    matters: ['frånvaroanmälan elev', 'Sörbyskolan'],
    overflow: 'expeditionen-utb',
  },
  {
    key: 'expeditionen-vo',
    name: 'Expeditionen vård och omsorg',
    unitKey: 'vo',
    extension: '2015',
    ringStrategy: 'together',
    matters: ['vård och omsorg', 'avgifter äldreomsorg'],
    overflow: 'vaxeln',
  },
  {
    key: 'expeditionen-ifo',
    name: 'Expeditionen individ- och familjeomsorg',
    unitKey: 'ifo',
    extension: '2016',
    ringStrategy: 'together',
    matters: ['socialtjänsten', 'besökstider'],
    overflow: 'vaxeln',
  },
];

type UnitBody = Omit<UnitSpec, 'key' | 'name' | 'kind' | 'parent' | 'extensionBlock'>;

/** A unit below a sector; without a reception of its own it uses the sector's. */
const unit = (parent: string, key: string, name: string, body: UnitBody): UnitSpec => ({ key, name, kind: 'unit', parent, ...body });

const sector = (key: string, name: string, extensionBlock: [number, number], body: UnitBody): UnitSpec => ({
  key,
  name,
  kind: 'sector',
  parent: null,
  extensionBlock,
  ...body,
});

const careMatters = ['hemtjänst', 'omvårdnad', 'trygghetslarm'];
const teacher = (title: string, count: number, matters: string[]): StaffSpec => ({
  title,
  count,
  matters,
  women: 0.75,
  mobile: 0.1,
});
const preschool = (key: string, name: string, teachers: number, assistants: number): UnitSpec =>
  unit('utb', key, name, {
    otherOrigin: 0.12,
    head: head('rektor förskola', ['förskola', 'förskoleplacering', name], 0.85),
    staff: [
      { title: 'förskollärare', count: teachers, matters: ['förskola', name], women: 0.95, mobile: 0.1 },
      { title: 'barnskötare', count: assistants, matters: ['förskola', name], women: 0.9, mobile: 0 },
    ],
  });

/** An F–6 school; the larger ones have an administrator who answers their own reception. */
const primarySchool = (key: string, name: string, teachers: number, leisure: number, reception?: string): UnitSpec =>
  unit('utb', key, `${name} F–6`, {
    ...(reception === undefined ? {} : { reception }),
    otherOrigin: 0.1,
    head: head('rektor', ['grundskola', name], 0.65),
    staff: [
      teacher('grundlärare', teachers, ['grundskola', name]),
      { title: 'fritidspedagog', count: leisure, matters: ['fritidshem', name], women: 0.6, mobile: 0 },
      ...(reception === undefined
        ? []
        : [{ title: 'skoladministratör', count: 1, matters: ['frånvaroanmälan elev', 'elevregister'], functions: [reception], women: 0.9, mobile: 0 }]),
    ],
  });

const homeCare = (key: string, name: string, nurses: number, aides: number, coordinator: boolean): UnitSpec =>
  unit('vo', key, name, {
    otherOrigin: 0.28,
    head: head('enhetschef hemtjänst', [...careMatters, name], 0.85),
    staff: [
      ...(coordinator
        ? [{ title: 'samordnare hemtjänst', count: 1, matters: [...careMatters, 'planering av insatser'], women: 0.85, mobile: 1, mex: 1 }]
        : []),
      { title: 'undersköterska', count: nurses, matters: careMatters, women: 0.88, mobile: 0.2 },
      { title: 'vårdbiträde', count: aides, matters: careMatters, women: 0.85, mobile: 0 },
    ],
  });

const nursingHome = (key: string, name: string, nurses: number, aides: number): UnitSpec =>
  unit('vo', key, name, {
    otherOrigin: 0.28,
    head: head('enhetschef särskilt boende', ['särskilt boende', 'äldreboende', name], 0.85),
    staff: [
      { title: 'undersköterska', count: nurses, matters: ['särskilt boende', name], women: 0.88, mobile: 0 },
      { title: 'vårdbiträde', count: aides, matters: ['särskilt boende', name], women: 0.85, mobile: 0 },
    ],
  });

export const UNITS: UnitSpec[] = [
  // ---- Kommunledningsförvaltningen -------------------------------------------------------
  {
    key: 'klf',
    name: 'Kommunledningsförvaltningen',
    kind: 'administration',
    parent: null,
    extensionBlock: [2100, 2199],
    reception: 'expeditionen-klf',
    otherOrigin: 0.06,
    head: topHead('kommundirektör', ['kommunledning', 'förvaltningens ledning'], 0.5, { mex: 1 }),
    staff: [
      { title: 'utvecklingsstrateg', count: 1, matters: ['kvalitet', 'verksamhetsutveckling', 'medborgardialog'], women: 0.6, mobile: 1 },
      { title: 'folkhälsostrateg', count: 1, matters: ['folkhälsa', 'brottsförebyggande arbete'], women: 0.7, mobile: 0.5 },
    ],
  },
  unit('klf', 'klf-politik', 'Förtroendevalda', {
    otherOrigin: 0.05,
    staff: [
      { title: 'kommunstyrelsens ordförande', count: 1, matters: ['kommunstyrelsen', 'politiska frågor'], women: 0.4, mobile: 1, mex: 1, direct: true, elected: true },
      { title: 'kommunstyrelsens vice ordförande', count: 1, matters: ['kommunstyrelsen', 'politiska frågor'], women: 0.4, mobile: 1, elected: true },
      { title: 'oppositionsråd', count: 1, matters: ['politiska frågor'], women: 0.4, mobile: 1, elected: true },
      { title: 'kommunfullmäktiges ordförande', count: 1, matters: ['kommunfullmäktige', 'medborgarförslag'], women: 0.4, mobile: 1, elected: true },
    ],
  }),
  unit('klf', 'klf-kansli', 'Kansli', {
    otherOrigin: 0.06,
    head: head('kanslichef', ['kansli', 'val', 'nämndadministration'], 0.6),
    staff: [
      { title: 'kommunsekreterare', count: 1, matters: ['kommunfullmäktige', 'kommunstyrelsen', 'sammanträden'], women: 0.6, mobile: 0.5, direct: true },
      { title: 'nämndsekreterare', count: 2, matters: ['sammanträden', 'protokoll', 'nämndadministration'], women: 0.8, mobile: 0 },
      { title: 'registrator', count: 2, matters: ['diarium', 'allmänna handlingar', 'registratur'], functions: ['expeditionen-klf'], women: 0.85, mobile: 0 },
      { title: 'arkivarie', count: 1, matters: ['arkiv', 'allmänna handlingar', 'gallring'], women: 0.6, mobile: 0 },
    ],
  }),
  unit('klf', 'klf-ekonomi', 'Ekonomi', {
    otherOrigin: 0.08,
    head: head('ekonomichef', ['budget', 'ekonomi', 'årsredovisning'], 0.5),
    staff: [
      { title: 'controller', count: 2, matters: ['budget', 'uppföljning', 'prognos'], women: 0.55, mobile: 0.5 },
      { title: 'redovisningsekonom', count: 2, matters: ['bokföring', 'bokslut', 'moms'], women: 0.7, mobile: 0 },
      { title: 'upphandlare', count: 1, matters: ['upphandling', 'avtal', 'inköp'], women: 0.5, mobile: 0.5 },
      { title: 'ekonomiassistent', count: 2, matters: ['fakturor', 'leverantörsreskontra', 'kundfakturor'], women: 0.85, mobile: 0 },
    ],
  }),
  unit('klf', 'klf-hr', 'HR', {
    otherOrigin: 0.06,
    head: head('HR-chef', ['personalfrågor', 'arbetsmiljö', 'förhandling'], 0.7),
    staff: [
      { title: 'HR-konsult', count: 2, matters: ['rekrytering', 'rehabilitering', 'arbetsrätt', 'anställning'], women: 0.8, mobile: 0.5 },
      { title: 'HR-strateg', count: 1, matters: ['kompetensförsörjning', 'lönekartläggning'], women: 0.7, mobile: 0.5 },
      { title: 'löneadministratör', count: 3, matters: ['lön', 'lönespecifikation', 'semesterlön', 'sjuklön'], functions: ['loneservice'], women: 0.85, mobile: 0 },
    ],
  }),
  unit('klf', 'klf-it', 'IT', {
    otherOrigin: 0.1,
    head: head('IT-chef', ['IT-strategi', 'informationssäkerhet'], 0.3),
    staff: [
      // The demo's two administrators sit in IT, which handles phones and subscriptions (P-MOB-3).
      { title: 'IT-samordnare', count: 1, matters: ['telefoni', 'mobiltelefoner', 'hänvisningssystem', 'IT-support'], functions: ['it-support'], role: 'admin', women: 0.4, mobile: 1, mex: 1, fixed: [DEMO_ADMIN] },
      { title: 'systemförvaltare', count: 1, matters: ['verksamhetssystem', 'behörigheter', 'IT-support'], role: 'admin', women: 0.4, mobile: 1 },
      { title: 'IT-tekniker', count: 3, matters: ['IT-support', 'datorer', 'felanmälan IT', 'mobiltelefoner', 'spärra telefon'], functions: ['it-support'], women: 0.2, mobile: 1, mex: 0.3 },
    ],
  }),
  unit('klf', 'klf-kommunikation', 'Kommunikation', {
    otherOrigin: 0.06,
    head: head('kommunikationschef', ['kommunikation', 'press', 'krisinformation'], 0.6),
    staff: [{ title: 'kommunikatör', count: 2, matters: ['webbplats', 'sociala medier', 'intranät', 'press'], women: 0.7, mobile: 1 }],
  }),
  unit('klf', 'klf-vaxel', 'Växel och kontaktcenter', {
    otherOrigin: 0.12,
    head: head('enhetschef kontaktcenter', ['växel', 'kontaktcenter', 'telefonpolicy'], 0.7),
    staff: [
      { title: 'telefonist', count: 4, matters: ['växel', 'vidarekoppling', 'meddelanden'], functions: ['vaxeln'], role: 'operator', women: 0.8, mobile: 0, fixed: [DEMO_OPERATOR] },
      { title: 'kommunvägledare', count: 1, matters: ['kontaktcenter', 'allmänna frågor', 'e-tjänster'], functions: ['vaxeln'], role: 'operator', women: 0.7, mobile: 0 },
    ],
  }),
  unit('klf', 'klf-naringsliv', 'Näringsliv och turism', {
    otherOrigin: 0.06,
    staff: [
      { title: 'näringslivsutvecklare', count: 2, matters: ['näringsliv', 'företagslots', 'etablering'], women: 0.5, mobile: 1 },
      { title: 'turistinformatör', count: 1, matters: ['turism', 'turistinformation', 'skärgården'], women: 0.7, mobile: 0.5 },
    ],
  }),

  // ---- Sektor samhällsbyggnad --------------------------------------------------------------
  sector('sb', 'Sektor samhällsbyggnad', [2200, 2299], {
    reception: 'expeditionen-sb',
    otherOrigin: 0.08,
    head: topHead('sektorschef samhällsbyggnad', ['samhällsbyggnad', 'översiktsplan'], 0.4),
    staff: [{ title: 'administratör', count: 2, matters: ['samhällsbyggnad', 'tomter', 'kartor', 'diarium'], functions: ['expeditionen-sb'], women: 0.85, mobile: 0 }],
  }),
  unit('sb', 'sb-bygglov', 'Bygglov', {
    phoneHours: phoneHours('Telefontid', [1, 4, '10:00-12:00']),
    otherOrigin: 0.08,
    head: head('bygglovschef', ['bygglov', 'detaljplan', 'strandskydd'], 0.5, { fixed: [DEMO_MANAGER] }),
    staff: [
      { title: 'bygglovshandläggare', count: 3, matters: ['bygglov', 'bygganmälan', 'marklov', 'strandskydd'], functions: ['bygglov'], women: 0.6, mobile: 0.5, mex: 0.5, direct: true, fixed: [DEMO_EMPLOYEE] },
      { title: 'byggnadsinspektör', count: 1, matters: ['bygglov', 'slutbesked', 'tillsyn', 'olovligt byggande'], functions: ['bygglov'], women: 0.4, mobile: 1, direct: true },
      { title: 'planarkitekt', count: 1, matters: ['detaljplan', 'översiktsplan', 'planbesked'], women: 0.6, mobile: 0.5, direct: true },
      { title: 'bostadsanpassningshandläggare', count: 1, matters: ['bostadsanpassning', 'bostadsanpassningsbidrag'], women: 0.6, mobile: 1, direct: true },
    ],
  }),
  unit('sb', 'sb-miljo', 'Miljö och hälsoskydd', {
    otherOrigin: 0.08,
    head: head('miljöchef', ['miljö och hälsoskydd', 'tillsyn'], 0.6),
    staff: [
      { title: 'miljöinspektör', count: 3, matters: ['enskilda avlopp', 'tillsyn', 'buller', 'förorenad mark', 'strandskydd'], women: 0.65, mobile: 0.7, direct: true },
      { title: 'livsmedelsinspektör', count: 1, matters: ['livsmedelskontroll', 'serveringstillstånd'], women: 0.7, mobile: 1, direct: true },
    ],
  }),
  unit('sb', 'sb-gata-park', 'Gata och park', {
    otherOrigin: 0.1,
    head: head('enhetschef gata och park', ['gator', 'snöröjning', 'parker'], 0.2),
    staff: [
      { title: 'arbetsledare gata och park', count: 1, matters: ['snöröjning', 'halkbekämpning', 'gatubelysning', 'felanmälan gata'], women: 0.2, mobile: 1, mex: 1 },
      { title: 'parkarbetare', count: 3, matters: ['parker', 'lekplatser', 'grönytor'], women: 0.3, mobile: 1 },
      { title: 'maskinförare', count: 2, matters: ['snöröjning', 'sandning', 'gator'], women: 0.1, mobile: 1 },
    ],
  }),
  unit('sb', 'sb-va-avfall', 'VA och avfall', {
    otherOrigin: 0.08,
    head: head('VA- och avfallschef', ['vatten och avlopp', 'avfall', 'VA-taxa'], 0.3),
    staff: [
      { title: 'VA-ingenjör', count: 1, matters: ['vatten och avlopp', 'VA-anslutning', 'dagvatten'], women: 0.4, mobile: 1, direct: true },
      { title: 'drifttekniker VA', count: 4, matters: ['vattenverk', 'reningsverk', 'vattenläcka', 'felanmälan VA'], women: 0.15, mobile: 1 },
      { title: 'avfallssamordnare', count: 1, matters: ['avfall', 'återvinningscentral', 'slamtömning', 'sophämtning'], functions: ['kundtjanst-va-avfall'], women: 0.5, mobile: 0.5, direct: true },
      { title: 'kundtjänsthandläggare', count: 2, matters: ['avfall', 'slamtömning', 'vatten och avlopp', 'VA-taxa', 'vattenmätare'], functions: ['kundtjanst-va-avfall'], women: 0.75, mobile: 0 },
    ],
  }),
  unit('sb', 'sb-fastighet', 'Fastighet', {
    otherOrigin: 0.1,
    head: head('fastighetschef', ['fastigheter', 'lokaler'], 0.3),
    staff: [
      { title: 'fastighetsförvaltare', count: 1, matters: ['lokaler', 'hyresavtal', 'felanmälan fastighet'], women: 0.4, mobile: 1 },
      { title: 'fastighetstekniker', count: 3, matters: ['felanmälan fastighet', 'underhåll', 'lås och larm'], women: 0.1, mobile: 1, mex: 0.3 },
    ],
  }),
  unit('sb', 'sb-trafik', 'Trafik och färdtjänst', {
    otherOrigin: 0.08,
    staff: [
      { title: 'trafikhandläggare', count: 1, matters: ['skolskjuts', 'parkeringstillstånd', 'trafikfrågor', 'kollektivtrafik'], women: 0.5, mobile: 0.5, direct: true },
      { title: 'färdtjänsthandläggare', count: 2, matters: ['färdtjänst', 'riksfärdtjänst', 'parkeringstillstånd'], functions: ['fardtjanst'], women: 0.8, mobile: 0, direct: true },
    ],
  }),
  unit('sb', 'sb-kost', 'Kost och lokalvård', {
    otherOrigin: 0.22,
    head: head('kost- och lokalvårdschef', ['skolmåltider', 'specialkost', 'lokalvård'], 0.7),
    staff: [
      { title: 'kock', count: 4, matters: ['skolmåltider', 'specialkost', 'matsedel'], women: 0.7, mobile: 0 },
      { title: 'måltidsbiträde', count: 4, matters: ['skolmåltider'], women: 0.85, mobile: 0 },
      { title: 'lokalvårdare', count: 5, matters: ['lokalvård', 'städning'], women: 0.75, mobile: 0 },
    ],
  }),

  // ---- Sektor utbildning -------------------------------------------------------------------
  sector('utb', 'Sektor utbildning', [2300, 2499], {
    reception: 'expeditionen-utb',
    otherOrigin: 0.08,
    head: topHead('sektorschef utbildning', ['skola', 'förskola', 'skolplikt'], 0.6),
    staff: [],
  }),
  unit('utb', 'utb-admin', 'Utbildningsadministration', {
    otherOrigin: 0.08,
    staff: [
      { title: 'handläggare barnomsorg', count: 2, matters: ['förskoleplacering', 'barnomsorg', 'kö till förskola', 'barnomsorgsavgift'], functions: ['forskoleplacering', 'expeditionen-utb'], women: 0.85, mobile: 0 },
      { title: 'skolskjutssamordnare', count: 1, matters: ['skolskjuts', 'elevresor', 'busskort'], women: 0.6, mobile: 0.5, direct: true },
      { title: 'nämndadministratör', count: 1, matters: ['skolval', 'ledighetsansökan elev', 'nämndadministration'], functions: ['expeditionen-utb'], women: 0.8, mobile: 0 },
    ],
  }),
  preschool('utb-solrosen', 'Förskolan Solrosen', 3, 4),
  preschool('utb-ekbacken', 'Förskolan Ekbacken', 3, 3),
  preschool('utb-gusum-forskola', 'Gusums förskola', 2, 3),
  preschool('utb-ringarum-forskola', 'Ringarums förskola', 2, 2),
  primarySchool('utb-kyrkbacken', 'Kyrkbackens skola', 6, 2, 'expeditionen-kyrkbacken'),
  unit('utb', 'utb-sorby', 'Sörbyskolan 7–9', {
    reception: 'expeditionen-sorby',
    otherOrigin: 0.1,
    head: head('rektor', ['grundskola', 'Sörbyskolan'], 0.55),
    staff: [
      { title: 'biträdande rektor', count: 1, matters: ['grundskola', 'schema', 'Sörbyskolan'], women: 0.6, mobile: 1 },
      teacher('ämneslärare', 10, ['grundskola', 'Sörbyskolan']),
      { title: 'skoladministratör', count: 1, matters: ['frånvaroanmälan elev', 'elevregister'], functions: ['expeditionen-sorby'], women: 0.9, mobile: 0 },
      { title: 'studie- och yrkesvägledare', count: 1, matters: ['studievägledning', 'gymnasieval', 'praktik'], women: 0.7, mobile: 0.5 },
    ],
  }),
  primarySchool('utb-gusum-skola', 'Gusums skola', 4, 1),
  primarySchool('utb-ringarum-skola', 'Ringarums skola', 3, 1),
  unit('utb', 'utb-larcentrum', 'Lärcentrum – gymnasie- och vuxenutbildning', {
    otherOrigin: 0.12,
    head: head('rektor', ['vuxenutbildning', 'gymnasieutbildning', 'SFI'], 0.6),
    staff: [
      teacher('lärare vuxenutbildning', 3, ['vuxenutbildning', 'SFI', 'yrkesvux']),
      { title: 'studie- och yrkesvägledare', count: 1, matters: ['studievägledning', 'vuxenutbildning', 'gymnasieval'], women: 0.7, mobile: 0.5 },
      { title: 'administratör', count: 1, matters: ['antagning', 'betyg', 'vuxenutbildning'], women: 0.85, mobile: 0 },
    ],
  }),
  unit('utb', 'utb-elevhalsa', 'Elevhälsa', {
    otherOrigin: 0.1,
    head: head('enhetschef elevhälsa', ['elevhälsa'], 0.8),
    staff: [
      { title: 'skolsköterska', count: 2, matters: ['elevhälsa', 'vaccinationer', 'hälsosamtal'], women: 0.95, mobile: 1 },
      { title: 'skolkurator', count: 2, matters: ['elevhälsa', 'samtalsstöd'], women: 0.8, mobile: 1 },
      { title: 'skolpsykolog', count: 1, matters: ['elevhälsa', 'utredning'], women: 0.75, mobile: 0.5 },
      { title: 'specialpedagog', count: 2, matters: ['extra anpassningar', 'särskilt stöd'], women: 0.85, mobile: 0.5 },
    ],
  }),

  // ---- Sektor vård och omsorg --------------------------------------------------------------
  sector('vo', 'Sektor vård och omsorg', [2500, 2699], {
    reception: 'expeditionen-vo',
    otherOrigin: 0.15,
    head: topHead('sektorschef vård och omsorg', ['äldreomsorg', 'funktionsstöd'], 0.75),
    staff: [{ title: 'administratör', count: 1, matters: ['avgifter äldreomsorg', 'vård och omsorg'], functions: ['expeditionen-vo'], women: 0.9, mobile: 0 }],
  }),
  unit('vo', 'vo-bistand', 'Biståndsenheten', {
    phoneHours: workingDays('Telefontid', '08:30-10:00'),
    otherOrigin: 0.1,
    head: head('enhetschef biståndsenheten', ['bistånd', 'biståndsbedömning'], 0.8),
    staff: [
      { title: 'biståndshandläggare', count: 3, matters: ['bistånd', 'hemtjänst', 'särskilt boende', 'trygghetslarm', 'korttidsboende'], women: 0.9, mobile: 0.3, direct: true },
      { title: 'LSS-handläggare', count: 1, matters: ['LSS', 'personlig assistans', 'ledsagarservice', 'bistånd'], women: 0.85, mobile: 0.3, direct: true },
    ],
  }),
  homeCare('vo-hemtjanst-valdemarsvik', 'Hemtjänst Valdemarsvik', 10, 2, true),
  homeCare('vo-hemtjanst-gusum', 'Hemtjänst Gusum och Ringarum', 6, 1, true),
  homeCare('vo-hemtjanst-gryt', 'Hemtjänst Gryt och skärgården', 5, 0, false),
  nursingHome('vo-ekgarden', 'Ekgårdens särskilda boende', 11, 2),
  nursingHome('vo-solbacka', 'Solbacka särskilda boende', 9, 1),
  unit('vo', 'vo-lss', 'LSS och socialpsykiatri', {
    otherOrigin: 0.2,
    head: head('enhetschef LSS', ['LSS', 'gruppbostad', 'daglig verksamhet'], 0.75),
    staff: [
      { title: 'stödassistent', count: 4, matters: ['LSS', 'gruppbostad'], women: 0.7, mobile: 0 },
      { title: 'boendestödjare', count: 2, matters: ['boendestöd', 'socialpsykiatri'], women: 0.7, mobile: 1 },
      { title: 'personlig assistent', count: 2, matters: ['LSS', 'personlig assistans'], women: 0.75, mobile: 0.5 },
    ],
  }),
  unit('vo', 'vo-hsl', 'Hälso- och sjukvård', {
    otherOrigin: 0.15,
    head: head('enhetschef hälso- och sjukvård', ['hälso- och sjukvård', 'medicinskt ansvarig sjuksköterska'], 0.85),
    staff: [
      { title: 'sjuksköterska', count: 4, matters: ['hemsjukvård', 'läkemedel', 'sårvård'], women: 0.9, mobile: 1, mex: 0.5 },
      { title: 'arbetsterapeut', count: 1, matters: ['hjälpmedel', 'bostadsanpassning', 'rehabilitering'], women: 0.85, mobile: 1 },
      { title: 'fysioterapeut', count: 1, matters: ['rehabilitering', 'hjälpmedel'], women: 0.7, mobile: 1 },
    ],
  }),

  // ---- Sektor individ- och familjeomsorg ---------------------------------------------------
  sector('ifo', 'Sektor individ- och familjeomsorg', [2700, 2799], {
    reception: 'expeditionen-ifo',
    otherOrigin: 0.1,
    head: topHead('sektorschef individ- och familjeomsorg', ['socialtjänst', 'individ- och familjeomsorg'], 0.7),
    staff: [{ title: 'socialadministratör', count: 2, matters: ['socialtjänsten', 'diarium', 'utbetalningar'], functions: ['expeditionen-ifo'], women: 0.9, mobile: 0 }],
  }),
  unit('ifo', 'ifo-forsorjningsstod', 'Försörjningsstöd', {
    phoneHours: workingDays('Telefontid', '09:00-11:00'),
    otherOrigin: 0.12,
    head: head('enhetschef försörjningsstöd', ['försörjningsstöd', 'ekonomiskt bistånd'], 0.75),
    staff: [
      { title: 'socialsekreterare', count: 4, matters: ['försörjningsstöd', 'ekonomiskt bistånd', 'budget- och skuldrådgivning'], functions: ['forsorjningsstod-radgivning'], women: 0.85, mobile: 0.3 },
      { title: 'arbetsmarknadskonsulent', count: 1, matters: ['arbetsmarknadsinsatser', 'praktik', 'försörjningsstöd'], women: 0.6, mobile: 1 },
    ],
  }),
  unit('ifo', 'ifo-barn-familj', 'Barn och familj', {
    phoneHours: workingDays('Telefontid', '09:00-10:00'),
    otherOrigin: 0.1,
    head: head('enhetschef barn och familj', ['barn och familj', 'orosanmälan'], 0.85),
    staff: [
      { title: 'socialsekreterare', count: 5, matters: ['orosanmälan', 'barnutredning', 'familjehem', 'vårdnad och umgänge'], women: 0.85, mobile: 0.8, direct: true },
      { title: 'familjebehandlare', count: 2, matters: ['familjebehandling', 'föräldrastöd'], women: 0.75, mobile: 1 },
    ],
  }),
  unit('ifo', 'ifo-vuxen', 'Vuxen och missbruk', {
    phoneHours: workingDays('Telefontid', '09:00-10:00'),
    otherOrigin: 0.1,
    head: head('enhetschef vuxen och missbruk', ['missbruk', 'beroende', 'våld i nära relationer'], 0.7),
    staff: [
      { title: 'socialsekreterare', count: 3, matters: ['missbruk', 'beroende', 'våld i nära relationer', 'bostad'], women: 0.75, mobile: 0.8 },
      { title: 'behandlare', count: 1, matters: ['missbruksbehandling', 'återfallsprevention'], women: 0.6, mobile: 1 },
    ],
  }),
  unit('ifo', 'ifo-arbetsmarknad', 'Arbetsmarknadsenheten', {
    otherOrigin: 0.15,
    head: head('enhetschef arbetsmarknad', ['arbetsmarknadsinsatser', 'feriearbete'], 0.5),
    staff: [
      { title: 'arbetsmarknadskonsulent', count: 2, matters: ['arbetsmarknadsinsatser', 'praktik', 'feriearbete'], women: 0.6, mobile: 1 },
      { title: 'arbetshandledare', count: 3, matters: ['arbetsträning', 'återbruk'], women: 0.4, mobile: 0.5 },
    ],
  }),

  // ---- Kultur och fritid -------------------------------------------------------------------
  sector('kof', 'Kultur och fritid', [2800, 2899], {
    otherOrigin: 0.08,
    head: topHead('kultur- och fritidschef', ['kultur', 'fritid', 'föreningsbidrag'], 0.6),
    staff: [{ title: 'fritidskonsulent', count: 1, matters: ['föreningsbidrag', 'lokalbokning', 'idrottsanläggningar'], women: 0.5, mobile: 1 }],
  }),
  unit('kof', 'kof-bibliotek', 'Biblioteket', {
    phoneHours: phoneHours('Telefon under öppettiderna', [1, 1, '10:00-19:00'], [2, 4, '10:00-18:00'], [5, 5, '10:00-16:00'], [6, 6, '10:00-13:00']),
    otherOrigin: 0.1,
    head: head('bibliotekschef', ['bibliotek', 'läsfrämjande'], 0.8),
    staff: [
      { title: 'bibliotekarie', count: 3, matters: ['bibliotek', 'boklån', 'fjärrlån', 'digital delaktighet'], women: 0.8, mobile: 0 },
      { title: 'biblioteksassistent', count: 1, matters: ['bibliotek', 'boklån'], women: 0.8, mobile: 0 },
    ],
  }),
  unit('kof', 'kof-fritidsgard', 'Fritidsgården', {
    phoneHours: phoneHours('Telefon när fritidsgården är öppen', [2, 5, '15:00-21:00']),
    otherOrigin: 0.15,
    head: head('enhetschef fritidsgård', ['fritidsgård', 'ungdomsverksamhet'], 0.5),
    staff: [{ title: 'fritidsledare', count: 3, matters: ['fritidsgård', 'ungdomsverksamhet', 'lovaktiviteter'], women: 0.5, mobile: 1 }],
  }),
  unit('kof', 'kof-kulturskola', 'Kulturskolan', {
    otherOrigin: 0.1,
    head: head('kulturskolechef', ['kulturskola', 'musikundervisning'], 0.6),
    staff: [{ title: 'kulturskolelärare', count: 3, matters: ['kulturskola', 'musikundervisning', 'anmälan till kulturskolan'], women: 0.55, mobile: 0 }],
  }),
];
