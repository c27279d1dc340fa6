// The interface language: Swedish unless the person chose English (kept in this browser).
// Texts are written as pairs where they are shown: L('Min status', 'My status').
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { pick, type Lang } from '../logic/lang.js';

interface LangContextValue {
  lang: Lang;
  setLang(lang: Lang): void;
  L(sv: string, en: string): string;
}

const LangContext = createContext<LangContextValue>({ lang: 'sv', setLang: () => {}, L: (sv) => sv });

const STORAGE_KEY = 'ov.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'sv';
  } catch {
    return 'sv';
  }
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    // Screen readers pronounce the page in the language it declares (WCAG 3.1.1).
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  const value = useMemo(() => ({ lang, setLang, L: (sv: string, en: string) => pick(lang, sv, en) }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangContextValue {
  return useContext(LangContext);
}
