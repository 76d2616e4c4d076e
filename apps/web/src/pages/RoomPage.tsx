import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSeat } from '../api/followSeat';
import { loadSession } from '../api/session';
import { LoadState } from '../components/LoadState';
import { NoSession } from '../components/NoSession';
import { ProblemPage } from '../components/ProblemPage';
import { RoomPanel } from '../components/RoomPanel';
import { RoomHelp } from '../roomHelp/RoomHelp';
import { withRoomClock } from '../roomHelp/roomClock';
import { WorkshopHeader } from '../components/WorkshopHeader';
import { plainProblem } from '../live/plainProblem';
import { useLiveState } from '../live/useLiveState';
import { Link } from '../router/Link';

/** `/w/:id/room/:n`: any room, for the facilitator (writable) and for members (read-only outside theirs). */
export function RoomPage({ workshopId, room }: { workshopId: string; room: number }) {
  const { t } = useTranslation();
  const session = useMemo(() => loadSession(workshopId), [workshopId]);
  const live = useLiveState(workshopId, session?.token ?? null);
  const seat = useSeat(workshopId, session, live.me);
  if (!session) return <NoSession />;
  const problem = plainProblem(live.errorCode, live.liveClosedKey);
  if (problem) return <ProblemPage problem={problem} />;
  if (!live.state) return <LoadState error={live.error} onRetry={live.reload} />;
  const { state } = live;
  const isFacilitator = session.role === 'facilitator';
  const me = state.participants.find((p) => p.id === seat);
  const back = isFacilitator ? `/w/${workshopId}/facilitate` : `/w/${workshopId}`;

  return (
    <main className="page">
      <p className="back-link">
        <Link href={back}>{isFacilitator ? t('nav.backToConsole') : t('nav.backToWorkshop')}</Link>
      </p>
      <WorkshopHeader state={withRoomClock(state, room)} clockOffset={live.clockOffset} liveClosedKey={live.liveClosedKey} />
      <RoomHelp workshopId={workshopId} token={session.token} state={state} room={room} viewerRoom={me?.room ?? null} isFacilitator={isFacilitator} clockOffset={live.clockOffset} />
      <RoomPanel
        workshopId={workshopId}
        token={session.token}
        state={state}
        room={room}
        meId={isFacilitator ? null : seat}
        // Co-facilitators are told apart by their link's label (and so by the colour drawn from the name).
        userName={
          isFacilitator
            ? live.me?.facilitatorLabel
              ? t('person.facilitatorNamed', { label: live.me.facilitatorLabel })
              : t('person.facilitator')
            : (me?.name ?? t('person.participant'))
        }
      />
    </main>
  );
}
