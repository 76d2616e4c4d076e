import i18n, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import { detectLanguage } from './detectLanguage';
import { directionOf, LANGUAGES } from './languages';

/** localStorage key that remembers the language a person picked. */
export const LANGUAGE_STORAGE_KEY = 'roomtable:lang';

/** Puts the language and its direction on <html>, so CSS, screen readers and tables follow it. */
function applyToDocument(lng: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lng;
  document.documentElement.dir = directionOf(lng);
}

// The event carries what was asked for ("ru-RU"); the resolved language ("ru") is the one shown.
i18n.on('languageChanged', (lng: string) => applyToDocument(i18n.resolvedLanguage ?? lng));

/**
 * English (the fallback) is bundled; every other catalogue is its own chunk, fetched only when that
 * language is in use. Bundling all six put ~160 KB of catalogues into the first download on venue
 * Wi-Fi, where a person needs one of them. Each import is a static path so Vite splits and hashes it.
 */
const CATALOGUES: Record<string, () => Promise<{ default: ResourceKey }>> = {
  fr: () => import('./fr.json'),
  es: () => import('./es.json'),
  ar: () => import('./ar.json'),
  zh: () => import('./zh.json'),
  ru: () => import('./ru.json'),
};

const lazyCatalogues: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, _namespace, callback) {
    const load = CATALOGUES[language];
    if (!load) return callback(null, language === 'en' ? en : {});
    load().then(
      (catalogue) => callback(null, catalogue.default),
      // A catalogue that cannot be fetched (offline) leaves the English fallback on screen.
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

/** The remembered pick; private mode may refuse storage, and then there is none. */
function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Resolves once the language in use has its catalogue (the app renders after it: no English flash). */
export const i18nReady = i18n
  .use(lazyCatalogues)
  .use(initReactI18next)
  .init({
    lng: detectLanguage({ search: location.search, stored: storedLanguage(), browser: navigator.languages }),
    resources: { en: { translation: en } },
    // With a backend, i18next asks it only for languages missing from `resources`.
    partialBundledLanguages: true,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES.map((l) => l.code),
    // "fr-CA" from the browser resolves to "fr".
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    keySeparator: false,
    // React escapes on its own; escaping here would double-escape names like "Ana & Bo".
    interpolation: { escapeValue: false },
  });


export { i18n };
