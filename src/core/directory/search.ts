// The operator's type-ahead over the directory (P-SWB-3, P-SWB-9, P-FC-2): who is this
// caller looking for, by name, title, unit, function or matter ("ärende").
//
// Ranking, best first: exact word > prefix > stem > typo, each a little lower when å ä ö had
// to be read as a o; within a tier, name > extension > function > matter > title > unit;
// ties by last name, then first name. Every query word must match some field.
//
// Built once and then kept up to date person by person. A posting is one small integer
// (person slot, word occurrence, field); where a word stands in a field is worked out again
// only for the hits shown, so the index holds little more than its postings. Each search
// works in preallocated arrays indexed by person slot (bench/search.ts measures it).
import { deletions, foldText, stem, swedishSortKey, tokenize, withinOneEdit, type Token } from './swedish-text.js';
import { unitChain, type Person, type ServiceFunction, type Unit } from './types.js';

export type SearchField = 'firstName' | 'lastName' | 'extension' | 'function' | 'matter' | 'title' | 'unit' | 'parentUnit';
export type MatchKind = 'exact' | 'prefix' | 'stem' | 'compound' | 'typo';

export interface SearchMatch {
  /** The query word that matched. */
  word: string;
  field: SearchField;
  /** The field's text: "Anna", "Bygglov", "Bygg- och miljöenheten". */
  value: string;
  /** The matched part of value, for highlighting (UTF-16 offsets). */
  start: number;
  end: number;
  kind: MatchKind;
  /** å ä ö had to be read as a or o (or the other way round) for this match. */
  folded: boolean;
}

export interface SearchHit<P = undefined> {
  personId: string;
  score: number;
  matches: SearchMatch[];
  /** What presenceOf returned, when it was given. */
  presence?: P;
}

// Field codes live in the low 3 bits of a posting.
const FIELDS: readonly SearchField[] = ['firstName', 'lastName', 'extension', 'function', 'matter', 'title', 'unit', 'parentUnit'];
const F_FIRST = 0, F_LAST = 1, F_EXT = 2, F_FUNCTION = 3, F_MATTER = 4, F_TITLE = 5, F_UNIT = 6, F_PARENT = 7;
/** Names before matters (the brief), the person's own unit before the units above it. */
const FIELD_WEIGHT = Int32Array.from([7, 7, 6, 5, 4, 3, 2, 1]);

// Tiers, best first. A word's score is tier * 8 + field weight.
const T_EXACT = 8, T_EXACT_FOLDED = 7, T_PREFIX = 6, T_PREFIX_FOLDED = 5, T_STEM = 4, T_STEM_FOLDED = 3, T_COMPOUND = 2, T_TYPO = 1;
const TIER_KIND: readonly (readonly [MatchKind, boolean])[] = [
  ['typo', false], // 0: unused
  ['typo', false],
  ['compound', false],
  ['stem', true],
  ['stem', false],
  ['prefix', true],
  ['prefix', false],
  ['exact', true],
  ['exact', false],
];

// A posting: person slot << 12 | occurrence << 3 | field.
const OCC_BITS = 9;
const MAX_OCCURRENCES = 1 << OCC_BITS;
const MAX_PEOPLE = 1 << (31 - OCC_BITS - 3);
const MAX_WORDS = 8;
const MIN_TYPO_LENGTH = 4;
const MIN_COMPOUND_LENGTH = 7;
const MIN_COMPOUND_PART = 4;
const TOKEN_CACHE_SIZE = 50_000;

/** Removes a person's postings from a list, in place. */
function removePostings(list: number[], slot: number) {
  let w = 0;
  for (let r = 0; r < list.length; r++) {
    const v = list[r]!;
    if (v >>> 12 !== slot) list[w++] = v;
  }
  list.length = w;
}

/** Sorted insert into a sorted string array (incremental updates). */
function insertSorted(arr: string[], s: string) {
  arr.splice(lowerBound(arr, s), 0, s);
}

