import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './people.css';
import { QrCode } from './QrCode';

/** A private link to keep: the address to copy and its QR code to scan with a phone. */
export function SecretLink({ link, testId, qrOpen = false }: { link: string; testId: string; qrOpen?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState('');
  const [showQr, setShowQr] = useState(qrOpen);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(t('people.link.copied'));
    } catch {
      setCopied(t('people.link.copyFailed'));
    }
  };
  return (
    <div className="secret-link stack">
      <label htmlFor={id}>{t('people.link.field')}</label>
      <input id={id} readOnly value={link} dir="ltr" onFocus={(e) => e.currentTarget.select()} data-testid={testId} />
      <div className="button-row">
        <button type="button" className="secondary" onClick={() => void copy()}>
          {t('people.link.copy')}
        </button>
        <button type="button" className="secondary" aria-expanded={showQr} onClick={() => setShowQr((s) => !s)}>
          {showQr ? t('people.link.qrHide') : t('people.link.qrShow')}
        </button>
        <span role="status" className="ok-text">
          {copied}
        </span>
      </div>
      {showQr ? <QrCode text={link} label={t('people.link.qrLabel')} /> : null}
    </div>
  );
}
