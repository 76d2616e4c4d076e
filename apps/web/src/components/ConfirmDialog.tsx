import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './people.css';

interface Pending {
  message: string;
  confirmLabel: string;
  danger: boolean;
  run: () => void;
}

/**
 * A modal that says what an action will do before it is done (ending a break-out early, closing,
 * removing a person). A native <dialog>: focus moves into it and Escape cancels.
 */
function ConfirmDialog({ pending, onClose }: { pending: Pending | null; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (pending && !dialog.open) dialog.showModal();
    if (!pending && dialog.open) dialog.close();
  }, [pending]);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-message" onClose={onClose} data-testid="confirm-dialog">
      {pending ? (
        <form method="dialog" className="stack">
          <h2 id="confirm-title">{t('people.confirm.title')}</h2>
          <p id="confirm-message" data-testid="confirm-message">
            {pending.message}
          </p>
          <div className="button-row">
            <button type="button" className="secondary" onClick={onClose} data-testid="confirm-cancel" autoFocus>
              {t('people.confirm.cancel')}
            </button>
            <button
              type="button"
              className={pending.danger ? 'danger' : undefined}
              onClick={() => {
                const run = pending.run;
                onClose();
                run();
              }}
              data-testid="confirm-ok"
            >
              {pending.confirmLabel}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}

/** Asks before acting: `ask(message, label, run)` opens the dialog; render `dialog` once in the component. */
export function useConfirm(): { ask: (message: string, confirmLabel: string, run: () => void, danger?: boolean) => void; dialog: ReactNode } {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback((message: string, confirmLabel: string, run: () => void, danger = false) => setPending({ message, confirmLabel, run, danger }), []);
  const close = useCallback(() => setPending(null), []);
  return { ask, dialog: <ConfirmDialog pending={pending} onClose={close} /> };
}
