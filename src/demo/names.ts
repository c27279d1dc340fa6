// Realistic Swedish names for generated staff.
//
// Frequencies: the weights of the Swedish lists are approximate numbers of bearers, in
// thousands, of the name as "tilltalsnamn" (first names) or surname in the whole population,
// after the top lists in Statistics Sweden's (SCB) name statistics of the 2010s, rounded.
// Ranks follow SCB; counts below the published top tens are estimates that keep the rank
// order. Names borne mostly by people past working age (Kerstin, Birgitta, Ulla, Bengt,
// Göran, ...) are down-weighted, since a municipality's staff is 20–67 years old.
//
// Surnames: the top list carries about 40 % of Swedish-born people (it is dominated by
// -son names, which about a quarter of the population bear); the rest draw from a long tail
// of less common surnames (listed ones and composed nature names), so that -son names are
// common but not universal and no rare name turns up five times.
//
// Names of other origins follow the largest groups of people born abroad who live in Sweden
// (Syria and Iraq, Finland, Iran and Afghanistan, Bosnia, Somalia, Eritrea, Poland, Thailand).
// Each generated person draws both names from one origin; some women carry a Swedish surname
// by marriage.
import type { Random, Weighted } from './random.js';

export type Gender = 'woman' | 'man';

/** "Anna:111 Eva:93" -> weighted list; a bare name weighs 1. */
function weightedList(spec: string): Weighted<string>[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [value = '', weight] = item.split(':');
      return { value, weight: weight === undefined ? 1 : Number(weight) };
    });
}

function list(spec: string): string[] {
  return spec.trim().split(/\s+/);
}

export const SWEDISH_WOMEN = weightedList(`
  Anna:111 Eva:93 Maria:84 Karin:79 Kristina:77 Lena:70 Sara:58 Emma:57 Malin:45 Jenny:42
  Hanna:42 Linda:42 Kerstin:40 Elin:40 Annika:40 Susanne:38 Marie:38 Johanna:36 Sofia:35
  Helena:35 Camilla:33 Monica:30 Carina:30 Åsa:30 Ida:30 Julia:30 Linnéa:28 Therese:27
  Elisabeth:26 Ingrid:25 Louise:25 Frida:25 Caroline:25 Jessica:25 Amanda:24 Sandra:24
  Anneli:22 Cecilia:22 Ulrika:22 Lisa:22 Birgitta:20 Matilda:20 Emelie:20 Josefin:20 Ann:20
  Maja:18 Pia:18 Katarina:18 Gunilla:16 Lina:16 Marianne:15 Helén:15 Petra:15 Charlotte:15
  Inger:15 Jennifer:14 Rebecka:14 Ebba:14 Mikaela:12 Moa:12 Margareta:12 Alice:12 Elsa:10
  Ann-Marie:10 Ulla:8 Anna-Karin:6
`);

export const SWEDISH_MEN = weightedList(`
  Lars:98 Anders:82 Mikael:79 Johan:76 Per:70 Erik:70 Peter:62 Thomas:60 Daniel:57 Jan:55
  Fredrik:55 Andreas:54 Karl:50 Stefan:51 Magnus:48 Hans:45 Mats:45 Marcus:40 Mattias:40
  Jonas:40 Martin:40 Niklas:38 Björn:38 Henrik:37 Patrik:35 David:35 Alexander:35 Oskar:33
  Viktor:30 Simon:30 Emil:30 Gustav:28 Sebastian:28 Robert:28 Christer:25 Ulf:25 Leif:25
  Bengt:22 Tommy:22 Joakim:22 Håkan:22 Kenneth:20 Roger:20 Göran:20 Anton:20 Nils:20
  Tobias:20 Jörgen:18 Jonathan:18 Linus:18 Filip:18 Jesper:18 Sven:15 Olof:15 Joel:15
  Rasmus:15 Kristoffer:15 Kent:12 Dan:12 Tony:12 Johnny:10 Pontus:8 Åke:8
`);

/** The most common surnames, bearers in thousands (the top 20 as counted by SCB in 2019). */
export const SWEDISH_SURNAMES_TOP = weightedList(`
  Andersson:228 Johansson:227 Karlsson:202 Nilsson:156 Eriksson:137 Larsson:115 Olsson:104
  Persson:98 Svensson:92 Gustafsson:90 Pettersson:87 Jonsson:68 Jansson:46 Hansson:41
  Bengtsson:32 Jönsson:29 Lindberg:27 Jakobsson:26 Magnusson:25 Olofsson:24 Lindström:24
  Lindqvist:23 Lindgren:23 Berg:22 Axelsson:21 Bergström:21 Lundberg:21 Lind:20 Lundgren:20
  Lundqvist:20 Mattsson:19 Berglund:19 Fredriksson:18 Sandberg:18 Henriksson:17 Forsberg:17
  Sjöberg:17 Wallin:16 Engström:16 Eklund:16 Danielsson:16 Lundin:15 Håkansson:15 Björk:15
  Bergman:15 Gunnarsson:15 Holm:14 Wikström:14 Samuelsson:14 Isaksson:14 Fransson:14
  Bergqvist:14 Nyström:14 Holmberg:13 Arvidsson:13 Löfgren:13 Söderberg:13 Nyberg:13
  Blomqvist:13 Claesson:12 Nordström:12
`);

