// The user interface speaks Swedish first; English is selectable.
export type Lang = 'sv' | 'en';
export const LANGS: readonly Lang[] = ['sv', 'en'];

/** Pick the text of the language: texts are written in pairs beside the code that shows them. */
export function pick(lang: Lang, sv: string, en: string): string {
  return lang === 'sv' ? sv : en;
}
