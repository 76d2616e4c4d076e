import { useTranslation } from 'react-i18next';
import type { RoomStatus } from './useRoomStatus';

/** The connection / save line; its text is the state, for people and for tests. */
export function SyncStatus({ status }: { status: RoomStatus }) {
  const { t } = useTranslation();
  return (
    <p className={`sync-status sync-${status}`} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      <span data-testid="sync-status">{t(`sync.${status}`)}</span>
    </p>
  );
}
