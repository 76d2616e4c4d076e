import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '@roomtable/contract';
import { LazyRoomView } from '../room/LazyRoomView';
import { RapporteurPicker } from './RapporteurPicker';
import { RoomMembers } from './RoomMembers';

interface Props {
  workshopId: string;
  token: string;
  state: LiveState;
  room: number;
  /** The viewer: a participant id, or null for the facilitator. */
  meId: string | null;
  userName: string;
}

/** One room: members, rapporteur choice and the live table, writable only when the server allows it. */
export function RoomPanel({ workshopId, token, state, room, meId, userName }: Props) {
  const { t } = useTranslation();
  const info = state.rooms.find((r) => r.number === room);
  if (!info) {
    return <p className="error-note">{t('room.noSuchRoom', { room })}</p>;
  }
  const phase = state.workshop.phase;
  const me = meId ? state.participants.find((p) => p.id === meId) : null;
  const isFacilitator = meId === null;
  const isMember = me?.room === room;
  const writable = isFacilitator || (isMember && phase === 'breakout');
  let readOnlyReason = t('room.readOnly.notMember');
  if (isMember) readOnlyReason = phase === 'lobby' ? t('room.readOnly.notStarted') : t('room.readOnly.ended');
  const members = state.participants.filter((p) => p.room === room);

  return (
    <div className="room-panel">
      <h2 data-testid="room-heading">{t('room.heading', { room })}</h2>
      {/* From round 2 on people come here straight from the plenary, never seeing the lobby's
          statement: the round's own question is shown with its table [RN2]. */}
      {state.workshop.round && state.workshop.purpose ? (
        <p className="round-statement" dir="auto" data-testid="round-statement">
          <strong>{t('round.label', { round: state.workshop.round })}:</strong> {state.workshop.purpose}
        </p>
      ) : null}
      <div className="room-layout">
        <div className="room-main">
          <Suspense fallback={<p className="loading">{t('room.loading')}</p>}>
            <LazyRoomView
              workshopId={workshopId}
              room={room}
              token={token}
              userName={userName}
              meId={meId}
              writable={writable}
              readOnlyReason={readOnlyReason}
              template={state.workshop.template}
              round={state.workshop.round}
            />
          </Suspense>
        </div>
        <aside className="room-side">
          <RoomMembers room={info} participants={state.participants} meId={meId} />
          {isFacilitator || isMember ? (
            <RapporteurPicker
              workshopId={workshopId}
              token={token}
              room={room}
              members={members}
              rapporteurId={info.rapporteurId}
            />
          ) : null}
        </aside>
      </div>
    </div>
  );
}
