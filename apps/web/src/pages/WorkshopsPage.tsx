import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/apiRequest';
import { ErrorNote } from '../components/ErrorNote';
import { useLocale } from '../i18n/useLocale';
import { facilitatorTokens, lookupWorkshops } from '../review/reviewApi';
import '../review/review.css';
import type { WorkshopSummary } from '../review/reviewTypes';
import { Link } from '../router/Link';

/** `/workshops`: the workshops this browser facilitates (their tokens are in localStorage; there are no accounts). */
export function WorkshopsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [list, setList] = useState<WorkshopSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const tokens = facilitatorTokens();
    if (tokens.length === 0) {
      setList([]);
      return;
    }
    lookupWorkshops(tokens).then(
      (r) => setList(r.workshops),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);

  return (
    <main className="page stack">
      <h1>{t('workshops.title')}</h1>
      <p className="muted">{t('workshops.explain')}</p>
      <ErrorNote message={error} />
      {list === null && !error ? <p role="status">{t('status.loading')}</p> : null}
      {list?.length === 0 ? (
        <p>
          {t('workshops.none')} <Link href="/">{t('workshops.create')}</Link>
        </p>
      ) : null}
      <ul className="workshop-list" data-testid="workshop-list">
        {list?.map((w) => (
          <li key={w.id} className="card">
            <h2>{w.title}</h2>
            <p className="muted">
              {t('workshops.meta', { phase: t(`phase.${w.phase}`), date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(w.createdAt)), rooms: w.rooms, people: w.people })}
            </p>
            <p>
              <Link href={`/w/${w.id}/facilitate`}>{t('workshops.console')}</Link> · <Link href={`/w/${w.id}/review`}>{t('workshops.review')}</Link>
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
