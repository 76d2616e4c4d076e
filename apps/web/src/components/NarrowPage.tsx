import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { Link } from '../router/Link';

/** A narrow page with the app's name (a link home) and the language menu on top: join, no session. */
export function NarrowPage({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="page narrow">
      <div className="top-bar">
        <p className="brand">
          <Link href="/">{t('app.name')}</Link>
        </p>
        <LanguagePicker />
      </div>
      {children}
    </main>
  );
}
