import { describe, expect, it } from 'vitest';
import { NO_SELECTION, pick, pruneSelection, selectionSize } from '../src/board/boardSelection';

describe('picking on the board for a poll', () => {
  it('[BP1] a click picks one alone, a second click on it un-picks; Shift-click and Space add and remove', () => {
    const one = pick(NO_SELECTION, 'cluster', 'a', false);
    expect(one).toEqual({ clusters: ['a'], cards: [] });
    expect(pick(one, 'cluster', 'a', false)).toEqual(NO_SELECTION);
    const two = pick(one, 'card', 'x', true);
    expect(two).toEqual({ clusters: ['a'], cards: ['x'] });
    expect(selectionSize(two)).toBe(2);
    // A plain click on another replaces the picks.
    expect(pick(two, 'cluster', 'b', false)).toEqual({ clusters: ['b'], cards: [] });
    // A plain click on one of several keeps just it.
    expect(pick(two, 'cluster', 'a', false)).toEqual({ clusters: ['a'], cards: [] });
    expect(pick(two, 'card', 'x', true)).toEqual({ clusters: ['a'], cards: [] });
  });

  it('[BP1] what the board no longer holds drops out of the picks, and an unchanged pick stays the same object', () => {
    const sel = { clusters: ['a', 'gone'], cards: ['x'] };
    const board = { clusters: [{ id: 'a', cardIds: ['x'], score: null, links: [], reason: '' }], cards: [{ id: 'x', room: 1, row: 0, text: '', details: {}, ratings: {} }] };
    expect(pruneSelection(sel, board)).toEqual({ clusters: ['a'], cards: ['x'] });
    const kept = { clusters: ['a'], cards: [] };
    expect(pruneSelection(kept, board)).toBe(kept);
  });
});