export const SWEDISH_SURNAMES_TAIL = list(`
  Åberg Öberg Ekström Holmgren Sundberg Hedlund Dahlberg Falk Hellström Sjögren Strömberg Dahl
  Lindholm Norberg Holmqvist Ekberg Lindblom Sjöström Åström Malmberg Wahlström Östlund Hammar
  Ekman Wiklund Rosén Nordin Ström Sandström Lund Berggren Björklund Viklund Sundqvist Blom
  Söderström Sundström Engberg Hedberg Lindell Strand Ahlberg Ek Nord Sjölund Borg Roos Lindahl
  Hellberg Kvist Almqvist Hedström Bäckström Backman Friberg Granberg Lilja Hägg Ekholm Nordlund
  Sjödin Wester Ågren Törnqvist Lundell Bergkvist Ljung Norén Hallberg Sundin Grahn Edlund Nyman
  Lindén Ståhl Engman Forslund Hjalmarsson Brandt Carlsson Ekdahl Hultgren Kjellberg Lövgren
  Mårtensson Pålsson Månsson Abrahamsson Martinsson Andreasson Eliasson Åkesson Ivarsson
  Emanuelsson Franzén Westberg Rydberg Svärd Thorén Sundell Hedin Bergh Lindkvist Åkerman
  Grönlund Wallén Dahlgren Sandén Hagström
`);

/** Probability that a Swedish-born person's surname is one of the top list. */
const TOP_SURNAME_SHARE = 0.42;
/** Of the rest, the share drawn from the listed tail; the others are compound names. */
const LISTED_TAIL_SHARE = 0.4;

// Most Swedish surnames outside the top list are two-part nature names ("borgarnamn",
// formed from the 1700s on): Lind + berg, Sjö + gren. The tail is far longer than any list,
// so the rest are composed from common first and last parts, which keeps each of them rare.
const COMPOUND_FIRST = list(`
  Lind Berg Sjö Ek Ny Sand Holm Ström Dahl Söder Nord Öster Åker Björk Hag Lund Alm Gran Fors
  Sten Hed Malm Ros Wall Bäck Ljung Ask Hall Eng Sund
`);
const COMPOUND_LAST = list('berg gren ström lund holm qvist dahl man blad sten bäck mark vall stedt');

function compoundSurname(rng: Random): string {
  for (;;) {
    const first = rng.pick(COMPOUND_FIRST);
    const last = rng.pick(COMPOUND_LAST);
    // Not the same word twice ("Bergberg", "Stensten").
    if (first.toLowerCase() !== last) return first + last;
  }
}

interface Origin {
  id: string;
  /** Share among people of other origins. */
  weight: number;
  women: string[];
  men: string[];
  surnames: string[];
  /** Share of women of this origin who carry a Swedish surname (by marriage). */
  swedishSurnameShareWomen: number;
}

