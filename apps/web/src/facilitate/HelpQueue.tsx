import { useTranslation } from 'react-i18next';
import type { LiveState } from '@roomtable/contract';
import { useLocale } from '../i18n/useLocale';
import { useNow } from '../live/useNow';
import { navigate } from '../router/navigate';
import { minutesText } from '../roomHelp/minutesText';
import { ActionOutcome } from './ActionOutcome';
import { useAction } from './useAction';
import { useHelpAlert } from './useHelpAlert';
import './facilitation.css';

/**
 * The rooms asking for help, longest waiting first, straight from the state document (so at once,
 * not at the next progress poll) [HP1], with a badge, a beep (which the facilitator can turn off)
 * and the two answers: join the room (which lowers its call [HP2]) or write to that room only,
 * on its card below [RM1][HP3].
 */
export function HelpQueue({ state, token, clockOffset }: { state: LiveState; token: string; clockOffset: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow();
  const action = useAction(token);
  const alert = useHelpAlert(state.rooms);
  const workshopId = state.workshop.id;
  if (state.workshop.phase !== 'breakout' && alert.open.length === 0) return null;

  const join = async (room: number) => {
    const path = `/api/workshops/${encodeURIComponent(workshopId)}/rooms/${room}/help`;
    if (await action.run('DELETE', path, undefined, t('help.answered', { room }))) navigate(`/w/${workshopId}/room/${room}`);
  };
  const writeTo = (room: number) => {
    const field = document.getElementById(`room-message-${room}`);
    field?.scrollIntoView({ block: 'center' });
    field?.focus();
  };

  return (
    <section className={alert.open.length > 0 ? 'card help-queue asking' : 'card help-queue'} aria-labelledby="help-heading" data-testid="help-queue">
      <div className="help-queue-head">
        <h2 id="help-heading">
          {t('help.heading')}
          {alert.open.length > 0 ? (
            <span className="badge help-badge" data-testid="help-badge" aria-label={t('help.badgeLabel', { count: alert.open.length })}>
              {alert.open.length}
            </span>
          ) : null}
        </h2>
        <label className="choice">
          <input type="checkbox" checked={alert.soundOn} onChange={(e) => alert.changeSound(e.target.checked)} data-testid="help-sound" />
          {t('help.sound')}
        </label>
      </div>
      {alert.soundOn && !alert.soundReady ? (
        <p className="hint" data-testid="help-sound-hint">
          {t('help.soundHint')}
        </p>
      ) : null}
      {/* Announced as it changes, so a screen-reader user hears a new call as others hear the beep. */}
      <div role="status" aria-live="polite" data-beeps={alert.beeps} data-testid="help-list">
        {alert.open.length === 0 ? (
          <p className="muted">{t('help.none')}</p>
        ) : (
          <ul className="help-list">
            {alert.open.map((room) => {
              const waited = now + clockOffset - room.help.raisedAt;
              return (
                <li key={room.number} data-testid={`help-room-${room.number}`}>
                  <span className="help-room">
                    <strong>{t('help.roomAsks', { room: room.number })}</strong>{' '}
                    <span className="muted" data-testid={`help-wait-${room.number}`}>
                      {waited < 60_000 ? t('help.justNow') : t('help.waiting', { time: minutesText(waited, locale) })}
                    </span>
                  </span>
                  <span className="button-row">
                    <button type="button" disabled={action.busy} onClick={() => void join(room.number)} data-testid={`help-join-${room.number}`}>
                      {t('help.join', { room: room.number })}
                    </button>
                    <button type="button" className="secondary" onClick={() => writeTo(room.number)} data-testid={`help-message-${room.number}`}>
                      {t('help.message', { room: room.number })}
                    </button>
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <ActionOutcome action={action} />
    </section>
  );
}
