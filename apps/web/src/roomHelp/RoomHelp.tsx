import { useTranslation } from 'react-i18next';
import type { LiveState } from '@roomtable/contract';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../facilitate/useAction';
import { formatTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { remainingMs } from '../live/remainingMs';
import { useNow } from '../live/useNow';
import { roomWorkshop } from './roomClock';
import { useRoomMessage } from './useRoomMessage';
import './roomHelp.css';

interface Props {
  workshopId: string;
  token: string;
  state: LiveState;
  room: number;
  /** The viewer's own room (null for the facilitator, who sees every room's message and help). */
  viewerRoom: number | null;
  isFacilitator: boolean;
  clockOffset: number;
}

/**
 * In a room during the break-out: "we need help" (raise and lower, for the room's members) [HP1][HP2],
 * the facilitator's message to this room [RM1], and the note that the room's own time is up while
 * other rooms go on [TR4]. Shown to the room's members and the facilitator only: a visitor from
 * another room sees neither the message nor the button.
 */
export function RoomHelp({ workshopId, token, state, room, viewerRoom, isFacilitator, clockOffset }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow();
  const action = useAction(token);
  const info = state.rooms.find((r) => r.number === room);
  const inRoom = viewerRoom === room;
  const shown = Boolean(info) && state.workshop.phase === 'breakout' && (inRoom || isFacilitator);
  const message = useRoomMessage(workshopId, token, info, shown);
  if (!info || !shown) return null;
  const help = info.help ?? null;
  const path = `/api/workshops/${encodeURIComponent(workshopId)}/rooms/${room}/help`;
  const left = remainingMs(roomWorkshop(state.workshop, info), now + clockOffset);
  // Only when other rooms still work: when the whole break-out is over, the phase change says so.
  const breakoutLeft = remainingMs(state.workshop, now + clockOffset);
  const timeUp = left === 0 && (breakoutLeft ?? 0) > 0;

  return (
    <section className="room-help" aria-label={t('help.roomLabel', { room })} data-testid="room-help">
      {/* Live regions stay mounted, so a new message or the time-up note is announced when it comes. */}
      <div role="status" aria-live="polite" className={message ? 'room-message' : 'room-message empty'} data-testid="room-message">
        {message ? (
          <>
            <strong>{t('roomMessage.from')}</strong> <bdi>{message}</bdi>
          </>
        ) : null}
      </div>
      <p role="status" className={timeUp ? 'room-time-up' : 'room-time-up empty'} data-testid="room-time-up">
        {timeUp ? t('roomTime.upInRoom') : ''}
      </p>
      {/* The facilitator answers a call from here (having joined the room); only members raise one. */}
      {inRoom || help ? (
        <div className="room-help-row">
          <button
            type="button"
            className={help ? 'secondary' : 'danger'}
            aria-pressed={inRoom ? help !== null : undefined}
            disabled={action.busy}
            onClick={() => void action.run(help ? 'DELETE' : 'POST', path, undefined, '')}
            data-testid="help-toggle"
          >
            {!inRoom ? t('help.answer') : help ? t('help.lower') : t('help.raise')}
          </button>
          {/* The room's call as the live state has it, so a call answered or lowered by someone else reads right at once. */}
          <span role="status" className="room-help-state">
            {help ? (
              <span data-testid="help-state">
                {t(inRoom ? 'help.raisedAt' : 'help.roomAskedAt', { room, time: formatTime(help.raisedAt - clockOffset, locale) })}
              </span>
            ) : null}
          </span>
        </div>
      ) : null}
      <ErrorNote message={action.error} />
    </section>
  );
}
