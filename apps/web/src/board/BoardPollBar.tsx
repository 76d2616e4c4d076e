import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { POLL_LIMITS } from '@roomtable/core';
import { ActionText } from '../facilitate/ActionOutcome';
import { useAction } from '../facilitate/useAction';
import { selectionSize, type BoardSelection } from './boardSelection';

/** Who may make polls from the board, and how: the facilitator while reporting. */
export interface BoardPolling {
  workshopId: string;
  token: string;
  /** A poll is open: close it (in the poll panel) before making another. */
  pollOpen: boolean;
  /** The template has rating columns, so a rating poll can be made. */
  canRate: boolean;
}

/** Opens a poll of exactly `selection` ([BP1]); resolves whether the server opened it. */
export function usePollFromBoard(polling: BoardPolling) {
  const { t } = useTranslation();
  const action = useAction(polling.token);
  const open = (kind: 'rating' | 'dots', selection: BoardSelection, dots: number) =>
    action.run(
      'POST',
      `/api/workshops/${encodeURIComponent(polling.workshopId)}/polls`,
      kind === 'dots' ? { kind, dots, clusters: selection.clusters, cards: selection.cards } : { kind, clusters: selection.clusters, cards: selection.cards },
      t('plenary.poll.opened'),
    );
  return { action, open };
}

/**
 * The facilitator's bar above the board: what is picked, and a rating poll or a dot vote of exactly
 * those clusters and cards. With nothing picked it says how to pick; the poll panel's own buttons
 * poll every cluster, one item each.
 */
export function BoardPollBar({ polling, selection, onClear }: { polling: BoardPolling; selection: BoardSelection; onClear: () => void }) {
  const { t } = useTranslation();
  const { action, open } = usePollFromBoard(polling);
  const [dots, setDots] = useState(3);
  const count = selectionSize(selection);
  const run = (kind: 'rating' | 'dots') =>
    void open(kind, selection, dots).then((ok) => {
      if (ok) onClear();
    });
  const disabled = action.busy || polling.pollOpen || count === 0;
  return (
    <div className="board-poll-bar" role="group" aria-label={t('board.pick.group')} data-testid="board-poll-bar">
      <p className="board-pick-count" aria-live="polite" data-testid="board-pick-count">
        {count === 0 ? t('board.pick.hint') : t('board.pick.count', { count })}
      </p>
      {count > 0 ? (
        <div className="button-row">
          {polling.canRate ? (
            <button type="button" onClick={() => run('rating')} disabled={disabled} data-testid="board-poll-rating">
              {t('board.pick.ratingPoll')}
            </button>
          ) : null}
          <label className="field-row">
            <span>{t('plenary.poll.dotsEach')}</span>
            <input type="number" min={POLL_LIMITS.dotsMin} max={POLL_LIMITS.dotsMax} value={dots} onChange={(e) => setDots(Number(e.target.value))} data-testid="board-poll-dots-each" />
          </label>
          <button type="button" className="secondary" onClick={() => run('dots')} disabled={disabled} data-testid="board-poll-dots">
            {t('board.pick.dotVote')}
          </button>
          <button type="button" className="link-button" onClick={onClear} data-testid="board-pick-clear">
            {t('board.pick.clear')}
          </button>
        </div>
      ) : null}
      {polling.pollOpen && count > 0 ? <p className="muted">{t('board.pick.pollOpen')}</p> : null}
      <span role="status" className="toolbar-message">
        <ActionText action={action} />
      </span>
    </div>
  );
}
