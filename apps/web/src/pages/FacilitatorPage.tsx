import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { takeLinkSession } from '../api/linkSession';
import { loadSession } from '../api/session';
import { LoadState } from '../components/LoadState';
import { ProblemPage } from '../components/ProblemPage';
import { WorkshopHeader } from '../components/WorkshopHeader';
import { NarrowPage } from '../components/NarrowPage';
import { AssignmentPanel } from '../facilitate/AssignmentPanel';
import { BroadcastForm } from '../facilitate/BroadcastForm';
import { FacilitatorLinks } from '../facilitate/FacilitatorLinks';
import { HelpQueue } from '../facilitate/HelpQueue';
import { KeepLinkPrompt } from '../facilitate/KeepLinkPrompt';
import { ImportPeopleCard } from '../facilitate/ImportPeopleCard';
import { JoinInfo } from '../facilitate/JoinInfo';
import { ParticipantFieldsCard } from '../facilitate/ParticipantFieldsCard';
import { ParticipantsPanel } from '../facilitate/ParticipantsPanel';
import { NextRoundCard } from '../facilitate/NextRoundCard';
import { PhaseControls } from '../facilitate/PhaseControls';
import { RoomCards } from '../facilitate/RoomCards';
import '../facilitate/console.css';
import { plainProblem } from '../live/plainProblem';
import { useLiveState } from '../live/useLiveState';
import { Link } from '../router/Link';

/**
 * `/w/:id/facilitate`: the facilitator's console. Needs a facilitator token in this browser, which
 * the private facilitator link (`#key=…`) stores on any device [FL1].
 */
export function FacilitatorPage({ workshopId }: { workshopId: string }) {
  const { t } = useTranslation();
  const session = useMemo(() => takeLinkSession(workshopId) ?? loadSession(workshopId), [workshopId]);
  const token = session?.role === 'facilitator' ? session.token : null;
  const live = useLiveState(workshopId, token);
  if (!session) {
    return (
      <NarrowPage>
        <h1>{t('people.noFacilitator.title')}</h1>
        <p>{t('people.noFacilitator.body')}</p>
      </NarrowPage>
    );
  }
  // This link revoked, the workshop deleted, the sign-in no longer valid: a plain page each.
  const problem = plainProblem(live.errorCode, live.liveClosedKey);
  if (problem) return <ProblemPage problem={problem} />;
  if (!token) {
    return (
      <main className="page narrow">
        <h1>{t('facilitate.notFacilitator')}</h1>
        <p>
          <Link href={`/w/${workshopId}`}>{t('nav.backToWorkshop')}</Link>
        </p>
      </main>
    );
  }
  if (!live.state) return <LoadState error={live.error} onRetry={live.reload} />;
  const { state } = live;

  return (
    <main className="page wide">
      <WorkshopHeader state={state} clockOffset={live.clockOffset} liveClosedKey={live.liveClosedKey} subtitle={t('facilitate.subtitle')} />
      <p className="button-row">
        {state.workshop.phase === 'reporting' || state.workshop.phase === 'closed' ? (
          <Link href={`/w/${workshopId}/plenary`} data-testid="plenary-link">
            {t('plenary.openPlenary')}
          </Link>
        ) : null}
        {/* A new tab, so the console stays open here while the projector shows the other. */}
        <a href={`/w/${workshopId}/screen`} target="_blank" rel="noopener" data-testid="screen-link">
          {t('screen.open')}
        </a>
        <Link href={`/w/${workshopId}/review`} data-testid="review-link">
          {t('review.openReview')}
        </Link>
      </p>
      <HelpQueue state={state} token={token} clockOffset={live.clockOffset} />
      <div className="console-grid">
        {state.workshop.joinCode ? <JoinInfo joinCode={state.workshop.joinCode} /> : null}
        <PhaseControls workshop={state.workshop} state={state} token={token} clockOffset={live.clockOffset} />
        {/* Keyed by round: the next round's form starts from the statement and durations of the round now on. */}
        {state.workshop.phase === 'closed' ? null : <NextRoundCard key={state.workshop.round ?? 1} state={state} token={token} />}
        <BroadcastForm workshopId={workshopId} token={token} current={state.broadcast} />
        <ParticipantsPanel state={state} token={token} />
        <ParticipantFieldsCard state={state} token={token} />
        <ImportPeopleCard state={state} token={token} />
        <AssignmentPanel state={state} token={token} />
        <FacilitatorLinks workshopId={workshopId} token={token} />
      </div>
      <KeepLinkPrompt workshopId={workshopId} token={token} />
      <RoomCards state={state} token={token} clockOffset={live.clockOffset} />
    </main>
  );
}
