import { useTranslation } from 'react-i18next';
import type { Column } from '@roomtable/core';
import { BoardView } from './BoardView';
import type { BoardPolling } from './BoardPollBar';
import { useBoard } from './useBoard';

/** The board in the plenary: live, movable by the facilitator and the note-takers (`writable`). */
export function PlenaryBoard({
  workshopId,
  token,
  columns,
  writable,
  screen = false,
  polling = null,
}: {
  workshopId: string;
  token: string;
  columns: readonly Column[];
  writable: boolean;
  screen?: boolean;
  /** The facilitator while reporting: polls of what is picked on the board. */
  polling?: BoardPolling | null;
}) {
  const { t } = useTranslation();
  const { board, doc, synced } = useBoard(workshopId, token);
  if (!board) {
    if (screen) return null;
    return (
      <section className="card board" data-testid="board-missing">
        <h2>{t('board.heading')}</h2>
        <p className="muted">{synced ? t('board.notBuilt') : t('status.loading')}</p>
      </section>
    );
  }
  return <BoardView board={board} doc={writable ? doc : null} columns={columns} screen={screen} polling={polling} />;
}
