import * as Y from 'yjs';
import type { Board, BoardCard, BoardCluster } from './board';
import { BOARD_CARD, freeSpotNear } from './boardPlacement';
import type { BoardPlane, BoardPosition } from './boardPlacement';
import { BOARD_REASON_MAX, BOARD_SPLIT_ID, deriveClusters } from './boardClusters';
import type { BoardClusterChange } from './boardClusters';

/**
 * The board document's roots: what it was built from, its cards and clusters as built, where each
 * cluster is, which cluster each card is in now (`membership`, [BD8]) and why a cluster was merged
 * or split (`changes`).
 */
export const BOARD_ROOTS = {
  meta: 'meta',
  cards: 'cards',
  clusters: 'clusters',
  positions: 'positions',
  membership: 'membership',
  changes: 'changes',
} as const;

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
    // Clusters made by splitting keep their place while any card is still in them.
    const membership = doc.getMap<unknown>(BOARD_ROOTS.membership);
    for (const key of [...membership.keys()]) if (!board.cards.some((c) => c.id === key)) membership.delete(key);
    const inUse = new Set([...membership.values()].filter((v): v is string => typeof v === 'string'));
    for (const key of [...positions.keys()]) if (!(key in board.positions) && !inUse.has(key)) positions.delete(key);
    for (const [id, p] of Object.entries(board.positions)) if (!positions.has(id)) positions.set(id, p);
    const changes = doc.getMap<unknown>(BOARD_ROOTS.changes);
    for (const key of [...changes.keys()]) if (!(key in board.positions) && !inUse.has(key)) changes.delete(key);
  }, origin);
  return true;
}

function replaceAll<T>(map: Y.Map<T>, next: Map<string, T>): void {
  for (const key of [...map.keys()]) if (!next.has(key)) map.delete(key);
  for (const [key, value] of next) map.set(key, value);
}

/** Moves a cluster ([BD6]): one map entry, so two people moving two clusters never overwrite each other. */
export function moveCluster(doc: Y.Doc, clusterId: string, to: BoardPosition, origin: unknown = null): void {
  doc.transact(() => doc.getMap<BoardPosition>(BOARD_ROOTS.positions).set(clusterId, { x: clamp(to.x), y: clamp(to.y) }), origin);
}


const clamp = (n: number) => Math.max(-BOARD_COORDINATE_MAX, Math.min(BOARD_COORDINATE_MAX, Math.round(n)));

/** Whether a reason is one a change may carry: 1–BOARD_REASON_MAX characters once trimmed. */
export function isBoardReason(reason: unknown): reason is string {
  return typeof reason === 'string' && reason.trim().length > 0 && reason.trim().length <= BOARD_REASON_MAX;
}

/**
 * Merges clusters `others` into cluster `into` ([BD8]): every card now in one of `others` joins
 * `into`, one `membership` entry per card, in one transaction; `into` carries the reason. Returns
 * false (and writes nothing) when the reason is empty or too long, `into` is not a cluster of the
 * board now, or no other cluster named is.
 */
export function mergeClusters(doc: Y.Doc, into: string, others: readonly string[], reason: string, at: number, origin: unknown = null): boolean {
  const board = readBoard(doc);
  if (!board || !isBoardReason(reason)) return false;
  const byId = new Map(board.clusters.map((c) => [c.id, c]));
  if (!byId.has(into)) return false;
  const emptied = [...new Set(others)].filter((id) => id !== into && byId.has(id));
  const moving = emptied.flatMap((id) => (byId.get(id) as BoardCluster).cardIds);
  if (moving.length === 0) return false;
  doc.transact(() => {
    const membership = doc.getMap<string>(BOARD_ROOTS.membership);
    for (const card of moving) membership.set(card, into);
    // A split merged away leaves nothing behind: the board stays as small as what is on it. (Should
    // someone split into it at the same moment, it still shows, beside its cards' first place.)
    for (const id of emptied.filter((x) => BOARD_SPLIT_ID.test(x))) {
      doc.getMap(BOARD_ROOTS.positions).delete(id);
      doc.getMap(BOARD_ROOTS.changes).delete(id);
    }
    doc.getMap<BoardClusterChange>(BOARD_ROOTS.changes).set(into, { kind: 'merge', reason: reason.trim(), at });
  }, origin);
  return true;
}

