import type { BoardCard, BoardCluster } from './board';

/** Why a cluster is not what the similarity grouping made: merged by hand, or split off from another ([BD8]). */
export interface BoardClusterChange {
  kind: 'merge' | 'split';
  /** The reason the person gave, shown with the cluster (1–BOARD_REASON_MAX characters). */
  reason: string;
  at: number;
  /** For a split: the cluster its cards came from. */
  from?: string;
}

/** A change's reason is at most this long: a sentence on a card, not a document. */
export const BOARD_REASON_MAX = 280;

/** Ids of clusters made by splitting: `split:` and 6–40 letters, digits, `_` or `-` (random, so two splits never collide). */
export const BOARD_SPLIT_ID = /^split:[A-Za-z0-9_-]{6,40}$/;

/**
 * The clusters as they are now ([BD8]): each card belongs to exactly one cluster, the one its
 * `membership` entry names, else the cluster the board was built with. One entry per card is what
 * makes concurrent merges and splits safe: whatever two people do at once, Yjs keeps one value
 * per card, so a card is never in two clusters and never in none.
 *
 * A cluster whose cards are exactly those it was built with keeps its score, links and reason; one
 * changed by hand keeps the links still inside it, has no score (no similarity made it), and says
 * its change. Cards keep the built cluster's order, then board order; clusters with no card are gone.
 */
export function deriveClusters(
  cards: readonly BoardCard[],
  built: readonly BoardCluster[],
  membership: ReadonlyMap<string, string>,
  changes: ReadonlyMap<string, BoardClusterChange>,
): BoardCluster[] {
  const builtOf = new Map<string, string>();
  for (const c of built) for (const id of c.cardIds) if (!builtOf.has(id)) builtOf.set(id, c.id);
  const builtById = new Map(built.map((c) => [c.id, c]));
  const groups = new Map<string, string[]>();
  for (const card of cards) {
    const cluster = membership.get(card.id) ?? builtOf.get(card.id) ?? card.id;
    const list = groups.get(cluster);
    if (list) list.push(card.id);
    else groups.set(cluster, [card.id]);
  }
  const out: BoardCluster[] = [];
  for (const [id, members] of groups) {
    const b = builtById.get(id);
    const change = changes.get(id);
    const said = change ? { change } : {};
    const inside = new Set(members);
    if (b && b.cardIds.length === members.length && b.cardIds.every((c) => inside.has(c))) {
      out.push({ ...b, cardIds: [...b.cardIds], ...said });
      continue;
    }
    const first = b ? b.cardIds.filter((c) => inside.has(c)) : [];
    const firstSet = new Set(first);
    const cardIds = [...first, ...members.filter((c) => !firstSet.has(c))];
    const links = b && inside.has(b.id) ? b.links.filter((l) => inside.has(l.card)) : [];
    out.push({ id, cardIds, score: null, links, reason: '', ...said });
  }
  return out;
}
