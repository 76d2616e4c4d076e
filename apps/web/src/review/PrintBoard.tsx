import { boardExportOf, type BoardBand, type BoardExport, type BoardSvgText, type DraftPlan } from '@roomtable/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBoard } from '../board/useBoard';
import { BoardPlaneSvg } from './BoardPlaneSvg';
import { ratingRoleLabel } from './ratingRoleLabel';
import { loadSnapshotBoard } from './reviewApi';

/**
 * The board on the printable page ([BO2]): the live board (the one the plan's groups follow) as the
 * plane, then every cluster in full under its number; nothing until a board was built.
 */
export function PrintBoard({ workshopId, token, plan, builtFrom }: { workshopId: string; token: string; plan: DraftPlan; builtFrom?: string | null }) {
  const { board, annotations } = useBoard(workshopId, token);
  // From round 2 on, the live board is the current round's only once built from its end [RN9]:
  // during its break-out the board document still holds the round before's stacks.
  const ours = board && (builtFrom === undefined || board.snapshotId === builtFrom) ? board : null;
  const exported = useMemo(() => (ours ? boardExportOf(ours, annotations) : null), [ours, annotations]);
  return <PrintBoardView exported={exported} plan={plan} />;
}

/**
 * An earlier round's board on the printable page [RN9]: as its plenary left it, from the snapshot
 * of the plenary's end [RN8] (the one that round's plan follows), not the live board of a later round.
 */
export function PrintSnapshotBoard({ workshopId, token, snapshotId, plan, round }: { workshopId: string; token: string; snapshotId: string; plan: DraftPlan; round: number }) {
  const [exported, setExported] = useState<BoardExport | null>(null);
  useEffect(() => {
    let cancelled = false;
    loadSnapshotBoard(workshopId, token, snapshotId).then(
      (stored) => !cancelled && setExported(stored ? boardExportOf(stored.board, stored.annotations) : null),
      // Without it the page still prints the plan: the board is an illustration beside it.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [workshopId, token, snapshotId]);
  return <PrintBoardView exported={exported} plan={plan} round={round} />;
}

function PrintBoardView({ exported, plan, round }: { exported: BoardExport | null; plan: DraftPlan; round?: number }) {
  const { t } = useTranslation();
  if (!exported || exported.clusters.length === 0) return null;
  const y = ratingRoleLabel(plan, 'impact', t) ?? t('print.impact');
  const x = ratingRoleLabel(plan, 'effort', t) ?? t('print.effort');
  const band = (b: BoardBand, column: string) => t(`board.band.${b}`, { column });
  const text: BoardSvgText = {
    title: (clusters, cards) => t('board.summary', { cards, clusters }),
    caption: t('print.boardAxes', { y, x }),
    cell: (yb, xb) => `${band(yb, y)} · ${band(xb, x)}`,
    foot: (rooms, cards, score) =>
      [t('review.rooms', { count: rooms.length, rooms: rooms.join(', ') }), cards > 1 ? t('print.boardCards', { count: cards }) : '', score !== null ? t('print.boardSimilarity', { score: score.toFixed(2) }) : '']
        .filter(Boolean)
        .join(' · '),
    empty: t('review.noSuggestionText'),
    unnamedFrame: t('board.frame.unnamedText'),
  };
  return (
    <section className="print-board" aria-labelledby={`print-board-heading${round ?? ''}`} data-testid="print-board">
      <h2 id={`print-board-heading${round ?? ''}`}>{t('board.heading')}</h2>
      <p>{t('print.boardExplain')}</p>
      <BoardPlaneSvg board={exported} text={text} />
      <ol className="print-clusters">
        {exported.clusters.map((c) => (
          <li key={c.id}>
            <ul>
              {exported.cards
                .filter((card) => card.cluster === c.number)
                .map((card) => (
                  <li key={card.id}>{t('review.roomItem', { room: card.room, text: card.text || t('review.noSuggestionText') })}</li>
                ))}
              {/* The whole reason, wrapped: on the plane a stack shows only its first lines. */}
              {c.reason ? <li className="print-reason">{c.reason}</li> : null}
              {c.change ? <li className="print-reason">{t(c.change.kind === 'merge' ? 'board.change.merge' : 'board.change.split', { reason: c.change.reason })}</li> : null}
            </ul>
          </li>
        ))}
      </ol>
      {/* Notes and frames in full too: on the plane a note shows its first lines only [BO7]. */}
      {exported.frames.length > 0 ? (
        <ul className="print-annotations" data-testid="print-frames">
          {exported.frames.map((f) => (
            <li key={f.id}>{t('board.frame.label', { name: f.name.trim() || t('board.frame.unnamedText') })}</li>
          ))}
        </ul>
      ) : null}
      {exported.notes.length > 0 ? (
        <ul className="print-annotations" data-testid="print-notes">
          {exported.notes.map((n) => (
            <li key={n.id}>{t('board.note.label', { text: n.text.trim() || t('board.note.emptyText') })}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
