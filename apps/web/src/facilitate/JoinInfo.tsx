import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The join link and the short code, large enough to read out loud. */
export function JoinInfo({ joinCode }: { joinCode: string }) {
  const { t } = useTranslation();
  const link = `${location.origin}/join/${encodeURIComponent(joinCode)}`;
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(t('facilitate.copied'));
    } catch {
      setCopied(t('facilitate.copyFailed'));
    }
  };
  return (
    <section className="card join-info" aria-labelledby="join-info-heading">
      <h2 id="join-info-heading">{t('facilitate.joinHeading')}</h2>
      <p className="join-code-label">{t('facilitate.codeLabel')}</p>
      <p className="join-code" data-testid="join-code-display" aria-label={t('facilitate.codeAria', { code: joinCode.split('').join(' ') })}>
        {joinCode}
      </p>
      <p className="join-link">
        <a href={link} data-testid="join-link">
          {link}
        </a>
      </p>
      <button type="button" className="secondary" onClick={() => void copy()}>
        {t('facilitate.copyLink')}
      </button>
      <span role="status" className="ok-text">
        {copied}
      </span>
    </section>
  );
}
