import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_STORAGE_KEY } from './i18n';
import { LANGUAGES, supportedLanguage } from './languages';

/** The language menu in page headers; the choice is remembered on this device. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = supportedLanguage(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
  const choose = (code: string) => {
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, code);
    } catch {
      // Private mode may refuse storage; the language still changes for this visit.
    }
    void i18n.changeLanguage(code);
  };
  return (
    <div className="language-picker">
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} value={current} onChange={(e) => choose(e.target.value)} data-testid="language-picker">
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