export const OTHER_ORIGINS: Origin[] = [
  {
    id: 'arabic',
    weight: 25,
    women: list('Fatima Amira Noor Rania Layla Hiba Aya Rasha Zainab Huda'),
    men: list('Mohammed Ahmad Ali Hassan Omar Khaled Mustafa Yousef Ibrahim Karim Tarek'),
    surnames: list('Haddad Khalil Hussein Ibrahim Mansour Saleh Abdullah Yousef Hamdan Najjar Darwish Aziz Sabbagh Rahman'),
    swedishSurnameShareWomen: 0.05,
  },
  {
    id: 'finnish',
    weight: 18,
    women: list('Pirjo Riitta Tuula Sirpa Päivi Satu Minna Tiina Merja Kaisa'),
    men: list('Jukka Kari Mika Pekka Timo Matti Juha Antti Petri Markku'),
    surnames: list('Virtanen Korhonen Mäkinen Nieminen Heikkinen Koskinen Laine Järvinen Lehtonen Hämäläinen Salonen Niemi Kallio Laitinen'),
    swedishSurnameShareWomen: 0.35,
  },
  {
    id: 'persian',
    weight: 11,
    women: list('Maryam Leila Shirin Parisa Nasrin Zahra Mina Fereshteh'),
    men: list('Reza Amir Mehdi Hamid Farid Hossein Navid Omid'),
    surnames: list('Ahmadi Mohammadi Hosseini Karimi Rahimi Rezaei Jafari Sadeghi Moradi Amini Hashemi Azizi'),
    swedishSurnameShareWomen: 0.1,
  },
  {
    id: 'bosnian',
    weight: 10,
    women: list('Amra Emina Lejla Selma Aida Mirela Jasmina Azra'),
    men: list('Emir Adnan Edin Mirza Senad Haris Damir Nermin'),
    surnames: list('Hodžić Hadžić Mehmedović Begović Delić Kovačević Hasanović Omerović Salihović Mujić'),
    swedishSurnameShareWomen: 0.1,
  },
  {
    id: 'somali',
    weight: 9,
    women: list('Hodan Amina Fadumo Ifrah Sahra Hamdi Deeqa Ayan'),
    men: list('Abdirahman Abdullahi Mahad Abdi Mohamed Yusuf Guled Hassan'),
    surnames: list('Abdi Warsame Farah Omar Ahmed Nur Jama Osman Mohamud Yusuf'),
    swedishSurnameShareWomen: 0,
  },
  {
    id: 'tigrinya',
    weight: 8,
    women: list('Senait Helen Selam Saba Rahel Mebrat Yodit Luwam'),
    men: list('Yonas Samuel Tesfaye Dawit Mussie Filmon Binyam Robel'),
    surnames: list('Tesfay Gebremedhin Haile Berhane Kidane Tekle Ghebre Mehari Habte Asmelash'),
    swedishSurnameShareWomen: 0,
  },
  {
    id: 'polish',
    weight: 8,
    women: list('Agnieszka Katarzyna Magdalena Joanna Monika Ewa Aleksandra Justyna'),
    men: list('Piotr Tomasz Marek Krzysztof Paweł Michał Łukasz Jakub'),
    // Surnames that do not change with gender (Polish -ski/-ska would).
    surnames: list('Nowak Wójcik Mazur Krawczyk Zając Pawlak Michalak Dudek Wieczorek Kaczmarek'),
    swedishSurnameShareWomen: 0.25,
  },
  {
    id: 'thai',
    weight: 5,
    women: list('Siriporn Malee Nittaya Pranee Kanya Ratana Jintana Wanida'),
    men: list('Somchai Anan Prasert Wichai'),
    surnames: list('Srisuk Boonmee Saetang Chaiyaporn Wongsa'),
    swedishSurnameShareWomen: 0.8,
  },
];

export interface PersonName {
  firstName: string;
  lastName: string;
  gender: Gender;
  /** 'swedish' or one of OTHER_ORIGINS' ids. */
  origin: string;
}

export interface NameOptions {
  /** Share of women in this kind of job. */
  womenShare: number;
  /** Share of names of other origins in this kind of job. */
  otherOriginShare: number;
}

function swedishSurname(rng: Random): string {
  if (rng.chance(TOP_SURNAME_SHARE)) return rng.weighted(SWEDISH_SURNAMES_TOP);
  return rng.chance(LISTED_TAIL_SHARE) ? rng.pick(SWEDISH_SURNAMES_TAIL) : compoundSurname(rng);
}

export function drawName(rng: Random, opts: NameOptions): PersonName {
  const gender: Gender = rng.chance(opts.womenShare) ? 'woman' : 'man';
  if (!rng.chance(opts.otherOriginShare)) {
    const firstName = rng.weighted(gender === 'woman' ? SWEDISH_WOMEN : SWEDISH_MEN);
    return { firstName, lastName: swedishSurname(rng), gender, origin: 'swedish' };
  }
  const origin = rng.weighted(OTHER_ORIGINS.map((o) => ({ value: o, weight: o.weight })));
  const firstName = rng.pick(gender === 'woman' ? origin.women : origin.men);
  const married = gender === 'woman' && rng.chance(origin.swedishSurnameShareWomen);
  const lastName = married ? swedishSurname(rng) : rng.pick(origin.surnames);
  return { firstName, lastName, gender, origin: origin.id };
}

// Letters that Unicode does not decompose into a base letter and a mark.
const UNDECOMPOSED: Record<string, string> = { ø: 'o', æ: 'ae', ł: 'l', đ: 'd', ß: 'ss', þ: 'th' };

/**
 * The e-mail local part of a name: "Åsa Öberg" -> "asa.oberg", "Emir Hodžić" -> "emir.hodzic".
 * å ä ö é and other accented letters lose their marks; hyphens stay; spaces and other
 * characters go.
 */
export function emailLocalPart(firstName: string, lastName: string): string {
  const clean = (s: string): string =>
    s
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[øæłđßþ]/g, (c) => UNDECOMPOSED[c] ?? '')
      .replace(/\s+/g, '-')
      .replace(/[^a-z0-9-]/g, '');
  return `${clean(firstName)}.${clean(lastName)}`;
}