function lowerBound(arr: readonly string[], s: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pushTo<K>(map: Map<K, number[]>, key: K, v: number) {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

interface FieldText {
  value: string;
  tokens: readonly Token[];
}

/** One word of one field of a person. */
interface Occurrence {
  field: number;
  value: string;
  token: string;
  start: number;
  end: number;
}

/**
 * The index keeps the Person, Unit and ServiceFunction objects it is given and works out a
 * person's words from them again when the person is removed or shown: to change one, pass
 * a new object to upsert, upsertUnit or upsertFunction rather than changing it in place.
 */
export class SearchIndex {
  // Vocabulary.
  private readonly tokenIds = new Map<string, number>();
  private readonly tokenText: string[] = [];
  private readonly tokenFold: string[] = [];
  private readonly postings: number[][] = [];
  private readonly byFold = new Map<string, number[]>();
  private readonly byStem = new Map<string, number[]>();
  private readonly byDeletion = new Map<string, number[]>();
  private sortedTexts: string[] = [];
  private sortedFolds: string[] = [];
  private bulk = false;

  // People, by slot.
  private readonly slotOf = new Map<string, number>();
  private readonly people: (Person | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Slots in Swedish name order, and each slot's place in it (ties in ranking). */
  private order: number[] = [];
  private orderKey: string[] = [];
  private rank = new Int32Array(0);

  // The organisation.
  private units = new Map<string, Unit>();
  private functions = new Map<string, ServiceFunction>();
  /** Functions a person is a member of through the function's memberIds. */
  private memberOf = new Map<string, Set<string>>();
  private readonly tokenCache = new Map<string, FieldText>();

  // Scratch space for searches.
  private capacity = 0;
  private generation = 0;
  private stamps: Int32Array[] = [];
  private best: Int32Array[] = [];
  private bestPosting: Int32Array[] = [];
  private candidates: Int32Array[] = [];
  private tokenStamp = new Int32Array(0);

  /** Replaces the whole index. */
  build(people: readonly Person[], units: readonly Unit[], functions: readonly ServiceFunction[]): this {
    this.tokenIds.clear();
    this.tokenText.length = this.tokenFold.length = this.postings.length = 0;
    this.byFold.clear();
    this.byStem.clear();
    this.byDeletion.clear();
    this.slotOf.clear();
    this.people.length = this.freeSlots.length = 0;
    this.units = new Map(units.map((u) => [u.id, u]));
    this.functions = new Map();
    this.memberOf = new Map();
    for (const f of functions) this.setFunction(f);

    this.bulk = true;
    for (const p of people) this.add(p);
    this.bulk = false;
    this.sortedTexts = [...this.tokenText].sort();
    this.sortedFolds = [...this.byFold.keys()].sort();
    this.rebuildOrder();
    return this;
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Sizes, for benchmarks and diagnostics. */
  stats(): { people: number; words: number; postings: number; typoKeys: number } {
    return {
      people: this.slotOf.size,
      words: this.tokenText.length,
      postings: this.postings.reduce((n, p) => n + p.length, 0),
      typoKeys: this.byDeletion.size,
    };
  }

  /** Adds or replaces one person. */
  upsert(person: Person): void {
    this.removeFromIndex(person.id);
    const slot = this.add(person);
    this.placeInOrder(slot);
  }

  remove(personId: string): boolean {
    const slot = this.slotOf.get(personId);
    if (slot === undefined) return false;
    this.removeFromIndex(personId);
    const at = this.order.indexOf(slot);
    this.order.splice(at, 1);
    this.orderKey.splice(at, 1);
    this.refreshRanks(at);
    return true;
  }

  /** A new, renamed or moved unit: the people in it and under it are indexed again. */
  upsertUnit(unit: Unit): void {
    this.reindex(
      (p) => unitChain(p.unitId, this.units).some((u) => u.id === unit.id),
      () => this.units.set(unit.id, unit),
    );
  }

  removeUnit(unitId: string): void {
    this.reindex(
      (p) => unitChain(p.unitId, this.units).some((u) => u.id === unitId),
      () => this.units.delete(unitId),
    );
  }

  upsertFunction(fn: ServiceFunction): void {
    const affected = new Set([...(this.functions.get(fn.id)?.memberIds ?? []), ...fn.memberIds]);
    this.reindex(
      (p) => affected.has(p.id) || p.functionIds.includes(fn.id),
      () => this.setFunction(fn),
    );
  }

  removeFunction(functionId: string): void {
    const before = this.functions.get(functionId);
    if (!before) return;
    this.reindex(
      (p) => before.memberIds.includes(p.id) || p.functionIds.includes(functionId),
      () => {
        this.functions.delete(functionId);
        for (const id of before.memberIds) this.memberOf.get(id)?.delete(functionId);
      },
    );
  }

  /**
   * People matching every word of the query, best first. Presence is not part of the index;
   * give presenceOf to have it attached to each hit.
   */
  search<P = undefined>(query: string, limit = 10, presenceOf?: (personId: string) => P): SearchHit<P>[] {
    const words = tokenize(query)
      .map((t) => t.text)
      .slice(0, MAX_WORDS);
    if (words.length === 0 || limit <= 0 || this.slotOf.size === 0) return [];
    this.generation++;
    const counts: number[] = [];
    for (let w = 0; w < words.length; w++) {
      counts.push(this.matchWord(words[w]!, w));
      if (counts[w] === 0) return [];
    }

    // Walk the smallest candidate list; keep the best `limit` by score, then name order.
    let smallest = 0;
    for (let w = 1; w < words.length; w++) if (counts[w]! < counts[smallest]!) smallest = w;
    const gen = this.generation;
    const topKey: number[] = [];
    const topSlot: number[] = [];
    const list = this.candidates[smallest]!;
    const n = counts[smallest]!;
    const rankBase = this.rank.length + 1;
    outer: for (let i = 0; i < n; i++) {
      const slot = list[i]!;
      let score = 0;
      for (let w = 0; w < words.length; w++) {
        if (this.stamps[w]![slot] !== gen) continue outer;
        score += this.best[w]![slot]!;
      }
      // One number orders both: higher score first, then lower rank (earlier in the alphabet).
      const key = score * rankBase + (rankBase - 1 - this.rank[slot]!);
      if (topKey.length === limit && key <= topKey[limit - 1]!) continue;
      let at = topKey.length;
      while (at > 0 && topKey[at - 1]! < key) at--;
      topKey.splice(at, 0, key);
      topSlot.splice(at, 0, slot);
      if (topKey.length > limit) {
        topKey.pop();
        topSlot.pop();
      }
    }

    return topSlot.map((slot) => {
      const person = this.people[slot]!;
      const occurrences = this.occurrencesOf(person);
      let score = 0;
      const matches = words.map((word, w) => {
        score += this.best[w]![slot]!;
        return this.matchOf(occurrences, word, this.best[w]![slot]!, this.bestPosting[w]![slot]!);
      });
      const hit: SearchHit<P> = { personId: person.id, score, matches };
      if (presenceOf) hit.presence = presenceOf(person.id);
      return hit;
    });
  }

  // ---- matching one word ----------------------------------------------------------------

  /** Marks every person the word matches with its best score; returns how many. */
  private matchWord(word: string, w: number): number {
    this.ensureScratch(w);
    const stamp = this.stamps[w]!;
    const best = this.best[w]!;
    const bestPosting = this.bestPosting[w]!;
    const cand = this.candidates[w]!;
    const gen = this.generation;
    const tokenGen = gen * MAX_WORDS + w;
    const tokenStamp = this.tokenStamp;
    let count = 0;

    const scan = (token: number, tier: number) => {
      if (tokenStamp[token] === tokenGen) return; // already scanned at a better tier
      tokenStamp[token] = tokenGen;
      const list = this.postings[token]!;
      const base = tier << 3;
      for (let i = 0, len = list.length; i < len; i++) {
        const posting = list[i]!;
        const slot = posting >>> 12;
        const score = base + FIELD_WEIGHT[posting & 7]!;
        if (stamp[slot] !== gen) {
          stamp[slot] = gen;
          best[slot] = score;
          bestPosting[slot] = posting;
          cand[count++] = slot;
        } else if (score > best[slot]!) {
          best[slot] = score;
          bestPosting[slot] = posting;
        }
      }
    };

    const folded = foldText(word);
    const exact = this.tokenIds.get(word);
    if (exact !== undefined) scan(exact, T_EXACT);
    for (const t of this.byFold.get(folded) ?? []) scan(t, T_EXACT_FOLDED);

    for (let i = lowerBound(this.sortedTexts, word); i < this.sortedTexts.length; i++) {
      const text = this.sortedTexts[i]!;
      if (!text.startsWith(word)) break;
      scan(this.tokenIds.get(text)!, T_PREFIX);
    }
    for (let i = lowerBound(this.sortedFolds, folded); i < this.sortedFolds.length; i++) {
      const f = this.sortedFolds[i]!;
      if (!f.startsWith(folded)) break;
      for (const t of this.byFold.get(f)!) scan(t, T_PREFIX_FOLDED);
    }

    // Extensions and other numbers match exactly or by prefix only.
    if (/\d/.test(word)) return count;

    const wordStem = stem(word);
    // Same stem (bygglovet ~ bygglovs), the word is a stem (kontor ~ kontoret), or the
    // word's stem is a whole token (kontoret ~ kontor).
    const stemCandidates = [
      ...(this.byStem.get(foldText(wordStem)) ?? []),
      ...(this.byStem.get(folded) ?? []),
      ...(this.byFold.get(foldText(wordStem)) ?? []),
    ];
    for (const t of stemCandidates) {
      const text = this.tokenText[t]!;
      const tokenStem = stem(text);
      const same = tokenStem === wordStem || text === wordStem || tokenStem === word;
      scan(t, same ? T_STEM : T_STEM_FOLDED);
    }

    // Compounds: "bygglovsfrågor" is about bygglov. The longest known word of at least four
    // letters that starts the query word and leaves at least three letters (shortening past
    // a linking s: bygglovs, then bygglov).
    if (word.length >= MIN_COMPOUND_LENGTH) {
      for (let end = word.length - 3; end >= MIN_COMPOUND_PART; end--) {
        const head = foldText(word.slice(0, end));
        const found = this.byFold.get(head) ?? this.byStem.get(head);
        if (found) {
          for (const t of found) scan(t, T_COMPOUND);
          break;
        }
      }
    }

    // One typo (Damerau-Levenshtein distance 1) for words of four letters or more; compared
    // folded, so a typo and a missing ring on å count as one.
    if (word.length >= MIN_TYPO_LENGTH) {
      const tryTokens = (tokens: number[] | undefined) => {
        if (!tokens) return;
        for (const t of tokens) if (tokenStamp[t] !== tokenGen && withinOneEdit(folded, this.tokenFold[t]!)) scan(t, T_TYPO);
      };
      tryTokens(this.byDeletion.get(folded));
      for (const d of deletions(folded)) tryTokens(this.byDeletion.get(d));
    }
    return count;
  }

  /** What a word matched in a hit, for highlighting. */
  private matchOf(occurrences: readonly Occurrence[], word: string, score: number, posting: number): SearchMatch {
    const occ = occurrences[(posting >>> 3) & (MAX_OCCURRENCES - 1)]!;
    const [kind, folded] = TIER_KIND[score >> 3]!;
    const end = kind === 'prefix' ? occ.start + Math.min(word.length, occ.token.length) : occ.end;
    return { word, field: FIELDS[occ.field]!, value: occ.value, start: occ.start, end, kind, folded };
  }

  // ---- maintaining the index --------------------------------------------------------------

  private setFunction(fn: ServiceFunction) {
    const before = this.functions.get(fn.id);
    for (const id of before?.memberIds ?? []) this.memberOf.get(id)?.delete(fn.id);
    this.functions.set(fn.id, fn);
    for (const id of fn.memberIds) {
      let set = this.memberOf.get(id);
      if (!set) this.memberOf.set(id, (set = new Set()));
      set.add(fn.id);
    }
  }

  /**
   * Takes the affected people out while the index still matches the old organisation,
   * applies the change and puts them back in the same slots (their names, and so the
   * name order, are unchanged).
   */
  private reindex(affects: (p: Person) => boolean, change: () => void) {
    const affected = this.people.filter((p): p is Person => p !== undefined && affects(p));
    const slots = affected.map((p) => this.slotOf.get(p.id)!);
    for (const p of affected) this.removeFromIndex(p.id);
    this.freeSlots.length -= affected.length;
    change();
    affected.forEach((p, i) => this.add(p, slots[i]!));
  }

  /**
   * The words of a field text. Names, titles, units and matters repeat across thousands of
   * people, so their words are worked out once; numbers are unique and not kept.
   */
  private tokensOf(value: string): FieldText {
    let text = this.tokenCache.get(value);
    if (text === undefined) {
      // Offsets are in the NFC form, so that is the value hits show.
      text = { value: value.normalize('NFC'), tokens: tokenize(value) };
      if (!/\d/.test(value)) {
        if (this.tokenCache.size >= TOKEN_CACHE_SIZE) this.tokenCache.clear();
        this.tokenCache.set(value, text);
      }
    }
    return text;
  }

  /**
   * The words of a person's fields, in a fixed order: the postings point into this list
   * by position, and it is worked out again for hits and removal rather than stored.
   */
  private occurrencesOf(person: Person): Occurrence[] {
    const out: Occurrence[] = [];
    const addField = (field: number, raw: string | undefined) => {
      if (raw === undefined || raw === '') return;
      const { value, tokens } = this.tokensOf(raw);
      for (const t of tokens) {
        if (out.length < MAX_OCCURRENCES) out.push({ field, value, token: t.text, start: t.start, end: t.end });
      }
    };
    addField(F_FIRST, person.firstName);
    addField(F_LAST, person.lastName);
    addField(F_EXT, person.extension);
    const functionIds = new Set([...person.functionIds, ...(this.memberOf.get(person.id) ?? [])]);
    for (const id of functionIds) addField(F_FUNCTION, this.functions.get(id)?.name);
    for (const m of person.matters) addField(F_MATTER, m);
    addField(F_TITLE, person.title);
    const [own, ...above] = unitChain(person.unitId, this.units);
    addField(F_UNIT, own?.name);
    for (const u of above) addField(F_PARENT, u.name);
    return out;
  }

  private add(person: Person, slot = this.freeSlots.pop() ?? this.people.length): number {
    if (slot >= MAX_PEOPLE) throw new RangeError(`The search index holds at most ${MAX_PEOPLE} people.`);
    this.occurrencesOf(person).forEach((o, i) => this.postings[this.tokenId(o.token)]!.push((slot << 12) | (i << 3) | o.field));
    this.people[slot] = person;
    this.slotOf.set(person.id, slot);
    this.ensureCapacity(slot + 1);
    return slot;
  }

  private removeFromIndex(personId: string) {
    const slot = this.slotOf.get(personId);
    if (slot === undefined) return;
    const tokens = new Set(this.occurrencesOf(this.people[slot]!).map((o) => this.tokenIds.get(o.token)));
    for (const t of tokens) if (t !== undefined) removePostings(this.postings[t]!, slot);
    this.people[slot] = undefined;
    this.slotOf.delete(personId);
    this.freeSlots.push(slot);
    // The order keeps the slot until placeInOrder or remove takes it out.
  }

  private tokenId(text: string): number {
    let id = this.tokenIds.get(text);
    if (id !== undefined) return id;
    id = this.tokenText.length;
    this.tokenIds.set(text, id);
    this.tokenText.push(text);
    this.postings.push([]);
    if (!this.bulk) insertSorted(this.sortedTexts, text);
    if (this.tokenStamp.length < this.tokenText.length) {
      const bigger = new Int32Array(Math.max(1024, this.tokenText.length * 2));
      bigger.set(this.tokenStamp);
      this.tokenStamp = bigger;
    }
    // Numbers (extensions) match exactly or by prefix only: no folding, stems or typos,
    // which keeps tens of thousands of unique extensions cheap.
    if (/\d/.test(text)) {
      this.tokenFold.push(text);
      return id;
    }
    const folded = foldText(text);
    this.tokenFold.push(folded);
    if (!this.byFold.has(folded) && !this.bulk) insertSorted(this.sortedFolds, folded);
    pushTo(this.byFold, folded, id);
    pushTo(this.byStem, foldText(stem(text)), id);
    if (folded.length >= MIN_TYPO_LENGTH - 1) {
      pushTo(this.byDeletion, folded, id);
      for (const d of deletions(folded)) pushTo(this.byDeletion, d, id);
    }
    return id;
  }

  private sortKey(slot: number): string {
    const p = this.people[slot]!;
    return `${swedishSortKey(p.lastName)}\u0000${swedishSortKey(p.firstName)}\u0000${p.id}`;
  }

  private rebuildOrder() {
    const slots = [...this.slotOf.values()];
    const keyed = slots.map((s) => [this.sortKey(s), s] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.orderKey = keyed.map((k) => k[0]);
    this.order = keyed.map((k) => k[1]);
    this.refreshRanks(0);
  }

  private placeInOrder(slot: number) {
    const old = this.order.indexOf(slot);
    if (old >= 0) {
      this.order.splice(old, 1);
      this.orderKey.splice(old, 1);
    }
    const key = this.sortKey(slot);
    const at = lowerBound(this.orderKey, key);
    this.order.splice(at, 0, slot);
    this.orderKey.splice(at, 0, key);
    this.refreshRanks(old >= 0 ? Math.min(old, at) : at);
  }

  private refreshRanks(from: number) {
    for (let i = from; i < this.order.length; i++) this.rank[this.order[i]!] = i;
  }

  private ensureCapacity(n: number) {
    if (n <= this.capacity) return;
    const capacity = Math.max(1024, this.capacity * 2, n);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.stamps = this.stamps.map(grow);
    this.best = this.best.map(grow);
    this.bestPosting = this.bestPosting.map(grow);
    this.candidates = this.candidates.map(grow);
    this.rank = grow(this.rank);
    this.capacity = capacity;
  }

  private ensureScratch(w: number) {
    while (this.stamps.length <= w) {
      this.stamps.push(new Int32Array(this.capacity));
      this.best.push(new Int32Array(this.capacity));
      this.bestPosting.push(new Int32Array(this.capacity));
      this.candidates.push(new Int32Array(this.capacity));
    }
  }
}
