import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSeat } from '../api/followSeat';
import { loadSession, type Session } from '../api/session';
import { LoadState } from '../components/LoadState';
import { NoSession } from '../components/NoSession';
import { ProblemPage } from '../components/ProblemPage';
import { WorkshopHeader } from '../components/WorkshopHeader';
import { plainProblem } from '../live/plainProblem';
import { useLiveState } from '../live/useLiveState';
import { PlenaryView } from '../plenary/PlenaryView';
import { useLatestSnapshot, wantedSnapshotId } from '../plenary/useLatestSnapshot';
import { usePlenary } from '../plenary/usePlenary';
import '../plenary/plenary.css';
import { Link } from '../router/Link';
import { navigate } from '../router/navigate';

/** `/w/:id/plenary`: the full-group view for everyone, facilitator included. */
export function PlenaryPage({ workshopId }: { workshopId: string }) {
  const session = useMemo(() => loadSession(workshopId), [workshopId]);
  if (!session) return <NoSession />;
  return <Plenary workshopId={workshopId} session={session} />;
}

function Plenary({ workshopId, session }: { workshopId: string; session: Session }) {
  const { t } = useTranslation();
  const token = session.token;
  const live = useLiveState(workshopId, token);
  // A merged entry's device presents and votes as the merged person [PE2].
  const participantId = useSeat(workshopId, session, live.me);
  const plenary = usePlenary(workshopId, token);
  // Read from the first render, beside the workshop's GET and the state socket: inside
  // PlenaryView it waited for both, and the report came two round trips (~0.9 s at 400 ms) later.
  const latest = useLatestSnapshot(workshopId, token, wantedSnapshotId(plenary));
  // The plenary sends people back to their rooms when the break-out starts again, the next round's
  // above all [RN2]: its rooms are new, and a participant left here would not know which is theirs.
  // Only on the change, so someone who opens the plenary during a break-out is not sent away.
  const phase = live.state?.workshop.phase;
  const seen = useRef(phase);
  useEffect(() => {
    const before = seen.current;
    seen.current = phase;
    if (participantId !== null && phase === 'breakout' && before !== undefined && before !== 'breakout') navigate(`/w/${workshopId}`, { replace: true });
  }, [phase, participantId, workshopId]);
  const problem = plainProblem(live.errorCode, live.liveClosedKey);
  if (problem) return <ProblemPage problem={problem} />;
  if (!live.state || !plenary) return <LoadState error={live.error} onRetry={live.reload} />;
  const back = participantId === null ? `/w/${workshopId}/facilitate` : `/w/${workshopId}`;
  return (
    <main className="page wide">
      {/* During the report-back a participant's own page sends them here, so only the facilitator gets a way back. */}
      {participantId === null || live.state.workshop.phase !== 'reporting' ? (
        <p>
          <Link href={back}>{participantId === null ? t('nav.backToConsole') : t('nav.backToWorkshop')}</Link>
        </p>
      ) : null}
      <WorkshopHeader state={live.state} clockOffset={live.clockOffset} liveClosedKey={live.liveClosedKey} onRetry={live.reload} subtitle={t('plenary.subtitle')} />
      <PlenaryView workshopId={workshopId} token={token} state={live.state} plenary={plenary} participantId={participantId} latest={latest} />
    </main>
  );
}
