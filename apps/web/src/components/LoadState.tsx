import { useTranslation } from 'react-i18next';
import { Link } from '../router/Link';

/** Loading text, or the load error with a retry button. */
export function LoadState({ error, onRetry }: { error: string | null; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="page narrow">
      {error ? (
        <>
          <p role="alert" className="error-note">
            {error}
          </p>
          <div className="button-row">
            <button type="button" onClick={onRetry}>
              {t('action.retry')}
            </button>
          </div>
          <p>
            <Link href="/join">{t('noSession.join')}</Link>
          </p>
        </>
      ) : (
        <p role="status">{t('status.loading')}</p>
      )}
    </main>
  );
}
