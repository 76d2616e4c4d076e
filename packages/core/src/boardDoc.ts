import * as Y from 'yjs';
import type { Board, BoardCard, BoardCluster } from './board';
import type { BoardPlane, BoardPosition } from './boardPlacement';

/** The board document's roots: what it was built from, its cards and clusters, and where each cluster is. */
export const BOARD_ROOTS = { meta: 'meta', cards: 'cards', clusters: 'clusters', positions: 'positions' } as const;

/** Positions stay within this many board units of the origin ([BD6]): far beyond any plane, never Infinity. */
export const BOARD_COORDINATE_MAX = 1_000_000;

/**
 * Writes `board` into the board document in one transaction ([BD7]): meta, cards and clusters are
 * replaced; a cluster that was on the board before keeps the position people moved it to, a new one
 * starts where the placement put it. A board already built from the same snapshot is left as it is
 * (another process, a retry), so building twice never undoes anybody's moves. Returns whether it wrote.
 */
export function writeBoard(doc: Y.Doc, board: Board, origin: unknown = null): boolean {
  const meta = doc.getMap<unknown>(BOARD_ROOTS.meta);
  if (meta.get('snapshotId') === board.snapshotId) return false;
  doc.transact(() => {
    meta.set('snapshotId', board.snapshotId);
    meta.set('builtAt', board.builtAt);
    meta.set('axes', board.axes);
    meta.set('plane', board.plane);
    replaceAll(doc.getMap<BoardCard>(BOARD_ROOTS.cards), new Map(board.cards.map((c) => [c.id, c])));
    replaceAll(doc.getMap<BoardCluster>(BOARD_ROOTS.clusters), new Map(board.clusters.map((c) => [c.id, c])));
    const positions = doc.getMap<BoardPosition>(BOARD_ROOTS.positions);
    for (const key of [...positions.keys()]) if (!(key in board.positions)) positions.delete(key);
    for (const [id, p] of Object.entries(board.positions)) if (!positions.has(id)) positions.set(id, p);
  }, origin);
  return true;
}

function replaceAll<T>(map: Y.Map<T>, next: Map<string, T>): void {
  for (const key of [...map.keys()]) if (!next.has(key)) map.delete(key);
  for (const [key, value] of next) map.set(key, value);
}

/** Moves a cluster ([BD6]): one map entry, so two people moving two clusters never overwrite each other. */
export function moveCluster(doc: Y.Doc, clusterId: string, to: BoardPosition, origin: unknown = null): void {
  const clamp = (n: number) => Math.max(-BOARD_COORDINATE_MAX, Math.min(BOARD_COORDINATE_MAX, Math.round(n)));
  doc.transact(() => doc.getMap<BoardPosition>(BOARD_ROOTS.positions).set(clusterId, { x: clamp(to.x), y: clamp(to.y) }), origin);
}

/**
 * Reads the board document; null before it was built. Never throws on what is stored: entries that
 * are not what the server writes are skipped, a cluster without a valid position is left out.
 */
export function readBoard(doc: Y.Doc): Board | null {
  const meta = doc.getMap<unknown>(BOARD_ROOTS.meta);
  const snapshotId = meta.get('snapshotId');
  if (typeof snapshotId !== 'string') return null;
  const cards: BoardCard[] = [];
  doc.getMap<unknown>(BOARD_ROOTS.cards).forEach((v) => {
    if (isObject(v) && typeof v.id === 'string' && typeof v.room === 'number') cards.push(v as unknown as BoardCard);
  });
  cards.sort((a, b) => a.room - b.room || a.row - b.row);
  const known = new Set(cards.map((c) => c.id));
  const positions: Record<string, BoardPosition> = {};
  doc.getMap<unknown>(BOARD_ROOTS.positions).forEach((v, k) => {
    if (isPosition(v)) positions[k] = { x: v.x, y: v.y };
  });
  const clusters: BoardCluster[] = [];
  doc.getMap<unknown>(BOARD_ROOTS.clusters).forEach((v) => {
    if (!isObject(v) || typeof v.id !== 'string' || !Array.isArray(v.cardIds) || !(v.id in positions)) return;
    const c = v as unknown as BoardCluster;
    clusters.push({ ...c, cardIds: c.cardIds.filter((id) => known.has(id)) });
  });
  const order = new Map(cards.map((c, i) => [c.id, i]));
  clusters.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const axes = isObject(meta.get('axes')) ? (meta.get('axes') as Board['axes']) : { y: null, x: null };
  const plane = isObject(meta.get('plane')) ? (meta.get('plane') as BoardPlane) : { width: 0, height: 0, x: [], y: [] };
  const builtAt = typeof meta.get('builtAt') === 'number' ? (meta.get('builtAt') as number) : 0;
  return { snapshotId, builtAt, axes, cards, clusters, positions, plane };
}

/** One way a board document breaks its rules, shaped as core's other schema violations. */
export interface BoardViolation {
  rule: string;
  message: string;
  key: string;
}

/**
 * What clients may write is the `positions` map only (the server's policy admits no other root);
 * each entry names a cluster of the board and holds exactly `{x, y}`, finite numbers within
 * ±BOARD_COORDINATE_MAX ([BD6]). Never throws, and lists at most 20 breaks.
 */
export function boardViolations(doc: Y.Doc): BoardViolation[] {
  const out: BoardViolation[] = [];
  if (!doc.share.has(BOARD_ROOTS.positions)) return out;
  let positions: Y.Map<unknown>;
  let clusters: Y.Map<unknown>;
  try {
    positions = doc.getMap<unknown>(BOARD_ROOTS.positions);
    clusters = doc.getMap<unknown>(BOARD_ROOTS.clusters);
  } catch {
    return [{ rule: 'BD6', message: 'the board cannot be read', key: 'BD6:unreadable' }];
  }
  for (const [key, value] of positions.entries()) {
    if (out.length >= 20) break;
    if (!clusters.has(key)) out.push({ rule: 'BD6', message: `there is no cluster "${key.slice(0, 80)}" on the board to place`, key: `BD6:unknown:${key}` });
    else if (!isPosition(value) || Object.keys(value as object).length !== 2) {
      out.push({ rule: 'BD6', message: `a cluster's place is two numbers x and y within ±${BOARD_COORDINATE_MAX}`, key: `BD6:value:${key}` });
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function isPosition(v: unknown): v is BoardPosition {
  if (!isObject(v)) return false;
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= BOARD_COORDINATE_MAX;
  return ok(v.x) && ok(v.y);
}
