import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/apiRequest';
import { ErrorNote } from '../components/ErrorNote';
import { navigate } from '../router/navigate';
import { deleteWorkshop } from './reviewApi';

/** Deletes the workshop for good, once the facilitator has typed its title. */
export function DeleteWorkshop({ workshopId, token, title }: { workshopId: string; token: string; title: string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteWorkshop(workshopId, token, typed);
      localStorage.removeItem(`roomtable:${workshopId}`);
      navigate('/workshops', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <section className="card stack danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t('review.deleteHeading')}</h2>
      <p>{t('review.deleteExplain')}</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label htmlFor="delete-confirm">{t('review.deleteTypeTitle', { title })}</label>
        <input id="delete-confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" data-testid="delete-confirm" />
        <div className="button-row">
          <button type="submit" className="danger" disabled={busy || typed.trim() !== title.trim()} data-testid="delete-submit">
            {t('review.deleteButton')}
          </button>
        </div>
      </form>
      <ErrorNote message={error} />
    </section>
  );
}
