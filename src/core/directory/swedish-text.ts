// Swedish text for search: normalising, folding å ä ö for tolerant matching, tokens with
// their positions, a light stemmer and the Damerau-Levenshtein distance.

const folded = new Map<string, string>();
const normal = new Map<string, string>();

/**
 * One character, lower-cased, with accents removed except on å ä ö, which are letters of
 * their own in Swedish. Danish and Norwegian æ ø count as ä ö, as in Swedish collation.
 * Always returns one UTF-16 unit for one, so positions in the text stay valid.
 */
function normalChar(ch: string): string {
  if (ch.charCodeAt(0) < 0x80) return ch.toLowerCase();
  let n = normal.get(ch);
  if (n === undefined) {
    const lower = ch.toLowerCase();
    if (lower === 'å' || lower === 'ä' || lower === 'ö') n = lower;
    else if (lower === 'æ') n = 'ä';
    else if (lower === 'ø') n = 'ö';
    else {
      const bare = lower.normalize('NFD').replace(/\p{M}/gu, '');
      n = bare.length === 1 ? bare : lower.length === 1 ? lower : ch;
    }
    normal.set(ch, n);
  }
  return n;
}

/** Lower-cased; accents gone except å ä ö. Same length as the input (NFC). */
export function normalizeText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += normalChar(s[i]!);
  return out;
}

/** As normalizeText, and å ä -> a, ö -> o: what someone types without Swedish keys. */
export function foldText(normalized: string): string {
  let out = '';
  for (let i = 0; i < normalized.length; i++) {
    const ch = normalized[i]!;
    let f = folded.get(ch);
    if (f === undefined) {
      f = ch === 'å' || ch === 'ä' ? 'a' : ch === 'ö' ? 'o' : ch;
      folded.set(ch, f);
    }
    out += f;
  }
  return out;
}

export function hasSwedishLetters(normalized: string): boolean {
  return /[åäö]/.test(normalized);
}

export interface Token {
  /** Normalised form (normalizeText). */
  text: string;
  /** UTF-16 offsets in the NFC text. */
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Words of a text, normalised, with where they stand. "Bygg- och miljöenheten" -> bygg, och, miljöenheten. */
export function tokenize(text: string): Token[] {
  const nfc = text.normalize('NFC');
  const norm = normalizeText(nfc);
  const tokens: Token[] = [];
  for (const m of norm.matchAll(WORD)) tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return tokens;
}

/**
 * Definite, plural and genitive endings, longest first. "-n" and "-t" alone are only taken
 * after a vowel (skolan, äpplet), so that barn and fört keep their last letter.
 */
const ENDINGS = ['arnas', 'ernas', 'ornas', 'arna', 'erna', 'orna', 'ens', 'ets', 'ans', 'an', 'na', 'en', 'et', 'ar', 'er', 'or', 'a', 'e', 's', 'n', 't'];
const VOWEL = /[aeiouyåäö]/;
const MIN_STEM = 3;

/**
 * A light Swedish stemmer: strips one inflectional ending, keeping at least three letters.
 * bygglovet, bygglovs -> bygglov; frågor, frågan, frågorna -> fråg.
 */
export function stem(word: string): string {
  for (const e of ENDINGS) {
    if (word.length - e.length < MIN_STEM || !word.endsWith(e)) continue;
    if ((e === 'n' || e === 't') && !VOWEL.test(word[word.length - 2]!)) continue;
    return word.slice(0, -e.length);
  }
  return word;
}

/**
 * Is the optimal-string-alignment (restricted Damerau-Levenshtein) distance at most 1?
 * One insertion, deletion, substitution or swap of neighbours. Linear time.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    // substitution at i, or a swap of i and i+1
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  // one deletion from the longer at i
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The full optimal-string-alignment distance (tests and diagnostics). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The strings one deletion away (for the typo index: two words one edit apart share one). */
export function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    if (i > 0 && word[i] === word[i - 1]) continue; // same result as deleting the previous
    out.push(word.slice(0, i) + word.slice(i + 1));
  }
  return out;
}

/**
 * A key that sorts in Swedish alphabetical order with plain string comparison:
 * a-z, then å ä ö (the characters after z in ASCII stand in for them).
 */
export function swedishSortKey(s: string): string {
  let out = '';
  const norm = normalizeText(s.normalize('NFC'));
  for (let i = 0; i < norm.length; i++) {
    const ch = norm[i]!;
    out += ch === 'å' ? '{' : ch === 'ä' ? '|' : ch === 'ö' ? '}' : ch;
  }
  return out;
}
