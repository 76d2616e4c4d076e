import { useTranslation } from 'react-i18next';
import type { LiveState, RoomProgress } from '@roomtable/contract';
import { ErrorNote } from '../components/ErrorNote';
import { PersonName } from '../components/PersonName';
import { RapporteurPicker } from '../components/RapporteurPicker';
import { useLocale } from '../i18n/useLocale';
import { useNow } from '../live/useNow';
import { Link } from '../router/Link';
import { minutesText } from '../roomHelp/minutesText';
import { RoomTimeAndMessage } from './RoomTimeAndMessage';
import { useProgress } from './useProgress';
import './facilitation.css';

/** Under this long since the last edit a room counts as working now, not as quiet. */
const ACTIVE_MS = 60_000;

/**
 * One card per room: members online, where its table stands (rows, complete rows, ratings given
 * and missing, last edit, rapporteur) [RP1][RP2], its call for help [HP1], its own clock with
 * "+5 min" and a message to this room only [TR1][RM1], and a link into the room.
 */
export function RoomCards({ state, token, clockOffset = 0 }: { state: LiveState; token: string; clockOffset?: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow();
  const workshopId = state.workshop.id;
  const progress = useProgress(workshopId, token);

  const lastEdit = (p: RoomProgress) => {
    if (p.lastActivityAt == null) return t('progress.noEdits');
    const quiet = now + clockOffset - p.lastActivityAt;
    return quiet < ACTIVE_MS ? t('progress.activeNow') : t('progress.quietFor', { time: minutesText(quiet, locale) });
  };

  return (
    <section aria-labelledby="rooms-heading">
      <h2 id="rooms-heading">{t('facilitate.roomsHeading')}</h2>
      <ErrorNote message={progress.error} />
      <div className="room-cards">
        {state.rooms.map((room) => {
          const p = progress.rooms?.find((r) => r.number === room.number);
          const online = new Set(p?.online ?? []);
          const members = state.participants.filter((m) => m.room === room.number);
          const help = room.help ?? null;
          const rapporteur = members.find((m) => m.id === room.rapporteurId);
          return (
            <article key={room.number} className={help ? 'card room-card asking' : 'card room-card'} data-testid={`room-card-${room.number}`}>
              <h3>
                {t('room.heading', { room: room.number })}
                {help ? (
                  <span className="badge help-badge" data-testid={`room-help-badge-${room.number}`}>
                    {t('progress.helpRaised')}
                  </span>
                ) : null}
              </h3>
              <ul className="name-list">
                {members.map((m) => (
                  <li key={m.id}>
                    <span className={online.has(m.id) ? 'online-dot on' : 'online-dot'} aria-hidden="true" />
                    <PersonName name={m.name} rapporteur={m.id === room.rapporteurId} />{' '}
                    <span className="muted">{online.has(m.id) ? t('facilitate.online') : t('facilitate.offline')}</span>
                  </li>
                ))}
                {members.length === 0 ? <li className="muted">{t('facilitate.noMembers')}</li> : null}
              </ul>
              {p ? (
                <dl className="stats progress-stats">
                  <div>
                    <dt>{t('facilitate.rows')}</dt>
                    <dd data-testid={`room-rows-${room.number}`}>{p.rows}</dd>
                  </div>
                  <div>
                    <dt>{t('progress.completeRows')}</dt>
                    <dd data-testid={`room-complete-${room.number}`}>{p.completeRows ?? 0}</dd>
                  </div>
                  <div>
                    <dt>{t('facilitate.ratings')}</dt>
                    <dd data-testid={`room-ratings-${room.number}`}>
                      {t('facilitate.ratingsValue', { filled: p.ratingsFilled, total: p.ratingsTotal })}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('progress.ratingsMissing')}</dt>
                    <dd data-testid={`room-missing-${room.number}`}>{p.ratingsMissing ?? p.ratingsTotal - p.ratingsFilled}</dd>
                  </div>
                  <div>
                    <dt>{t('progress.lastEdit')}</dt>
                    <dd data-testid={`room-activity-${room.number}`}>{lastEdit(p)}</dd>
                  </div>
                  <div>
                    <dt>{t('progress.rapporteur')}</dt>
                    <dd data-testid={`room-rapporteur-${room.number}`}>
                      {rapporteur ? <bdi>{rapporteur.name}</bdi> : <span className="warn-text">{t('progress.noRapporteur')}</span>}
                    </dd>
                  </div>
                </dl>
              ) : (
                <p className="muted">{t('status.loading')}</p>
              )}
              <RapporteurPicker
                workshopId={workshopId}
                token={token}
                room={room.number}
                members={members}
                rapporteurId={room.rapporteurId}
              />
              <RoomTimeAndMessage workshop={state.workshop} room={room} token={token} clockOffset={clockOffset} />
              <p>
                <Link href={`/w/${workshopId}/room/${room.number}`} data-testid={`open-room-${room.number}`}>
                  {t('facilitate.openRoom', { room: room.number })}
                </Link>
              </p>
            </article>
          );
        })}
      </div>
    </section>
  );
}
