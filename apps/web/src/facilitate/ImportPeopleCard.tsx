import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '@roomtable/contract';
import { apiRequest, errorMessage } from '../api/apiRequest';
import { privateLink } from '../api/linkSession';
import { ErrorNote } from '../components/ErrorNote';
import { SecretLink } from '../components/SecretLink';

interface Imported {
  id: string;
  name: string;
  token: string;
}

/**
 * A list of people pasted before the event [PI1][PI2]: name, then the questions, one person per
 * line. Each person gets a personal join link (with its QR code) to hand out; opening it signs that
 * device in as them, answers already given. The links are shown once, here, like a facilitator link.
 */
export function ImportPeopleCard({ state, token }: { state: LiveState; token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [csv, setCsv] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [imported, setImported] = useState<Imported[]>([]);
  if (state.workshop.phase !== 'lobby') return null;
  const header = ['name', ...(state.workshop.fields ?? []).map((f) => f.label)].join(',');
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = await apiRequest<{ people: Imported[] }>('POST', `/api/workshops/${encodeURIComponent(state.workshop.id)}/people/import`, { token, body: { csv } });
      setImported([...imported, ...body.people]);
      setCsv('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-h`} data-testid="import-card">
      <h2 id={`${id}-h`}>{t('import.heading')}</h2>
      <div className="field">
        <label htmlFor={`${id}-csv`}>{t('import.label')}</label>
        <p className="hint" id={`${id}-hint`}>
          {t('import.hint', { header })}
        </p>
        <textarea id={`${id}-csv`} rows={5} dir="ltr" value={csv} aria-describedby={`${id}-hint`} onChange={(e) => setCsv(e.target.value)} data-testid="import-csv" />
      </div>
      <ErrorNote message={error} />
      <button type="button" disabled={busy || csv.trim() === ''} onClick={() => void submit()} data-testid="import-submit">
        {t('import.submit')}
      </button>
      {imported.length > 0 ? (
        <>
          <p role="status">{t('import.done', { count: imported.length })}</p>
          <ul className="participant-list" data-testid="import-links">
            {imported.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong>
                <SecretLink link={privateLink(state.workshop.id, p.token, 'participant')} testId={`import-link-${p.id}`} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
