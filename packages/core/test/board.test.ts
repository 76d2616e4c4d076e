import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BOARD_CARD,
  boardDisagreements,
  boardReadingOrder,
  boardViolations,
  buildBoard,
  buildDraftPlan,
  DEFAULT_TEMPLATE,
  moveCluster,
  readBoard,
  writeBoard,
  type BoardPosition,
  type Row,
} from '../src';
import { SEED_ROOMS, seedPlanInput } from './fixtures/seedWorkshop';

const row = (suggestion: string, impact: Row[string], effort: Row[string]): Row => ({ suggestion, benefit: '', impact, needed: '', effort });
const board = (rooms = SEED_ROOMS) => buildBoard({ snapshotId: 's1', builtAt: 1000, template: DEFAULT_TEMPLATE, rooms });

function overlaps(a: BoardPosition, b: BoardPosition): boolean {
  return Math.abs(a.x - b.x) < BOARD_CARD.width && Math.abs(a.y - b.y) < BOARD_CARD.height;
}

describe('the plenary board', () => {
  it('[BD1] every non-empty row of every room is a card with its room, row and ratings', () => {
    const b = board();
    const rows = SEED_ROOMS.flatMap((r) => r.rows.filter((x) => Object.values(x).some((v) => v)));
    expect(b.cards).toHaveLength(rows.length);
    expect(b.cards.find((c) => c.id === '2:not-focus-efforts-defining-dns-abuse')).toEqual({
      id: '2:not-focus-efforts-defining-dns-abuse',
      room: 2,
      row: 1,
      text: 'Do not focus efforts on defining DNS abuse',
      details: { benefit: 'Time for practice', needed: 'A narrow definition' },
      ratings: { impact: 'H', effort: 'M' },
    });
    // Card ids are the draft plan's item ids: the same suggestion in both.
    const plan = buildDraftPlan(seedPlanInput());
    expect(b.cards.map((c) => c.id).sort()).toEqual(plan.groups.flatMap((g) => g.items.map((i) => i.id)).sort());
  });

  it('[BD2] cards the draft plan groups start as one cluster, with its score and the reason', () => {
    const b = board();
    const share = b.clusters.find((c) => c.id === '1:share-information');
    expect(share).toMatchObject({
      cardIds: ['1:share-information', '2:share-information-among-cctlds'],
      score: 0.5,
      links: [{ card: '2:share-information-among-cctlds', similarity: 0.5, shared: ['share', 'information'] }],
    });
    expect(share?.reason).toBe('Stacked with “Share information”: “Share information among ccTLDs” shares share, information (similarity 0.50).');
    const alone = b.clusters.find((c) => c.id === '1:doe');
    expect(alone).toMatchObject({ cardIds: ['1:doe'], score: null, links: [], reason: '' });
    // Every card is in exactly one cluster.
    expect(b.clusters.flatMap((c) => c.cardIds).sort()).toEqual(b.cards.map((c) => c.id).sort());
  });

  it('[BD3] clusters start in the cell of their ratings, Medium in the middle, none overlapping', () => {
    const rooms = [
      { number: 1, rows: [row('Alpha', 'H', 'L'), row('Bravo', 'M', 'M'), row('Charlie', 'L', 'H'), row('Delta', null, null)] },
      { number: 2, rows: Array.from({ length: 8 }, (_, i) => row(`Echo ${i} ${'xyz'.repeat(i + 1)}`, 'M', 'M')) },
    ];
    const b = board(rooms);
    const { x, y } = b.plane;
    expect(x.map((band) => band.band)).toEqual(['L', 'M', 'H', 'none']);
    expect(y.map((band) => band.band)).toEqual(['H', 'M', 'L', 'none']);
    const cellOf = (id: string) => {
      const p = b.positions[id]!;
      return `${y.find((band) => p.y >= band.from && p.y + BOARD_CARD.height <= band.to)?.band}|${x.find((band) => p.x >= band.from && p.x + BOARD_CARD.width <= band.to)?.band}`;
    };
    expect(cellOf('1:alpha')).toBe('H|L');
    expect(cellOf('1:bravo')).toBe('M|M'); // the middle cell, not low
    expect(cellOf('1:charlie')).toBe('L|H');
    expect(cellOf('1:delta')).toBe('none|none');
    // Nine clusters in the M|M cell: three rows of three, the band as tall as it needs.
    const ids = Object.keys(b.positions);
    expect(ids.filter((id) => cellOf(id) === 'M|M')).toHaveLength(9);
    expect(b.plane.x[0]!.to).toBe(3 * (BOARD_CARD.width + BOARD_CARD.gap) + BOARD_CARD.gap);
    // Two clusters in two cells: one column per cell: compact, so its cards read large when fitted.
    expect(board([{ number: 1, rows: [row('Alpha', 'H', 'L'), row('Bravo', 'L', 'H')] }]).plane.x[0]!.to).toBe(2 * BOARD_CARD.gap + BOARD_CARD.width);
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) expect(overlaps(b.positions[ids[i]!]!, b.positions[ids[j]!]!), `${ids[i]} / ${ids[j]}`).toBe(false);
    }
  });

  it('[BD3] a cluster sits where its rooms rated it on average: H and L make M', () => {
    const b = board([
      { number: 1, rows: [row('Share data', 'H', 'L')] },
      { number: 2, rows: [row('Share data', 'L', 'L')] },
    ]);
    expect(b.clusters).toHaveLength(1);
    const p = b.positions['1:share-data']!;
    const mid = b.plane.y.find((band) => band.band === 'M')!;
    expect(p.y >= mid.from && p.y < mid.to).toBe(true);
  });

  it('[BD4] a cluster one room rated impact H and another L is marked, naming the rooms', () => {
    const b = board([
      { number: 1, rows: [row('Share data', 'H', 'L')] },
      { number: 2, rows: [row('Share data', 'L', 'L')] },
      { number: 3, rows: [row('Share data openly', 'M', 'L'), row('Other', 'H', 'L')] },
    ]);
    expect(boardDisagreements(b, ['impact', 'effort'])).toEqual([{ cluster: '1:share-data', column: 'impact', high: [1], low: [2] }]);
    expect(boardDisagreements(board(), ['impact', 'effort'])).toEqual([]);
  });

  it('[BD5] the reading order is the plane\'s: rows top to bottom, then left to right', () => {
    const stepY = BOARD_CARD.height + BOARD_CARD.gap;
    expect(boardReadingOrder({ c: { x: 0, y: stepY }, b: { x: 500, y: 10 }, a: { x: 100, y: 0 }, d: { x: -50, y: stepY + 30 } })).toEqual(['a', 'b', 'd', 'c']);
  });

  it('[BD7] the document holds the board; rebuilding keeps moved clusters where people put them; the same snapshot twice writes nothing', () => {
    const doc = new Y.Doc();
    const first = board();
    expect(writeBoard(doc, first)).toBe(true);
    expect(readBoard(doc)).toEqual({ ...first, cards: [...first.cards].sort((a, b) => a.room - b.room || a.row - b.row) });
    moveCluster(doc, '1:share-information', { x: 4000.4, y: -20 });
    expect(writeBoard(doc, first)).toBe(false);
    const rebuilt = { ...board(), snapshotId: 's2' };
    expect(writeBoard(doc, rebuilt)).toBe(true);
    expect(readBoard(doc)?.positions['1:share-information']).toEqual({ x: 4000, y: -20 });
    expect(readBoard(doc)?.snapshotId).toBe('s2');
    expect(readBoard(new Y.Doc())).toBeNull();
  });

  it('[BD6] a client may place only clusters of the board, with two finite numbers', () => {
    const doc = new Y.Doc();
    writeBoard(doc, board());
    expect(boardViolations(doc)).toEqual([]);
    const positions = doc.getMap<unknown>('positions');
    positions.set('nope', { x: 1, y: 2 });
    positions.set('1:doe', { x: Number.NaN, y: 2 });
    positions.set('1:share-information', { x: 1, y: 2, colour: 'red' });
    expect(boardViolations(doc).map((v) => v.key).sort()).toEqual(['BD6:unknown:nope', 'BD6:value:1:doe', 'BD6:value:1:share-information']);
    // Reading skips the broken entry instead of throwing, and keeps the cluster on the board: a
    // cluster without a usable place sits at the plane's corner rather than vanishing with its cards ([BD8]).
    const read = readBoard(doc)!;
    expect(read.clusters.some((c) => c.id === '1:doe')).toBe(true);
    expect(read.positions['1:doe']).toEqual({ x: 120, y: 60 });
  });
});
