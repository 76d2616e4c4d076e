import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { Link } from '../router/Link';

/** Shown when this browser holds no token for the workshop it was sent to. */
export function NoSession() {
  const { t } = useTranslation();
  return (
    <main className="page narrow">
      <div className="top-bar">
        <p className="brand">
          <Link href="/">{t('app.name')}</Link>
        </p>
        <LanguagePicker />
      </div>
      <h1>{t('noSession.title')}</h1>
      <p>{t('noSession.body')}</p>
      <p>
        <Link href="/join">{t('noSession.join')}</Link>
      </p>
    </main>
  );
}
