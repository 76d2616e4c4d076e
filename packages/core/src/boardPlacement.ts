import { bandOf } from './matrix';
import type { MatrixBand } from './matrix';
import type { Rating } from './template';

/** A cluster's top-left corner on the plane, in board units. */
export interface BoardPosition {
  x: number;
  y: number;
}

/** A band of one axis on the plane: H/M/L, or `none` for clusters nobody rated on that axis. */
export type BoardBand = MatrixBand | 'none';

/** The plane's bands as built ([BD3]): where each band starts and ends, in board units. */
export interface BoardPlane {
  width: number;
  height: number;
  /** Across, left to right: L, M, H (low effort left), then `none` when some cluster is unrated. */
  x: Array<{ band: BoardBand; from: number; to: number }>;
  /** Down, top to bottom: H, M, L (high impact on top), then `none` when some cluster is unrated. */
  y: Array<{ band: BoardBand; from: number; to: number }>;
}

/** A card's (and a cluster stack's) size and the gap kept around it, in board units. */
export const BOARD_CARD = { width: 240, height: 120, gap: 24 } as const;

/** At most this many clusters side by side in one cell: cells grow downwards, so columns stay aligned. */
export const BOARD_CELL_COLUMNS = 3;

const SCORE: Record<Rating, number> = { H: 3, M: 2, L: 1 };

/** The band a group of ratings sits in: its mean's nearest rating ([MX1]); `none` when nobody rated. */
export function ratingsBand(ratings: ReadonlyArray<Rating | null>): BoardBand {
  const scores = ratings.filter((r): r is Rating => r !== null).map((r) => SCORE[r]);
  if (scores.length === 0) return 'none';
  return bandOf(scores.reduce((s, v) => s + v, 0) / scores.length);
}

/**
 * The initial placement ([BD3]): each cluster in the cell of its impact band (row) and effort band
 * (column), Medium in the middle; inside a cell clusters sit on a grid of up to `BOARD_CELL_COLUMNS`
 * columns (the square root of the fullest cell, rounded up) in board order, a card and a gap apart, and a row band is as tall as its fullest cell, so
 * no two clusters overlap however many land in one cell.
 */
export function boardLayout(
  clusters: ReadonlyArray<{ id: string; cardIds: string[] }>,
  cards: ReadonlyMap<string, { ratings: Record<string, Rating | null> }>,
  axes: { y: string | null; x: string | null },
): { positions: Record<string, BoardPosition>; plane: BoardPlane } {
  const band = (ids: string[], key: string | null): BoardBand =>
    key === null ? 'none' : ratingsBand(ids.map((id) => cards.get(id)?.ratings[key] ?? null));
  const placed = clusters.map((c) => ({ id: c.id, y: band(c.cardIds, axes.y), x: band(c.cardIds, axes.x) }));
  const xBands: BoardBand[] = ['L', 'M', 'H'];
  const yBands: BoardBand[] = ['H', 'M', 'L'];
  if (placed.some((p) => p.x === 'none')) xBands.push('none');
  if (placed.some((p) => p.y === 'none')) yBands.push('none');
  const cells = new Map<string, string[]>();
  for (const p of placed) {
    const key = `${p.y}|${p.x}`;
    cells.set(key, [...(cells.get(key) ?? []), p.id]);
  }
  const stepX = BOARD_CARD.width + BOARD_CARD.gap;
  const stepY = BOARD_CARD.height + BOARD_CARD.gap;
  // As many columns as the fullest cell needs to be roughly square, at most BOARD_CELL_COLUMNS: a
  // board of a few clusters stays compact, so its cards are large when the plane is fitted to a screen.
  const fullest = Math.max(1, ...[...cells.values()].map((ids) => ids.length));
  const columns = Math.min(BOARD_CELL_COLUMNS, Math.ceil(Math.sqrt(fullest)));
  const cellWidth = columns * stepX + BOARD_CARD.gap;
  const x = xBands.map((b, i) => ({ band: b, from: i * cellWidth, to: (i + 1) * cellWidth }));
  const y: BoardPlane['y'] = [];
  let top = 0;
  for (const yb of yBands) {
    const rows = Math.max(1, ...xBands.map((xb) => Math.ceil((cells.get(`${yb}|${xb}`)?.length ?? 0) / columns)));
    const height = rows * stepY + BOARD_CARD.gap;
    y.push({ band: yb, from: top, to: top + height });
    top += height;
  }
  const positions: Record<string, BoardPosition> = {};
  y.forEach((yb) => {
    x.forEach((xb) => {
      (cells.get(`${yb.band}|${xb.band}`) ?? []).forEach((id, k) => {
        positions[id] = {
          x: xb.from + BOARD_CARD.gap + (k % columns) * stepX,
          y: yb.from + BOARD_CARD.gap + Math.floor(k / columns) * stepY,
        };
      });
    });
  });
  return { positions, plane: { width: x.length * cellWidth, height: top, x, y } };
}

/**
 * The board's reading order ([BD5]): top to bottom by rows a card high, then left to right; the list
 * view and the keyboard follow it, so a screen reader meets the clusters as the plane shows them.
 */
export function boardReadingOrder(positions: Readonly<Record<string, BoardPosition>>): string[] {
  const stepY = BOARD_CARD.height + BOARD_CARD.gap;
  const rowOf = (p: BoardPosition) => Math.floor((p.y + BOARD_CARD.height / 2) / stepY);
  return Object.keys(positions).sort((a, b) => {
    const pa = positions[a] as BoardPosition;
    const pb = positions[b] as BoardPosition;
    return rowOf(pa) - rowOf(pb) || pa.x - pb.x || pa.y - pb.y || (a < b ? -1 : a > b ? 1 : 0);
  });
}

/**
 * The nearest place to `near` where a cluster overlaps none of `taken` ([BD8]): tried a card and a
 * gap apart on rings around it (right, then below, left, above, then the diagonals), up to six rings
 * out; beyond that, half a card down and right of it.
 */
export function freeSpotNear(taken: readonly BoardPosition[], near: BoardPosition): BoardPosition {
  const stepX = BOARD_CARD.width + BOARD_CARD.gap;
  const stepY = BOARD_CARD.height + BOARD_CARD.gap;
  const free = (p: BoardPosition) => taken.every((t) => Math.abs(t.x - p.x) >= BOARD_CARD.width || Math.abs(t.y - p.y) >= BOARD_CARD.height);
  for (let ring = 1; ring <= 6; ring++) {
    const offsets: Array<[number, number]> = [];
    for (let j = -ring; j <= ring; j++) for (let i = -ring; i <= ring; i++) if (Math.max(Math.abs(i), Math.abs(j)) === ring) offsets.push([i, j]);
    // Straight neighbours before diagonal ones, right and below first: where a reader looks next.
    offsets.sort((a, b) => Math.abs(a[0]) + Math.abs(a[1]) - (Math.abs(b[0]) + Math.abs(b[1])) || b[0] - a[0] || b[1] - a[1]);
    for (const [i, j] of offsets) {
      const p = { x: near.x + i * stepX, y: near.y + j * stepY };
      if (p.x >= 0 && p.y >= 0 && free(p)) return p;
    }
  }
  return { x: near.x + BOARD_CARD.width / 2, y: near.y + BOARD_CARD.height / 2 };
}
