import { useCallback, useState } from 'react';
import type { Board } from '@roomtable/core';

/** What the facilitator picked on the board for a poll ([BP1]): clusters and single cards, in the order picked. */
export interface BoardSelection {
  clusters: string[];
  cards: string[];
}

export type PickKind = 'cluster' | 'card';

export const NO_SELECTION: BoardSelection = { clusters: [], cards: [] };

const listOf = (kind: PickKind): keyof BoardSelection => (kind === 'cluster' ? 'clusters' : 'cards');

export function isPicked(selection: BoardSelection, kind: PickKind, id: string): boolean {
  return selection[listOf(kind)].includes(id);
}

export function selectionSize(selection: BoardSelection): number {
  return selection.clusters.length + selection.cards.length;
}

/**
 * A pick as file managers and whiteboards do it: a plain click picks that one alone (or un-picks it
 * when it was the only one picked); Shift-click, Ctrl/Cmd-click and the Space key add or remove it.
 */
export function pick(selection: BoardSelection, kind: PickKind, id: string, additive: boolean): BoardSelection {
  const key = listOf(kind);
  const picked = selection[key].includes(id);
  if (additive) {
    return { ...selection, [key]: picked ? selection[key].filter((x) => x !== id) : [...selection[key], id] };
  }
  if (picked && selectionSize(selection) === 1) return NO_SELECTION;
  return { ...NO_SELECTION, [key]: [id] };
}

/** The selection without what the board no longer holds (a cluster split or merged away by someone else). */
export function pruneSelection(selection: BoardSelection, board: Pick<Board, 'cards' | 'clusters'>): BoardSelection {
  const clusters = new Set(board.clusters.map((c) => c.id));
  const cards = new Set(board.cards.map((c) => c.id));
  const next = { clusters: selection.clusters.filter((id) => clusters.has(id)), cards: selection.cards.filter((id) => cards.has(id)) };
  return next.clusters.length === selection.clusters.length && next.cards.length === selection.cards.length ? selection : next;
}

/** The board's selection as React state. */
export function useBoardSelection(): {
  selection: BoardSelection;
  toggle: (kind: PickKind, id: string, additive: boolean) => void;
  clear: () => void;
} {
  const [selection, setSelection] = useState<BoardSelection>(NO_SELECTION);
  const toggle = useCallback((kind: PickKind, id: string, additive: boolean) => setSelection((s) => pick(s, kind, id, additive)), []);
  const clear = useCallback(() => setSelection(NO_SELECTION), []);
  return { selection, toggle, clear };
}
