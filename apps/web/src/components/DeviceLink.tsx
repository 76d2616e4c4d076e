import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest, errorMessage } from '../api/apiRequest';
import { privateLink } from '../api/linkSession';
import { ErrorNote } from './ErrorNote';
import { SecretLink } from './SecretLink';

/**
 * "Continue on another device" [PE4]: a private link (and QR code) with a fresh token for the same
 * seat, so moving from laptop to phone continues this person instead of adding a second one.
 */
export function DeviceLink({ workshopId, token }: { workshopId: string; token: string }) {
  const { t } = useTranslation();
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = await apiRequest<{ token: string; role: 'facilitator' | 'participant' }>('POST', `/api/workshops/${encodeURIComponent(workshopId)}/device-link`, { token });
      setLink(privateLink(workshopId, body.token, body.role));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="device-link" data-testid="device-link">
      {link ? (
        <div className="card stack">
          <p>{t('people.device.body')}</p>
          <SecretLink link={link} testId="device-link-url" qrOpen />
          <button type="button" className="secondary" onClick={() => setLink(null)}>
            {t('people.device.hide')}
          </button>
        </div>
      ) : (
        <button type="button" className="secondary" disabled={busy} onClick={() => void open()} data-testid="device-link-open">
          {t('people.device.button')}
        </button>
      )}
      <ErrorNote message={error} />
    </section>
  );
}
