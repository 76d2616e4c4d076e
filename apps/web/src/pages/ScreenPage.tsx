import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TEMPLATE } from '@roomtable/core';
import { loadSession } from '../api/session';
import { LoadState } from '../components/LoadState';
import { NoSession } from '../components/NoSession';
import { ProblemPage } from '../components/ProblemPage';
import { QrCode } from '../components/QrCode';
import { PlenaryBoard } from '../board/PlenaryBoard';
import { plainProblem } from '../live/plainProblem';
import { useLiveState } from '../live/useLiveState';
import { PollTally } from '../plenary/PollTally';
import { ReportTable } from '../plenary/ReportTable';
import { useLatestSnapshot, wantedSnapshotId } from '../plenary/useLatestSnapshot';
import { usePlenary } from '../plenary/usePlenary';
import '../plenary/plenary.css';
import '../board/screen.css';

/**
 * `/w/:id/screen`: the projector. No controls, large type; it follows the workshop by itself: the
 * join code before and during the break-out; in the report-back the presenting room's table with
 * its pointed row and top questions, or the board when nobody presents; an open poll's live
 * results beside either.
 */
export function ScreenPage({ workshopId }: { workshopId: string }) {
  const session = useMemo(() => loadSession(workshopId), [workshopId]);
  if (!session) return <NoSession />;
  return <Screen workshopId={workshopId} token={session.token} />;
}

function Screen({ workshopId, token }: { workshopId: string; token: string }) {
  const { t } = useTranslation();
  const live = useLiveState(workshopId, token);
  const plenary = usePlenary(workshopId, token);
  const { snapshot } = useLatestSnapshot(workshopId, token, wantedSnapshotId(plenary));
  const problem = plainProblem(live.errorCode, live.liveClosedKey);
  if (problem) return <ProblemPage problem={problem} />;
  if (!live.state || !plenary) return <LoadState error={live.error} onRetry={live.reload} />;
  const { workshop } = live.state;
  const template = workshop.template ?? DEFAULT_TEMPLATE;
  const joinCode = workshop.joinCode ?? null;
  const reporting = workshop.phase === 'reporting';
  const presenting = plenary.presentingRoom;
  const openPoll = [...plenary.polls].reverse().find((p) => p.closedAt === null) ?? null;
  const rows = snapshot?.rooms.find((r) => r.number === presenting)?.rows ?? [];
  const pointerRow = plenary.pointer && plenary.pointer.room === presenting && plenary.pointer.snapshotId === snapshot?.id ? plenary.pointer.row : null;
  const questions = plenary.questions.filter((q) => q.room === presenting && !q.answered).slice(0, 3);
  // The link a phone opens from the QR code: the join page with the code filled in.
  const joinUrl = joinCode ? `${location.origin}/join/${encodeURIComponent(joinCode)}` : null;
  const mode = !reporting && workshop.phase !== 'closed' ? 'join' : presenting !== null && reporting ? 'room' : 'board';

  return (
    <main className={`screen screen-${mode}`} data-testid="screen" data-mode={mode}>
      <header className="screen-header">
        <h1>{workshop.title}</h1>
        {joinCode && joinUrl && mode !== 'join' ? (
          <div className="screen-join-corner">
            <p className="screen-join" data-testid="screen-join">
              {t('join.codeLabel')}: <strong>{joinCode}</strong> <span className="screen-url">{`${location.host}/join/${joinCode}`}</span>
            </p>
            <QrCode text={joinUrl} label={t('screen.qrLabel', { url: joinUrl })} />
          </div>
        ) : null}
      </header>
      <div className={openPoll && mode !== 'join' ? 'screen-body with-side' : 'screen-body'}>
        <section className="screen-main">
          {mode === 'join' && joinCode && joinUrl ? (
            <div className="screen-join-big">
              <div data-testid="screen-join">
                <p className="screen-join">{t('join.codeLabel')}</p>
                <p className="screen-big-code" data-testid="screen-big-code">
                  {joinCode}
                </p>
                <p className="screen-url">{`${location.host}/join/${joinCode}`}</p>
              </div>
              <figure className="screen-qr-big">
                <QrCode text={joinUrl} label={t('screen.qrLabel', { url: joinUrl })} />
                <figcaption>{t('screen.scanToJoin')}</figcaption>
              </figure>
            </div>
          ) : null}
          {mode === 'room' && presenting !== null ? (
            <>
              <h2 data-testid="screen-room">{t('plenary.reportOf', { room: presenting })}</h2>
              <ReportTable room={presenting} rows={rows} template={template} pointerRow={pointerRow} onPoint={null} />
              {questions.length > 0 ? (
                <div className="screen-questions" data-testid="screen-questions">
                  <h2>{t('plenary.q.heading', { room: presenting })}</h2>
                  <ol>
                    {questions.map((q) => (
                      <li key={q.id}>
                        {q.text} <span className="muted">▲ {q.votes}</span>
                      </li>
                    ))}
                  </ol>
                </div>
              ) : null}
            </>
          ) : null}
          {mode === 'board' ? <PlenaryBoard workshopId={workshopId} token={token} columns={template.columns} writable={false} screen /> : null}
        </section>
        {openPoll && mode !== 'join' ? (
          <aside className="screen-side" data-testid="screen-poll">
            <h2>{t('plenary.poll.heading')}</h2>
            <PollTally poll={openPoll} />
          </aside>
        ) : null}
      </div>
    </main>
  );
}
