import { useTranslation } from 'react-i18next';
import type { ParticipantInfo } from '@roomtable/contract';
import { PersonName } from './PersonName';

/** Everyone who has joined so far. */
export function LobbyList({ participants, meId }: { participants: ParticipantInfo[]; meId: string | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="lobby-heading" className="card">
      <h2 id="lobby-heading" aria-live="polite" data-testid="lobby-count">
        {t('lobby.joined', { count: participants.length })}
      </h2>
      {participants.length === 0 ? (
        <p>{t('lobby.empty')}</p>
      ) : (
        <ul className="name-list" data-testid="lobby-list">
          {participants.map((p) => (
            <li key={p.id}>
              <PersonName name={p.name} you={p.id === meId} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
