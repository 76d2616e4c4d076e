import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Column } from '@roomtable/core';
import { personColor } from '../room/personColor';
import { personKey } from '../room/presentPeople';
import { BoardView } from './BoardView';
import type { BoardPolling } from './BoardPollBar';
import { useBoard } from './useBoard';
import { useBoardPresence } from './useBoardPresence';

/**
 * The board in the plenary: live, movable by the facilitator and the note-takers (`writable`), who
 * also add sticky notes and frames and show others what they drag; the facilitator's viewport is
 * shared for everyone else to follow.
 */
export function PlenaryBoard({
  workshopId,
  token,
  columns,
  writable,
  screen = false,
  polling = null,
  facilitator = false,
  myName = '',
}: {
  workshopId: string;
  token: string;
  columns: readonly Column[];
  writable: boolean;
  screen?: boolean;
  /** The facilitator while reporting: polls of what is picked on the board. */
  polling?: BoardPolling | null;
  /** This person runs the workshop: their viewport is the one others follow. */
  facilitator?: boolean;
  /** The name others see on what this person drags (the server puts a participant's own name in its place, [SY17]). */
  myName?: string;
}) {
  const { t } = useTranslation();
  // The projector only looks; the facilitator and note-takers announce themselves (what they drag, where they look).
  const announces = writable && !screen;
  const { board, annotations, doc, live, synced } = useBoard(workshopId, token, announces);
  const name = myName || (facilitator ? t('board.facilitator') : '');
  const me = useMemo(() => (announces ? { name, color: personColor(personKey({ name })) } : null), [announces, name]);
  // The projector reads presence too (`me` null: it announces nothing): it follows the facilitator's viewport.
  const presence = useBoardPresence(live, me);
  if (!board) {
    if (screen) return null;
    return (
      <section className="card board" data-testid="board-missing">
        <h2>{t('board.heading')}</h2>
        <p className="muted">{synced ? t('board.notBuilt') : t('status.loading')}</p>
      </section>
    );
  }
  return (
    <BoardView
      board={board}
      annotations={annotations}
      presence={presence}
      sharesView={facilitator && announces}
      doc={writable ? doc : null}
      columns={columns}
      screen={screen}
      polling={polling}
    />
  );
}
