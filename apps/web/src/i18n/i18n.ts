import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import ar from './ar.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import ru from './ru.json';
import zh from './zh.json';
import { directionOf, LANGUAGES } from './languages';
import peopleAr from './people/ar.json';
import peopleEn from './people/en.json';
import peopleEs from './people/es.json';
import peopleFr from './people/fr.json';
import peopleRu from './people/ru.json';
import peopleZh from './people/zh.json';

/** localStorage key that remembers the language a person picked. */
export const LANGUAGE_STORAGE_KEY = 'roomtable:lang';

/** Puts the language and its direction on <html>, so CSS, screen readers and tables follow it. */
function applyToDocument(lng: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lng;
  document.documentElement.dir = directionOf(lng);
}

i18n.on('languageChanged', applyToDocument);

// The people-and-roles messages live in catalogues of their own (people/<lang>.json) and are
// merged in here, so that they and the main catalogues change without stepping on each other.
// Resources are bundled (no HTTP backend) so the first paint already has its text in every language.
void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: {
      en: { translation: { ...en, ...peopleEn } },
      fr: { translation: { ...fr, ...peopleFr } },
      es: { translation: { ...es, ...peopleEs } },
      ar: { translation: { ...ar, ...peopleAr } },
      zh: { translation: { ...zh, ...peopleZh } },
      ru: { translation: { ...ru, ...peopleRu } },
    },
    fallbackLng: 'en',
    supportedLngs: LANGUAGES.map((l) => l.code),
    // "fr-CA" from the browser resolves to "fr".
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    keySeparator: false,
    // React escapes on its own; escaping here would double-escape names like "Ana & Bo".
    interpolation: { escapeValue: false },
    detection: {
      order: ['querystring', 'localStorage', 'navigator'],
      lookupQuerystring: 'lang',
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      // Only an explicit pick is remembered (by LanguagePicker); otherwise the browser's choice keeps leading.
      caches: [],
    },
  });

applyToDocument(i18n.resolvedLanguage ?? i18n.language);

export { i18n };
