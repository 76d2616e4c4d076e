import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { privateLink } from '../api/linkSession';
import { SecretLink } from '../components/SecretLink';
import { linkKept, shouldAskToKeepLink } from './keepLinkFlag';

/**
 * Right after creation, once: the facilitator's private link and its QR code, with a clear "keep
 * this". A facilitator whose laptop died used to lose the workshop; with this link any device
 * carries on [FL1].
 */
export function KeepLinkPrompt({ workshopId, token }: { workshopId: string; token: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(() => shouldAskToKeepLink(workshopId));
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
  }, [open]);
  if (!open) return null;
  const done = () => {
    linkKept(workshopId);
    ref.current?.close();
    setOpen(false);
  };
  return (
    <dialog ref={ref} className="confirm-dialog keep-link" aria-labelledby="keep-link-title" onCancel={(e) => e.preventDefault()} data-testid="keep-link-prompt">
      <div className="stack">
        <h2 id="keep-link-title">{t('people.keep.title')}</h2>
        <p>{t('people.keep.body')}</p>
        <SecretLink link={privateLink(workshopId, token, 'facilitator')} testId="keep-link-url" qrOpen />
        <p className="hint">{t('people.keep.later')}</p>
        <div className="button-row">
          <button type="button" onClick={done} data-testid="keep-link-saved">
            {t('people.keep.saved')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
