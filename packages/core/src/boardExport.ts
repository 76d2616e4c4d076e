import type { Board } from './board';
import type { BoardClusterChange } from './boardClusters';
import { BOARD_CARD, boardReadingOrder } from './boardPlacement';
import type { BoardBand, BoardPlane } from './boardPlacement';
import type { Rating } from './template';

/** One cluster as the exports show it ([BO3]): numbered in the board's reading order, where it is now. */
export interface BoardExportCluster {
  /** 1, 2, … in the board's reading order ([BD5]): the number on the SVG, in the lists and in the CSV. */
  number: number;
  id: string;
  cardIds: string[];
  /** Its top-left corner on the plane now, in board units: where people moved it, not where it started. */
  x: number;
  y: number;
  /** The plane's bands its centre sits in now (null: off the plane on that axis). */
  cell: { y: BoardBand | null; x: BoardBand | null };
  score: number | null;
  reason: string;
  change: BoardClusterChange | null;
}

/** A card as the exports show it, with the number of the cluster it is in now. */
export interface BoardExportCard {
  id: string;
  room: number;
  row: number;
  text: string;
  ratings: Record<string, Rating | null>;
  cluster: number;
}

/** The board in the exports ([BO3]): what it was built from, the plane, its clusters and cards. */
export interface BoardExport {
  snapshotId: string;
  builtAt: number;
  axes: Board['axes'];
  plane: BoardPlane;
  clusters: BoardExportCluster[];
  cards: BoardExportCard[];
}

/**
 * The board as the exports show it ([BO3]): clusters in reading order, numbered from 1, each at the
 * place it holds now; cards in board order (room, row), each naming its cluster's number.
 */
export function boardExportOf(board: Board): BoardExport {
  const byId = new Map(board.clusters.map((c) => [c.id, c]));
  // readBoard gives every cluster a place; one without (a hand-built board) goes to the origin.
  const at = (id: string) => board.positions[id] ?? { x: 0, y: 0 };
  const placed = Object.fromEntries(board.clusters.map((c) => [c.id, at(c.id)]));
  const order = boardReadingOrder(placed).filter((id) => byId.has(id));
  const clusters: BoardExportCluster[] = order.map((id, i) => {
    const c = byId.get(id)!;
    const p = at(id);
    return {
      number: i + 1,
      id,
      cardIds: [...c.cardIds],
      x: p.x,
      y: p.y,
      cell: cellOf(board.plane, p),
      score: c.score,
      reason: c.reason,
      change: c.change ?? null,
    };
  });
  const numberOf = new Map<string, number>();
  for (const c of clusters) for (const card of c.cardIds) numberOf.set(card, c.number);
  const cards = board.cards
    .filter((c) => numberOf.has(c.id))
    .map((c) => ({ id: c.id, room: c.room, row: c.row, text: c.text, ratings: { ...c.ratings }, cluster: numberOf.get(c.id)! }));
  return { snapshotId: board.snapshotId, builtAt: board.builtAt, axes: board.axes, plane: board.plane, clusters, cards };
}

function cellOf(plane: BoardPlane, p: { x: number; y: number }): BoardExportCluster['cell'] {
  const cx = p.x + BOARD_CARD.width / 2;
  const cy = p.y + BOARD_CARD.height / 2;
  const inBand = (bands: BoardPlane['x'], v: number) => bands.find((b) => v >= b.from && v < b.to)?.band ?? null;
  return { y: inBand(plane.y, cy), x: inBand(plane.x, cx) };
}

/** The cluster each card is in, for the CSV's columns ([BO5]). */
export function boardClusterOfCard(board: BoardExport): Map<string, BoardExportCluster> {
  const byNumber = new Map(board.clusters.map((c) => [c.number, c]));
  return new Map(board.cards.map((c) => [c.id, byNumber.get(c.cluster)!]));
}
