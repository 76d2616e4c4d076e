import { useTranslation } from 'react-i18next';
import { Link } from '../router/Link';
import { NarrowPage } from './NarrowPage';

/** Shown when this browser holds no token for the workshop it was sent to. */
export function NoSession() {
  const { t } = useTranslation();
  return (
    <NarrowPage>
      <h1>{t('noSession.title')}</h1>
      <p>{t('noSession.body')}</p>
      <p>
        <Link href="/join">{t('noSession.join')}</Link>
      </p>
    </NarrowPage>
  );
}
