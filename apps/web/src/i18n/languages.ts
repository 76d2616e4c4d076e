/** A language the interface is translated into. */
export interface Language {
  code: LanguageCode;
  /** The language's own name, so people find theirs whatever language is showing. */
  name: string;
  dir: 'ltr' | 'rtl';
}

/** Codes of the six UN languages the interface ships in. */
export type LanguageCode = 'en' | 'fr' | 'es' | 'ar' | 'zh' | 'ru';

/** The interface languages, in the order the picker lists them. */
export const LANGUAGES: readonly Language[] = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'zh', name: '中文', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
];

/** The supported code for a BCP 47 tag ("fr-CA" → "fr"), or null when none matches. */
export function supportedLanguage(tag: string | null | undefined): LanguageCode | null {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l.code === primary)?.code ?? null;
}

/** Writing direction of a language tag: right to left for Arabic. */
export function directionOf(tag: string | null | undefined): 'ltr' | 'rtl' {
  const code = supportedLanguage(tag);
  return LANGUAGES.find((l) => l.code === code)?.dir ?? 'ltr';
}
