import { useTranslation } from 'react-i18next';
import type { LiveState } from '@roomtable/contract';
import { ErrorNote } from '../components/ErrorNote';
import { PersonName } from '../components/PersonName';
import { RapporteurPicker } from '../components/RapporteurPicker';
import { Link } from '../router/Link';
import { useProgress } from './useProgress';

/** One card per room: members online, rows, ratings filled, rapporteur, and a link into the room. */
export function RoomCards({ state, token }: { state: LiveState; token: string }) {
  const { t } = useTranslation();
  const workshopId = state.workshop.id;
  const progress = useProgress(workshopId, token);

  return (
    <section aria-labelledby="rooms-heading">
      <h2 id="rooms-heading">{t('facilitate.roomsHeading')}</h2>
      <ErrorNote message={progress.error} />
      <div className="room-cards">
        {state.rooms.map((room) => {
          const p = progress.rooms?.find((r) => r.number === room.number);
          const online = new Set(p?.online ?? []);
          const members = state.participants.filter((m) => m.room === room.number);
          return (
            <article key={room.number} className="card room-card" data-testid={`room-card-${room.number}`}>
              <h3>{t('room.heading', { room: room.number })}</h3>
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
                <dl className="stats">
                  <div>
                    <dt>{t('facilitate.rows')}</dt>
                    <dd data-testid={`room-rows-${room.number}`}>{p.rows}</dd>
                  </div>
                  <div>
                    <dt>{t('facilitate.ratings')}</dt>
                    <dd data-testid={`room-ratings-${room.number}`}>
                      {t('facilitate.ratingsValue', { filled: p.ratingsFilled, total: p.ratingsTotal })}
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
