import { useTranslation } from 'react-i18next';
import { Link } from '../router/Link';
import { NarrowPage } from './NarrowPage';
import './people.css';

/**
 * Shown when this browser holds no token for the workshop it was sent to: a stale or mistyped
 * link (no such workshop) looks the same from here, as only a token may ask the server about a
 * workshop, so the page says both and what to do about either.
 */
export function NoSession() {
  const { t } = useTranslation();
  return (
    <NarrowPage>
      <h1 data-testid="no-session">{t('noSession.title')}</h1>
      <p>{t('noSession.body')}</p>
      <p className="button-row problem-links">
        <Link href="/join">{t('noSession.join')}</Link>
        <Link href="/">{t('problem.home')}</Link>
      </p>
    </NarrowPage>
  );
}
