import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TEMPLATE, buildPollItems, matrixAxes, ratingColumns, type PublicPlenary } from '@roomtable/core';
import type { LiveState } from '@roomtable/contract';
import { ActionText } from '../facilitate/ActionOutcome';
import { useAction } from '../facilitate/useAction';
import { formatTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { PlenaryBoard } from '../board/PlenaryBoard';
import { PhoneTabs } from '../components/PhoneTabs';
import { useNarrow } from '../components/useNarrow';
import { ImpactEffortMatrix } from './ImpactEffortMatrix';
import { matrixPollItems } from './matrixPollItems';
import { NoteTakersPicker } from './NoteTakersPicker';
import { PlenaryNotes } from './PlenaryNotes';
import { PollPanel } from './PollPanel';
import { QuestionsPanel } from './QuestionsPanel';
import { ReportTable } from './ReportTable';
import type { LatestSnapshot } from './useLatestSnapshot';
import { usePhonePlenaryTab } from './usePhonePlenaryTab';

interface Props {
  workshopId: string;
  token: string;
  state: LiveState;
  plenary: PublicPlenary;
  /** Participant id, or null for the facilitator. */
  participantId: string | null;
  /** The newest snapshot, read by the page from its first render (useLatestSnapshot). */
  latest: LatestSnapshot;
}

/** The full-group view: the presenting room's report, Q&A, polls, the matrix and the shared notes. */
export function PlenaryView({ workshopId, token, state, plenary, participantId, latest }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const facilitator = participantId === null;
  const meId = participantId ?? 'facilitator';
  const reporting = state.workshop.phase === 'reporting';
  const template = state.workshop.template ?? DEFAULT_TEMPLATE;
  const { snapshot, loaded, error, reload } = latest;
  const [follow, setFollow] = useState(true);
  const [browsed, setBrowsed] = useState<number | null>(null);
  const action = useAction(token);
  const base = `/api/workshops/${encodeURIComponent(workshopId)}`;

  const rooms = snapshot?.rooms ?? [];
  const presenting = plenary.presentingRoom;
  // "No room is presenting yet" stayed on screen after rooms had presented, and after closing:
  // once a room presented here (or the plenary has questions or polls), nobody presenting is "now".
  const [presented, setPresented] = useState(false);
  useEffect(() => {
    if (presenting !== null) setPresented(true);
  }, [presenting]);
  const nobodyKey =
    state.workshop.phase === 'closed'
      ? 'people.plenary.over'
      : presented || plenary.questions.length > 0 || plenary.polls.length > 0
        ? 'plenary.stopped'
        : 'plenary.nobodyPresenting';
  const shownRoom = follow && presenting !== null ? presenting : (browsed ?? presenting ?? rooms[0]?.number ?? null);
  const rapporteurOf = (room: number | null) => state.rooms.find((r) => r.number === room)?.rapporteurId ?? null;
  const nameOf = (id: string | null) => state.participants.find((p) => p.id === id)?.name ?? null;
  const canPresent = (room: number | null) => reporting && room !== null && (facilitator || rapporteurOf(room) === participantId);
  const canPoint = reporting && presenting !== null && shownRoom === presenting && (facilitator || rapporteurOf(presenting) === participantId);
  const shownRows = rooms.find((r) => r.number === shownRoom)?.rows ?? [];
  const pointerRow =
    plenary.pointer && plenary.pointer.room === shownRoom && plenary.pointer.snapshotId === snapshot?.id ? plenary.pointer.row : null;
  const ratingPoll = [...plenary.polls].reverse().find((p) => p.kind === 'rating') ?? null;
  const matrixItems = matrixPollItems(ratingPoll, snapshot ? buildPollItems(snapshot.rooms, template) : []);
  const templateRatings = ratingColumns(template);
  // The rating poll's own columns when there is one, so its tally and the axes always agree.
  const axes = matrixAxes(ratingPoll?.columns ?? templateRatings);
  const noteTaker = facilitator || (participantId !== null && plenary.noteTakers.includes(participantId));

  const browse = (room: number) => {
    setBrowsed(room);
    setFollow(room === presenting);
  };
  const present = (room: number | null) => {
    // Whoever starts a presentation follows it, like everyone else.
    if (room !== null) setFollow(true);
    void action.run('PUT', `${base}/plenary/presenting`, { room }, room === null ? t('plenary.stopped') : t('plenary.nowPresentingDone', { room }));
  };
  const point = (row: number | null) => void action.run('PUT', `${base}/plenary/pointer`, { row }, '');
  const narrow = useNarrow();
  const openPollId = [...plenary.polls].reverse().find((p) => p.closedAt === null)?.id ?? null;
  const phone = usePhonePlenaryTab({ openPollId, presenting, voter: !facilitator && reporting });

  const presenterBar = (
      <section className="card presenter-bar" aria-label={t('plenary.presenterBar')}>
        <p className="presenting" data-testid="presenting" aria-live="polite">
          {presenting === null
            ? t(nobodyKey)
            : nameOf(rapporteurOf(presenting))
              ? t('plenary.presentingWith', { room: presenting, name: nameOf(rapporteurOf(presenting)) })
              : t('plenary.presenting', { room: presenting })}
        </p>
        <div className="button-row">
          {state.workshop.phase !== 'closed' ? (
            <button type="button" className={follow ? 'toggle on' : 'toggle'} aria-pressed={follow} onClick={() => setFollow((f) => !f)} data-testid="follow">
              {t('plenary.follow')}
            </button>
          ) : null}
          {canPresent(shownRoom) && shownRoom !== presenting ? (
            <button type="button" onClick={() => present(shownRoom)} disabled={action.busy} data-testid="present">
              {t('plenary.present', { room: shownRoom })}
            </button>
          ) : null}
          {presenting !== null && canPresent(presenting) && shownRoom === presenting ? (
            <button type="button" className="secondary" onClick={() => present(null)} disabled={action.busy} data-testid="stop-presenting">
              {t('plenary.stop')}
            </button>
          ) : null}
          <span role="status" className="toolbar-message">
            <ActionText action={action} />
          </span>
        </div>
      </section>
  );
  const problems = (
    <>
      {error ? (
        <p role="alert" className="error-note">
          {error}{' '}
          <button type="button" className="link-button" onClick={reload}>
            {t('action.retry')}
          </button>
        </p>
      ) : null}
      {loaded && !snapshot ? (
        <div className="card">
          <p>{t('plenary.noSnapshot')}</p>
          {facilitator ? (
            <button type="button" onClick={() => void action.run('POST', `${base}/snapshots`, undefined, '').then((ok) => ok && reload())}>
              {t('plenary.takeSnapshot')}
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
  const report = snapshot ? (
        <section className="card report" aria-labelledby="report-heading">
          <nav className="button-row" aria-label={t('plenary.roomsNav')}>
            {rooms.map((r) => (
              <button
                key={r.number}
                type="button"
                className={r.number === shownRoom ? 'room-tab current' : 'room-tab'}
                aria-current={r.number === shownRoom ? 'true' : undefined}
                onClick={() => browse(r.number)}
                data-testid={`room-tab-${r.number}`}
              >
                {t('plenary.roomN', { room: r.number })}
                {r.number === presenting ? <span className="badge live">{t('plenary.live')}</span> : null}
              </button>
            ))}
          </nav>
          <h2 id="report-heading" data-testid="shown-room">
            {t('plenary.reportOf', { room: shownRoom })}
          </h2>
          {shownRoom !== null ? (
            <ReportTable room={shownRoom} rows={shownRows} template={template} pointerRow={pointerRow} onPoint={canPoint ? point : null} />
          ) : null}
          <p className="muted snapshot-note">{t('plenary.snapshotTaken', { time: formatTime(snapshot.takenAt, locale) })}</p>
        </section>
      ) : null;
  const questionsPanel = shownRoom !== null ? (
          <QuestionsPanel
            workshopId={workshopId}
            token={token}
            room={shownRoom}
            questions={plenary.questions}
            participants={state.participants}
            meId={meId}
            facilitator={facilitator}
            canAsk={reporting}
          />
        ) : null;
  const pollPanel = <PollPanel workshopId={workshopId} token={token} polls={plenary.polls} facilitator={facilitator} reporting={reporting} ratingColumns={templateRatings} />;
  const board = <PlenaryBoard workshopId={workshopId} token={token} columns={template.columns} writable={noteTaker && state.workshop.phase !== 'closed'}
      facilitator={facilitator}
      myName={state.participants.find((p) => p.id === participantId)?.name ?? ''}
      polling={facilitator && reporting ? { workshopId, token, pollOpen: plenary.polls.some((p) => p.closedAt === null), canRate: templateRatings.length > 0 } : null}
    />;
  const matrix = (
    <>
      {matrixItems.length > 0 && axes ? <ImpactEffortMatrix items={matrixItems} axes={axes} tally={ratingPoll?.tally ?? null} /> : null}
      {matrixItems.length > 0 && !axes ? (
        <section className="card plenary-matrix" aria-labelledby="no-matrix-heading" data-testid="no-matrix">
          <h2 id="no-matrix-heading">{t('plenary.matrix.noneHeading')}</h2>
          <p className="muted">{t('plenary.matrix.notEnoughColumns')}</p>
        </section>
      ) : null}
    </>
  );
  const notes = (
    <>
      {facilitator ? <NoteTakersPicker workshopId={workshopId} token={token} participants={state.participants} noteTakers={plenary.noteTakers} /> : null}
      <PlenaryNotes workshopId={workshopId} token={token} writable={noteTaker && state.workshop.phase !== 'closed'} />
    </>
  );

  if (narrow) {
    // A phone: the same sections as tabs under the presenter bar, instead of one 4,500 px column.
    const fresh = t('phone.new');
    return (
      <div className="plenary plenary-phone">
        {presenterBar}
        {problems}
        <PhoneTabs
          label={t('phone.plenaryTabs')}
          active={phone.tab}
          onSelect={phone.select}
          tabs={[
            { id: 'report', label: t('phone.tab.report'), badge: phone.badges.report ? fresh : null, content: report },
            { id: 'board', label: t('phone.tab.board'), content: <>{board}{matrix}</> },
            { id: 'poll', label: t('phone.tab.poll'), badge: phone.badges.poll ? fresh : null, content: pollPanel },
            { id: 'questions', label: t('phone.tab.questions'), content: questionsPanel },
            { id: 'notes', label: t('phone.tab.notes'), content: notes },
          ]}
        />
      </div>
    );
  }
  return (
    <div className="plenary">
      {presenterBar}
      {problems}
      {report}
      <div className="plenary-grid">
        {questionsPanel}
        {pollPanel}
      </div>
      {board}
      {matrix}
      {notes}
    </div>
  );
}