/**
 * Splits `cardIds` off cluster `from` into a new cluster `newId` (a BOARD_SPLIT_ID, made by the
 * caller) placed at the nearest free spot beside it, with the reason ([BD8]). At least one card must stay behind. Returns
 * false (and writes nothing) when that does not hold, a card is not in `from` now, or the id or
 * reason is not one a change may carry.
 */
export function splitCluster(doc: Y.Doc, from: string, cardIds: readonly string[], newId: string, reason: string, at: number, origin: unknown = null): boolean {
  const board = readBoard(doc);
  if (!board || !isBoardReason(reason) || !BOARD_SPLIT_ID.test(newId)) return false;
  const cluster = board.clusters.find((c) => c.id === from);
  const picked = [...new Set(cardIds)];
  if (!cluster || picked.length === 0 || picked.length >= cluster.cardIds.length || !picked.every((c) => cluster.cardIds.includes(c))) return false;
  if (board.clusters.some((c) => c.id === newId)) return false;
  const at0 = board.positions[from] ?? { x: 0, y: 0 };
  doc.transact(() => {
    const membership = doc.getMap<string>(BOARD_ROOTS.membership);
    for (const card of picked) membership.set(card, newId);
    doc.getMap<BoardClusterChange>(BOARD_ROOTS.changes).set(newId, { kind: 'split', reason: reason.trim(), at, from });
    const spot = freeSpotNear(board.clusters.map((c) => board.positions[c.id]).filter((p): p is BoardPosition => p !== undefined), at0);
    doc.getMap<BoardPosition>(BOARD_ROOTS.positions).set(newId, { x: clamp(spot.x), y: clamp(spot.y) });
  }, origin);
  return true;
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
  const built: BoardCluster[] = [];
  doc.getMap<unknown>(BOARD_ROOTS.clusters).forEach((v) => {
    if (!isObject(v) || typeof v.id !== 'string' || !Array.isArray(v.cardIds)) return;
    const c = v as unknown as BoardCluster;
    built.push({ ...c, cardIds: c.cardIds.filter((id) => known.has(id)) });
  });
  const membership = new Map<string, string>();
  doc.getMap<unknown>(BOARD_ROOTS.membership).forEach((v, k) => {
    if (typeof v === 'string' && known.has(k)) membership.set(k, v);
  });
  const changes = new Map<string, BoardClusterChange>();
  doc.getMap<unknown>(BOARD_ROOTS.changes).forEach((v, k) => {
    if (isChange(v)) changes.set(k, { kind: v.kind, reason: v.reason, at: v.at, ...(typeof v.from === 'string' ? { from: v.from } : {}) });
  });
  const builtOf = new Map<string, string>();
  for (const c of built) for (const id of c.cardIds) if (!builtOf.has(id)) builtOf.set(id, c.id);
  const clusters = deriveClusters(cards, built, membership, changes);
  // A cluster is never left off for want of a place (a split's place may arrive after its cards):
  // it sits beside the cluster its first card was built in.
  for (const c of clusters) {
    if (c.id in positions) continue;
    const home = positions[builtOf.get(c.cardIds[0] ?? '') ?? ''] ?? { x: 0, y: 0 };
    positions[c.id] = { x: home.x + BOARD_CARD.width / 2, y: home.y + BOARD_CARD.height / 2 };
  }
  const order = new Map(cards.map((c, i) => [c.id, i]));
  // By each cluster's first card: a split's id is not a card's, so its own id says nothing of where it is.
  clusters.sort((a, b) => (order.get(a.cardIds[0] ?? '') ?? 0) - (order.get(b.cardIds[0] ?? '') ?? 0));
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
 * What clients may write ([BD6], [BD8]): `positions` (one `{x, y}` entry per cluster, finite numbers
 * within ±BOARD_COORDINATE_MAX), `membership` (per card of the board, the id of a built cluster or
 * of a split, BOARD_SPLIT_ID) and `changes` (per such cluster, exactly `{kind, reason, at}`, plus
 * `from` for a split; a reason of 1–BOARD_REASON_MAX characters). A cluster id is one the board was
 * built with or a split id; there are at most four times as many split ids as cards, plus 200. Never
 * throws, and lists at most 20 breaks.
 */
export function boardViolations(doc: Y.Doc): BoardViolation[] {
  const out: BoardViolation[] = [];
  const touched = [BOARD_ROOTS.positions, BOARD_ROOTS.membership, BOARD_ROOTS.changes].some((r) => doc.share.has(r));
  if (!touched) return out;
  let positions: Y.Map<unknown>;
  let clusters: Y.Map<unknown>;
  let cards: Y.Map<unknown>;
  let membership: Y.Map<unknown>;
  let changes: Y.Map<unknown>;
  try {
    positions = doc.getMap<unknown>(BOARD_ROOTS.positions);
    clusters = doc.getMap<unknown>(BOARD_ROOTS.clusters);
    cards = doc.getMap<unknown>(BOARD_ROOTS.cards);
    membership = doc.getMap<unknown>(BOARD_ROOTS.membership);
    changes = doc.getMap<unknown>(BOARD_ROOTS.changes);
  } catch {
    return [{ rule: 'BD6', message: 'the board cannot be read', key: 'BD6:unreadable' }];
  }
  const isCluster = (key: string) => clusters.has(key) || BOARD_SPLIT_ID.test(key);
  for (const [key, value] of positions.entries()) {
    if (out.length >= 20) return out;
    if (!isCluster(key)) out.push({ rule: 'BD6', message: `there is no cluster "${key.slice(0, 80)}" on the board to place`, key: `BD6:unknown:${key}` });
    else if (!isPosition(value) || Object.keys(value as object).length !== 2) {
      out.push({ rule: 'BD6', message: `a cluster's place is two numbers x and y within ±${BOARD_COORDINATE_MAX}`, key: `BD6:value:${key}` });
    }
  }
  for (const [key, value] of membership.entries()) {
    if (out.length >= 20) return out;
    if (!cards.has(key)) out.push({ rule: 'BD8', message: `there is no card "${key.slice(0, 80)}" on the board to move into a cluster`, key: `BD8:card:${key}` });
    else if (typeof value !== 'string' || !isCluster(value)) {
      out.push({ rule: 'BD8', message: 'a card joins a cluster of the board or a split, named by its id', key: `BD8:cluster:${key}` });
    }
  }
  for (const [key, value] of changes.entries()) {
    if (out.length >= 20) return out;
    const v = value as Record<string, unknown>;
    const fields = isObject(value) ? Object.keys(v).sort().join(',') : '';
    if (!isCluster(key)) out.push({ rule: 'BD8', message: `there is no cluster "${key.slice(0, 80)}" to give a reason for`, key: `BD8:reason-of:${key}` });
    else if (!isChange(value) || !(fields === 'at,kind,reason' || (v.kind === 'split' && fields === 'at,from,kind,reason'))) {
      out.push({ rule: 'BD8', message: `a merge or split carries exactly its kind, a reason of 1–${BOARD_REASON_MAX} characters, when, and (a split) where from`, key: `BD8:reason:${key}` });
    }
  }
  const splits = new Set([...positions.keys(), ...changes.keys()].filter((k) => BOARD_SPLIT_ID.test(k)));
  const maxSplits = cards.size * 4 + 200;
  if (splits.size > maxSplits) out.push({ rule: 'BD8', message: `at most ${maxSplits} clusters made by splitting`, key: 'BD8:too-many-splits' });
  return out;
}

function isChange(v: unknown): v is BoardClusterChange {
  if (!isObject(v)) return false;
  return (
    (v.kind === 'merge' || v.kind === 'split') &&
    isBoardReason(v.reason) &&
    typeof v.at === 'number' &&
    Number.isFinite(v.at) &&
    (v.from === undefined || (typeof v.from === 'string' && v.from.length <= 200))
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function isPosition(v: unknown): v is BoardPosition {
  if (!isObject(v)) return false;
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= BOARD_COORDINATE_MAX;
  return ok(v.x) && ok(v.y);
}
