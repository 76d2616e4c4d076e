import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomInfo, WorkshopInfo } from '@roomtable/contract';
import { FormField } from '../components/FormField';
import { formatTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { remainingMs } from '../live/remainingMs';
import { useNow } from '../live/useNow';
import { roomWorkshop } from '../roomHelp/roomClock';
import { useRoomMessage } from '../roomHelp/useRoomMessage';
import { ActionOutcome } from './ActionOutcome';
import { useAction } from './useAction';

/** Minutes one press of "+5 min for room n" gives. */
const ROOM_EXTRA_MINUTES = 5;

interface Props {
  workshop: WorkshopInfo;
  room: RoomInfo;
  token: string;
  clockOffset: number;
}

/**
 * On a room's card during the break-out: the room's own end, "+5 min" for this room only [TR1], and
 * a message to this room only [RM1] (which answers its call for help [HP3]).
 */
export function RoomTimeAndMessage({ workshop, room, token, clockOffset }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow();
  const time = useAction(token);
  const send = useAction(token);
  const [message, setMessage] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const current = useRoomMessage(workshop.id, token, room, workshop.phase === 'breakout');
  if (workshop.phase !== 'breakout') return null;
  const base = `/api/workshops/${encodeURIComponent(workshop.id)}/rooms/${room.number}`;
  const own = roomWorkshop(workshop, room);
  const left = remainingMs(own, now + clockOffset);
  const end = typeof own.endsAt === 'number' ? own.endsAt : null;
  const fieldId = `room-message-${room.number}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = message.trim();
    if (!text) return setFieldError(t('roomMessage.required'));
    setFieldError(null);
    // The draft is cleared only once the server has it, so a failure loses nothing.
    if (await send.run('PUT', `${base}/message`, { message: text }, t('roomMessage.sent', { room: room.number }))) setMessage('');
  };

  return (
    <div className="room-controls" data-testid={`room-controls-${room.number}`}>
      <p className="room-clock">
        <span data-testid={`room-clock-${room.number}`}>
          {left === 0
            ? t('roomTime.upShort')
            : end !== null
              ? t('roomTime.ends', { time: formatTime(end - clockOffset, locale) })
              : t('clock.paused')}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={time.busy || left === null}
          onClick={() => void time.run('POST', `${base}/time`, { minutes: ROOM_EXTRA_MINUTES }, t('roomTime.added', { room: room.number }))}
          data-testid={`room-extend-${room.number}`}
        >
          {t('roomTime.add', { room: room.number })}
        </button>
      </p>
      <ActionOutcome action={time} />
      {current !== null ? (
        <p className="room-message-current">
          {t('roomMessage.current')} <q dir="auto" data-testid={`room-message-current-${room.number}`}>{current}</q>
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <FormField id={fieldId} label={t('roomMessage.label', { room: room.number })} error={fieldError}>
          {(control) => <textarea {...control} rows={2} value={message} onChange={(e) => setMessage(e.target.value)} data-testid={`room-message-input-${room.number}`} />}
        </FormField>
        <div className="button-row">
          <button type="submit" disabled={send.busy} data-testid={`room-message-send-${room.number}`}>
            {t('roomMessage.send', { room: room.number })}
          </button>
          {room.message ? (
            <button
              type="button"
              className="secondary"
              disabled={send.busy}
              onClick={() => void send.run('DELETE', `${base}/message`, undefined, t('roomMessage.cleared'))}
              data-testid={`room-message-clear-${room.number}`}
            >
              {t('roomMessage.clear')}
            </button>
          ) : null}
        </div>
      </form>
      <ActionOutcome action={send} />
    </div>
  );
}
