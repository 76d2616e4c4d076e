import { useTranslation } from 'react-i18next';
import type { ParticipantInfo, RoomInfo } from '@roomtable/contract';
import { PersonName } from './PersonName';

/** The people assigned to a room, the rapporteur marked. */
export function RoomMembers({ room, participants, meId }: { room: RoomInfo; participants: ParticipantInfo[]; meId: string | null }) {
  const { t } = useTranslation();
  const members = participants.filter((p) => p.room === room.number);
  return (
    <div className="room-members">
      <h3>{t('room.members', { count: members.length })}</h3>
      <ul className="name-list" data-testid={`room-members-${room.number}`}>
        {members.map((p) => (
          <li key={p.id}>
            <PersonName name={p.name} rapporteur={p.id === room.rapporteurId} you={p.id === meId} />
          </li>
        ))}
      </ul>
    </div>
  );
}
