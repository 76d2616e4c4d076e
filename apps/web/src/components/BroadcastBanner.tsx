import { useTranslation } from 'react-i18next';
import type { Broadcast } from '@roomtable/contract';

/** The facilitator's message; the live region stays mounted so that new messages are announced. */
export function BroadcastBanner({ broadcast }: { broadcast: Broadcast | null }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" data-testid="broadcast" className={broadcast ? 'broadcast' : 'broadcast empty'}>
      {broadcast ? (
        <>
          <strong>{t('broadcast.from')}</strong> <bdi>{broadcast.message}</bdi>
        </>
      ) : null}
    </div>
  );
}
