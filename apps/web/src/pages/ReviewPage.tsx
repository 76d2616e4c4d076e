import { DEFAULT_TEMPLATE } from '@roomtable/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/apiRequest';
import { loadSession } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { LoadState } from '../components/LoadState';
import { NoSession } from '../components/NoSession';
import { ProblemPage } from '../components/ProblemPage';
import { plainProblem } from '../live/plainProblem';
import { PhoneTabs } from '../components/PhoneTabs';
import { useNarrow } from '../components/useNarrow';
import { BoardTimeline } from '../review/BoardTimeline';
import { DeleteWorkshop } from '../review/DeleteWorkshop';
import { ExportButtons } from '../review/ExportButtons';
import { PlanView } from '../review/PlanView';
import { PlenaryPanel } from '../review/PlenaryPanel';
import { loadPlan, saveUngrouped } from '../review/reviewApi';
import type { DraftPlan } from '../review/reviewTypes';
import '../review/review.css';
import { RoomTimeline } from '../review/RoomTimeline';
import { useReviewData } from '../review/useReviewData';
import { RoundPicker, RoundPlansView, useRounds, type RoundChoice } from '../review/ReviewRounds';
import { Link } from '../router/Link';

/** `/w/:id/review`: the facilitator goes back over every snapshot and takes away a draft plan. */
export function ReviewPage({ workshopId }: { workshopId: string }) {
  const { t } = useTranslation();
  const session = useMemo(() => loadSession(workshopId), [workshopId]);
  const token = session?.role === 'facilitator' ? session.token : null;
  const data = useReviewData(workshopId, token);
  const [room, setRoom] = useState(1);
  // The board's timeline sits beside the rooms' ([BO1]): one more choice in the same row.
  const [boardShown, setBoardShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [planError, setPlanError] = useState<string | null>(null);
  const narrow = useNarrow();
  const [tab, setTab] = useState('timeline');
  const [chosenRound, setChosenRound] = useState<RoundChoice | null>(null);
  // The chosen earlier round's plan, for the plenary panel: its own questions and polls [RN7].
  const [earlierPlan, setEarlierPlan] = useState<{ round: number; plan: DraftPlan } | null>(null);
  const roundsInfo = useRounds(workshopId, token, data.snapshots.length);
  if (!session) return <NoSession />;
  if (!token) {
    return (
      <main className="page narrow">
        <h1>{t('facilitate.notFacilitator')}</h1>
      </main>
    );
  }
  const problem = plainProblem(data.errorCode, null);
  if (problem) return <ProblemPage problem={problem} />;
  if (!data.state || !data.plan) return <LoadState error={data.error} onRetry={data.reload} />;
  const { state, plan, snapshots } = data;
  const template = state.workshop.template ?? DEFAULT_TEMPLATE;
  // Rounds [RN6]: the timeline and the plan of one round (the current one unless another is
  // chosen), or every round's plan together; the timeline then shows the current round.
  const current = roundsInfo?.current ?? 1;
  const round = chosenRound ?? current;
  const timelineRound = round === 'all' ? current : round;
  const earlier = timelineRound !== current;
  // [RN9] Each round's snapshots are drawn with that round's table: with the current template, a
  // column the round had and this one dropped was not shown.
  const timelineTemplate = (earlier ? roundsInfo?.rounds.find((r) => r.number === timelineRound)?.template : undefined) ?? template;
  const rooms = earlier ? Array.from({ length: roundsInfo?.rounds.find((r) => r.number === timelineRound)?.rooms ?? 0 }, (_, i) => i + 1) : state.rooms.map((r) => r.number);
  const roundSnapshots = roundsInfo && roundsInfo.rounds.length > 1 ? snapshots.filter((s) => (s.round ?? 1) === timelineRound) : snapshots;
  const roundPicker =
    roundsInfo && roundsInfo.rounds.length > 1 ? <RoundPicker rounds={roundsInfo.rounds} chosen={round} onChoose={(c) => setChosenRound(c === current ? null : c)} /> : null;

  const ungroup = async (next: string[]) => {
    setBusy(true);
    setPlanError(null);
    try {
      await saveUngrouped(workshopId, token, next);
      data.setPlan(await loadPlan(workshopId, token));
    } catch (err) {
      setPlanError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const pickRoom = (n: number) => {
    setRoom(n);
    setBoardShown(false);
  };

  const back = (
    <p>
      <Link href={`/w/${workshopId}/facilitate`}>{t('nav.backToConsole')}</Link> · <Link href="/workshops">{t('workshops.title')}</Link>
    </p>
  );
  const history = (
    <section className="stack" aria-labelledby="history-heading">
      <h2 id="history-heading">
        {t('review.historyHeading')}
        {roundPicker ? ` · ${t('round.label', { round: timelineRound })}` : ''}
      </h2>
      {rooms.length === 0 ? (
        <p className="muted">{t('review.noRooms')}</p>
      ) : (
        <div className="button-row" role="group" aria-label={t('review.pickRoom')}>
          {rooms.map((n) => (
            <button key={n} type="button" className={n === room && !boardShown ? '' : 'secondary'} aria-pressed={n === room && !boardShown} onClick={() => pickRoom(n)} data-testid={`room-tab-${n}`}>
              {t('review.roomHeading', { room: n })}
            </button>
          ))}
          <button type="button" className={boardShown ? '' : 'secondary'} aria-pressed={boardShown} onClick={() => setBoardShown(true)} data-testid="board-tab">
            {t('review.boardTab')}
          </button>
        </div>
      )}
      {boardShown ? (
        <BoardTimeline key={`${timelineRound}:${roundSnapshots.length}`} workshopId={workshopId} token={token} snapshots={roundSnapshots} columns={timelineTemplate.columns} />
      ) : rooms.includes(room) ? (
        <RoomTimeline
          key={`${timelineRound}:${room}:${roundSnapshots.length}`}
          workshopId={workshopId}
          token={token}
          room={room}
          snapshots={roundSnapshots}
          template={timelineTemplate}
          {...(earlier ? { earlierRound: timelineRound } : {})}
          onRestored={data.reload}
        />
      ) : null}
    </section>
  );
  const exportButtons = <ExportButtons workshopId={workshopId} token={token} title={state.workshop.title} {...(roundPicker ? { round } : {})} />;
  const planBody = (
    <>
      <ErrorNote message={planError} />
      {round !== current && roundsInfo ? (
        <RoundPlansView workshopId={workshopId} token={token} chosen={round} rounds={roundsInfo.rounds} onPlans={(p) => setEarlierPlan(p.length === 1 ? (p[0] ?? null) : null)} />
      ) : plan.groups.length === 0 ? (
        <p className="muted">{t('review.planEmpty')}</p>
      ) : (
        <PlanView plan={plan} busy={busy} onUngroup={(next) => void ungroup(next)} />
      )}
    </>
  );
  // Before, an earlier round's review showed the current round's plenary questions and polls beside
  // its plan. The notes are one document for the whole workshop: the current plan carries them.
  const sidePlan = earlierPlan && earlierPlan.round === round && round !== current ? { ...earlierPlan.plan, notes: plan.notes } : plan;
  const side = (
    <>
      <PlenaryPanel plan={sidePlan} />
      <DeleteWorkshop workshopId={workshopId} token={token} title={state.workshop.title} />
    </>
  );
  const title = <h1>{t('review.title', { title: state.workshop.title })}</h1>;

  if (narrow) {
    // A phone: the timeline, the plan, the exports and the plenary as tabs, not one long column.
    return (
      <main className="page wide stack review-phone">
        {back}
        {title}
        {roundPicker}
        <PhoneTabs
          label={t('phone.reviewTabs')}
          active={tab}
          onSelect={setTab}
          tabs={[
            { id: 'timeline', label: t('phone.tab.timeline'), content: history },
            {
              id: 'plan',
              label: t('phone.tab.plan'),
              content: (
                <section className="stack" aria-labelledby="plan-heading">
                  <h2 id="plan-heading">{t('review.planHeading')}</h2>
                  <p className="muted">{t('review.planExplain')}</p>
                  {planBody}
                </section>
              ),
            },
            { id: 'exports', label: t('phone.tab.exports'), content: exportButtons },
            { id: 'plenary', label: t('phone.tab.plenary'), content: side },
          ]}
        />
      </main>
    );
  }
  return (
    <main className="page wide stack">
      {back}
      {title}
      {roundPicker}
      <div className="review-grid">
        <div className="stack">
          {history}
          <section className="stack" aria-labelledby="plan-heading">
            <h2 id="plan-heading">{t('review.planHeading')}</h2>
            <p className="muted">{t('review.planExplain')}</p>
            {exportButtons}
            {planBody}
          </section>
        </div>
        <div className="stack">{side}</div>
      </div>
    </main>
  );
}
