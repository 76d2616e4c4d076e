import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { BOARD_REASON_MAX, isBoardReason, mergeClusters, splitCluster, type Board, type BoardCard } from '@roomtable/core';
import { isPicked, type BoardSelection, type PickKind } from './boardSelection';

/** A new split's id: random, so two people splitting at the same moment never pick the same one ([BD8]). */
function newSplitId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `split:${[...bytes].map((b) => (b % 36).toString(36)).join('')}`;
}

interface Props {
  board: Board;
  doc: Y.Doc;
  selection: BoardSelection;
  toggle: (kind: PickKind, id: string, additive: boolean) => void;
  onDone: () => void;
  cardText: (card: BoardCard) => string;
}

/**
 * Split and merge, for the facilitator and the note-takers ([BD8]): with two or more stacks picked,
 * merge them into the first picked; with one stack picked, tick some of its cards and split them
 * off. Either needs a reason, which stays on the stack for everyone to see. The change is written
 * to the board document, one entry per card, so two people doing this at once never lose a card.
 */
export function BoardClusterBar({ board, doc, selection, toggle, onDone, cardText }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState('');
  const clusters = new Map(board.clusters.map((c) => [c.id, c]));
  const cards = new Map(board.cards.map((c) => [c.id, c]));
  const pickedClusters = selection.clusters.filter((c) => clusters.has(c));
  const single = pickedClusters.length === 1 ? clusters.get(pickedClusters[0]!) : undefined;
  const splitFrom = single && single.cardIds.length > 1 ? single : undefined;
  const splitting = splitFrom ? selection.cards.filter((c) => splitFrom.cardIds.includes(c)) : [];
  const canMerge = pickedClusters.length >= 2;
  const canSplit = splitFrom !== undefined && splitting.length > 0 && splitting.length < splitFrom.cardIds.length;
  if (!canMerge && !splitFrom) return null;
  const ready = isBoardReason(reason);
  const finish = (ok: boolean, done: string) => {
    setOutcome(ok ? done : t('board.edit.failed'));
    if (ok) {
      setReason('');
      onDone();
    }
  };
  const merge = () => finish(mergeClusters(doc, pickedClusters[0]!, pickedClusters.slice(1), reason, Date.now()), t('board.edit.merged'));
  const split = () => finish(splitFrom ? splitCluster(doc, splitFrom.id, splitting, newSplitId(), reason, Date.now()) : false, t('board.edit.splitDone'));
  const first = splitFrom ? cards.get(splitFrom.cardIds[0] ?? '') : undefined;

  return (
    <div className="board-cluster-bar" role="group" aria-label={t('board.edit.group')} data-testid="board-cluster-bar">
      {splitFrom ? (
        <fieldset className="board-split-cards">
          <legend>{t('board.edit.cardsOf', { text: first ? cardText(first) : splitFrom.id })}</legend>
          {splitFrom.cardIds.map((cid) => {
            const card = cards.get(cid);
            if (!card) return null;
            return (
              <label key={cid} className="board-split-card">
                <input type="checkbox" checked={isPicked(selection, 'card', cid)} onChange={() => toggle('card', cid, true)} data-testid="board-split-card" />{' '}
                {t('plenary.roomN', { room: card.room })}: {cardText(card)}
              </label>
            );
          })}
        </fieldset>
      ) : null}
      <label className="field-row board-reason" htmlFor={`${id}-reason`}>
        <span>{t('board.edit.reason')}</span>
        <input id={`${id}-reason`} type="text" value={reason} maxLength={BOARD_REASON_MAX} onChange={(e) => setReason(e.target.value)} data-testid="board-edit-reason" />
      </label>
      <div className="button-row">
        {canMerge ? (
          <button type="button" onClick={merge} disabled={!ready} data-testid="board-merge">
            {t('board.edit.merge', { count: pickedClusters.length })}
          </button>
        ) : null}
        {splitFrom ? (
          <button type="button" onClick={split} disabled={!ready || !canSplit} data-testid="board-split">
            {t('board.edit.split', { count: splitting.length })}
          </button>
        ) : null}
      </div>
      {!ready ? <p className="muted">{t('board.edit.needReason')}</p> : null}
      <span role="status" className="toolbar-message" data-testid="board-edit-outcome">
        {outcome}
      </span>
    </div>
  );
}
