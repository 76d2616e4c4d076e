import type { Board } from './board';
import { BOARD_NOTE_SIZE, type BoardAnnotations, type BoardFrame, type BoardNote } from './boardNotes';
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

/** A sticky note as the exports show it ([BO7]): its text and its rectangle on the plane now. */
export type BoardExportNote = BoardNote & { width: number; height: number };

/** A frame as the exports show it ([BO7]): its name and its rectangle on the plane now. */
export type BoardExportFrame = BoardFrame;

/** The board in the exports ([BO3]): what it was built from, the plane, its clusters and cards, its notes and frames ([BO7]). */
export interface BoardExport {
  snapshotId: string;
  builtAt: number;
  axes: Board['axes'];
  plane: BoardPlane;
  clusters: BoardExportCluster[];
  cards: BoardExportCard[];
  notes: BoardExportNote[];
  frames: BoardExportFrame[];
}

/**
 * The board as the exports show it ([BO3]): clusters in reading order, numbered from 1, each at the
 * place it holds now; cards in board order (room, row), each naming its cluster's number; the notes
 * and frames people added, in the plane's reading order too ([BO7]).
 */
export function boardExportOf(board: Board, annotations: BoardAnnotations = { notes: [], frames: [] }): BoardExport {
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
  const notes = readingOrder(annotations.notes).map((n) => ({ id: n.id, x: n.x, y: n.y, width: BOARD_NOTE_SIZE.width, height: BOARD_NOTE_SIZE.height, text: n.text }));
  const frames = readingOrder(annotations.frames).map((f) => ({ id: f.id, x: f.x, y: f.y, width: f.width, height: f.height, name: f.name }));
  return { snapshotId: board.snapshotId, builtAt: board.builtAt, axes: board.axes, plane: board.plane, clusters, cards, notes, frames };
}

/** Items in the board's reading order ([BD5]) by their top-left corners. */
function readingOrder<T extends { id: string; x: number; y: number }>(items: readonly T[]): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  return boardReadingOrder(Object.fromEntries(items.map((i) => [i.id, { x: i.x, y: i.y }]))).map((id) => byId.get(id)!);
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
