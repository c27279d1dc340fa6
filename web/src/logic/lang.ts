// The user interface speaks Swedish first; English is selectable.
export type Lang = 'sv' | 'en';
export const LANGS: readonly Lang[] = ['sv', 'en'];

/** Pick the text of the language: texts are written in pairs beside the code that shows them. */
export function pick(lang: Lang, sv: string, en: string): string {
  return lang === 'sv' ? sv : en;
}

/** "1 person och 2 funktioner": a count with the word in singular or plural ([one, many]). */
export function count(n: number, words: readonly [string, string]): string {
  return `${n} ${n === 1 ? words[0] : words[1]}`;
}

/** What a directory search found, in either language. */
export function foundText(lang: Lang, people: number, functions: number): string {
  return lang === 'sv'
    ? `${count(people, ['person', 'personer'])} och ${count(functions, ['funktion', 'funktioner'])}`
    : `${count(people, ['person', 'people'])} and ${count(functions, ['function', 'functions'])}`;
}
