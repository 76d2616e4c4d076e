import type { Board, BoardAnnotations, Column } from '@roomtable/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/apiRequest';
import { BoardView } from '../board/BoardView';
import { ErrorNote } from '../components/ErrorNote';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { loadSnapshotBoard } from './reviewApi';
import type { SnapshotDetail } from './reviewTypes';

/**
 * The board's history beside the rooms' ([BO1]): the snapshots that hold the board as a timeline
 * (numbered as in the rooms' timelines), the chosen one shown read-only as the plane and its list.
 */
export function BoardTimeline(props: { workshopId: string; token: string; snapshots: SnapshotDetail[]; columns: readonly Column[] }) {
  const { workshopId, token, snapshots, columns } = props;
  const { t } = useTranslation();
  const locale = useLocale();
  const withBoard = snapshots.filter((s) => s.hasBoard);
  const [shown, setShown] = useState<string | null>(withBoard[withBoard.length - 1]?.id ?? null);
  const [board, setBoard] = useState<{ sid: string; stored: { board: Board; annotations: BoardAnnotations } | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!shown) return;
    let cancelled = false;
    setError(null);
    loadSnapshotBoard(workshopId, token, shown).then(
      (b) => !cancelled && setBoard({ sid: shown, stored: b }),
      (err: unknown) => !cancelled && setError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [workshopId, token, shown]);

  const label = (s: SnapshotDetail) =>
    t('review.snapshotLabel', { n: snapshots.indexOf(s) + 1, at: formatDateTime(s.takenAt, locale), reason: t(`review.reason.${s.reason}`, { defaultValue: s.reason }) });
  const shownSnapshot = withBoard.find((s) => s.id === shown);

  return (
    <section className="card stack" aria-labelledby="board-history-heading" data-testid="board-timeline">
      <h3 id="board-history-heading">{t('review.boardHeading')}</h3>
      {withBoard.length === 0 ? <p className="muted">{t('review.noBoardSnapshots')}</p> : null}
      <ol className="timeline" data-testid="board-snapshots">
        {withBoard.map((s) => (
          <li key={s.id}>
            <button type="button" className={s.id === shown ? '' : 'secondary'} aria-pressed={s.id === shown} onClick={() => setShown(s.id)}>
              {label(s)}
            </button>
          </li>
        ))}
      </ol>
      <ErrorNote message={error} />
      {shownSnapshot && board?.sid === shown && board.stored ? (
        <>
          <p className="muted" data-testid="board-shown">
            {t('review.boardShown', { snapshot: label(shownSnapshot) })}
          </p>
          {/* No document: nobody moves, splits or polls a board of the past. */}
          <BoardView board={board.stored.board} annotations={board.stored.annotations} doc={null} columns={columns} />
        </>
      ) : null}
    </section>
  );
}
