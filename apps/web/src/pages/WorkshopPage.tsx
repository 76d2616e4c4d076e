import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSeat } from '../api/followSeat';
import { takeLinkSession } from '../api/linkSession';
import { loadSession, type Session } from '../api/session';
import { DeviceLink } from '../components/DeviceLink';
import { LoadState } from '../components/LoadState';
import { LobbyList } from '../components/LobbyList';
import { NoSession } from '../components/NoSession';
import { ProblemPage } from '../components/ProblemPage';
import { RoomPanel } from '../components/RoomPanel';
import { RoomHelp } from '../roomHelp/RoomHelp';
import { withRoomClock } from '../roomHelp/roomClock';
import { WorkshopHeader } from '../components/WorkshopHeader';
import { plainProblem } from '../live/plainProblem';
import { useLiveState } from '../live/useLiveState';
import { navigate } from '../router/navigate';
import { pageChunks } from './pageChunks';

/**
 * `/w/:id`: the participant's view — lobby while waiting, then their room's table. A personal
 * link (`#key=…`, from "continue on another device") signs this device in as the same person [PE4].
 */
export function WorkshopPage({ workshopId }: { workshopId: string }) {
  const session = useMemo(() => takeLinkSession(workshopId) ?? loadSession(workshopId), [workshopId]);
  useEffect(() => {
    if (session?.role === 'facilitator') navigate(`/w/${workshopId}/facilitate`, { replace: true });
  }, [session, workshopId]);
  if (!session) return <NoSession />;
  if (session.role === 'facilitator') return null;
  return <ParticipantWorkshop workshopId={workshopId} session={session} />;
}

function ParticipantWorkshop({ workshopId, session }: { workshopId: string; session: Session }) {
  const { t } = useTranslation();
  const live = useLiveState(workshopId, session.token);
  // A merged-away entry's token speaks for the merged person [PE3]: the server says who that is.
  const seat = useSeat(workshopId, session, live.me);
  const reporting = live.state?.workshop.phase === 'reporting';
  // The report-back happens in the full group, so everyone lands in the plenary. Once its code is
  // here: the plenary follows the same state document, whose socket the registry keeps for a short
  // grace only; navigating first left "Loading…" up while the chunk came, the grace ran out under a
  // slow link or a busy CPU, and the page closed the state socket and opened it again.
  useEffect(() => {
    if (!reporting) return;
    let left = false;
    const go = () => {
      if (!left) navigate(`/w/${workshopId}/plenary`, { replace: true });
    };
    // A chunk that cannot load goes anyway: the plenary route then shows the error page.
    pageChunks.plenary().then(go, go);
    return () => {
      left = true;
    };
  }, [reporting, workshopId]);
  // Removed by the facilitator [PE1], the workshop deleted, the sign-in no longer valid: said
  // plainly, with no retry that cannot work.
  const problem = plainProblem(live.errorCode, live.liveClosedKey);
  if (problem) return <ProblemPage problem={problem} />;
  if (!live.state) return <LoadState error={live.error} onRetry={live.reload} />;
  // On the way to the plenary, nothing of the room: its read-only table (the editor's chunk is
  // preloaded here) opened the room's socket and synced the room whenever the chunk ran before
  // the plenary's came, for a page about to leave: in a hall, hundreds of sockets for nothing.
  if (reporting) return <p className="loading page narrow">{t('status.loading')}</p>;
  const { state } = live;
  const meId = seat;
  const me = state.participants.find((p) => p.id === meId) ?? null;
  const phase = state.workshop.phase;

  return (
    <main className="page">
      <WorkshopHeader
        state={withRoomClock(state, me?.room)}
        clockOffset={live.clockOffset}
        liveClosedKey={live.liveClosedKey}
        onRetry={live.reload}
        subtitle={me ? t('workshop.youAre', { name: me.name }) : undefined}
      />
      {/* Mounted from the lobby on, so the move into a room is announced when it happens. */}
      <p className="visually-hidden" role="status" data-testid="room-announcement">
        {me?.room ? t('room.youAreIn', { room: me.room }) : ''}
      </p>
      {phase === 'closed' ? <p className="card">{t('workshop.closed')}</p> : null}
      {phase !== 'closed' ? <DeviceLink workshopId={workshopId} token={session.token} /> : null}
      {me?.room ? (
        <RoomHelp workshopId={workshopId} token={session.token} state={state} room={me.room} viewerRoom={me.room} isFacilitator={false} clockOffset={live.clockOffset} />
      ) : null}
      {me?.room ? (
        <RoomPanel
          workshopId={workshopId}
          token={session.token}
          state={state}
          room={me.room}
          meId={meId}
          userName={me.name}
        />
      ) : (
        <>
          {phase !== 'closed' ? (
            <p className="card" data-testid="waiting">
              {phase === 'lobby' ? t('lobby.waiting') : t('lobby.waitingForRoom')}
            </p>
          ) : null}
          {state.workshop.purpose ? (
            <section className="card" aria-labelledby="purpose-heading">
              <h2 id="purpose-heading">{t('workshop.purpose')}</h2>
              <p className="purpose" dir="auto">
                {state.workshop.purpose}
              </p>
            </section>
          ) : null}
          <LobbyList participants={state.participants} meId={meId} />
        </>
      )}
    </main>
  );
}
