import { groupPlanItems, planItems, planRoles } from './draftPlan';
import type { PlanItem } from './draftPlan';
import { suggestionTokens } from './draftPlanSimilarity';
import { boardLayout } from './boardPlacement';
import type { BoardPlane, BoardPosition } from './boardPlacement';
import type { BoardClusterChange } from './boardClusters';
import { isRating } from './template';
import type { Rating, Row, Template } from './template';

/** One row of one room's snapshot on the board, with where it came from ([BD1]). */
export interface BoardCard {
  /** The draft plan's item id (`<room>:<words>`): the same card in the plan and on the board. */
  id: string;
  room: number;
  /** The row's place in its room's snapshot rows. */
  row: number;
  /** The suggestion column's text ('' when the row has none). */
  text: string;
  /** The other text columns, by key, as the room wrote them. */
  details: Record<string, string>;
  /** The room's rating per rating column (null: left empty). */
  ratings: Record<string, Rating | null>;
}

/** Why a card joined its cluster: how alike it is to the cluster's first card, and the words they share. */
export interface BoardLink {
  card: string;
  similarity: number;
  shared: string[];
}

/** Cards that sit together as one stack ([BD2]); a card alone is a cluster of one. */
export interface BoardCluster {
  /** The id of its first card. */
  id: string;
  cardIds: string[];
  /** The lowest similarity of its links, 0–1; null for a card alone. */
  score: number | null;
  links: BoardLink[];
  /** One sentence saying why these cards were stacked; '' for a card alone. */
  reason: string;
  /** The last merge or split that made it what it is, with the person's reason ([BD8]); absent or null when untouched. */
  change?: BoardClusterChange | null;
}

/** Two rooms that rated the same cluster at opposite ends of one column ([BD4]). */
export interface BoardDisagreement {
  cluster: string;
  column: string;
  /** Rooms that rated it H, and rooms that rated it L. */
  high: number[];
  low: number[];
}

/** Everything the board document starts from, built from one snapshot. */
export interface Board {
  snapshotId: string;
  builtAt: number;
  /** The rating columns of the plane: `y` up (impact), `x` across (effort); null when the template lacks one. */
  axes: { y: string | null; x: string | null };
  cards: BoardCard[];
  clusters: BoardCluster[];
  positions: Record<string, BoardPosition>;
  plane: BoardPlane;
}

/** What a board is built from: a snapshot's rooms, the workshop's template, when and from which snapshot. */
export interface BoardInput {
  snapshotId: string;
  builtAt: number;
  template: Template;
  rooms: ReadonlyArray<{ number: number; rows: Row[] }>;
}

/**
 * The board of a snapshot ([BD1]–[BD3]): every non-empty row of every room a card, near-duplicates
 * of different rooms stacked as one cluster by the draft plan's own grouping, each cluster placed
 * on the impact/effort plane where its rooms rated it.
 */
export function buildBoard(input: BoardInput): Board {
  const roles = planRoles(input.template);
  const items = planItems(input.rooms, roles);
  const textOf = (it: PlanItem) => (roles.suggestion ? String(it.row[roles.suggestion] ?? '') : '');
  const ratingKeys = input.template.columns.filter((c) => c.kind === 'rating').map((c) => c.key);
  const textKeys = input.template.columns.filter((c) => c.kind === 'text' && c.key !== roles.suggestion).map((c) => c.key);
  const cards: BoardCard[] = items.map((it) => ({
    id: it.id,
    room: it.room,
    row: it.index,
    text: textOf(it),
    details: Object.fromEntries(textKeys.map((k) => [k, String(it.row[k] ?? '')])),
    ratings: Object.fromEntries(ratingKeys.map((k) => [k, isRating(it.row[k]) ? (it.row[k] as Rating) : null])),
  }));
  const byId = new Map(cards.map((c) => [c.id, c]));
  const clusters: BoardCluster[] = groupPlanItems(items, textOf).map((g) => {
    const first = g.items[0] as PlanItem;
    const leaderWords = new Set(suggestionTokens(textOf(first)));
    const links = g.links.map((l) => {
      const other = byId.get(l.b) as BoardCard;
      const shared = [...new Set(suggestionTokens(other.text))].filter((w) => leaderWords.has(w));
      return { card: l.b, similarity: l.similarity, shared };
    });
    return {
      id: first.id,
      cardIds: g.items.map((it) => it.id),
      score: links.length === 0 ? null : Math.min(...links.map((l) => l.similarity)),
      links,
      reason: clusterReason(textOf(first), links.map((l) => ({ ...l, text: (byId.get(l.card) as BoardCard).text }))),
    };
  });
  const axes = { y: roles.impact, x: roles.effort };
  const { positions, plane } = boardLayout(clusters, byId, axes);
  return { snapshotId: input.snapshotId, builtAt: input.builtAt, axes, cards, clusters, positions, plane };
}

function clusterReason(leader: string, links: Array<BoardLink & { text: string }>): string {
  if (links.length === 0) return '';
  const parts = links.map((l) => `“${l.text}” shares ${l.shared.join(', ')} (similarity ${l.similarity.toFixed(2)})`);
  return `Stacked with “${leader}”: ${parts.join('; ')}.`;
}

/**
 * Clusters whose rooms rated one column at both ends ([BD4]): at least one room H and another L.
 * Such a suggestion is worth polling; its placement (the mean, M) hides the disagreement.
 */
export function boardDisagreements(board: Pick<Board, 'cards' | 'clusters'>, columns: readonly string[]): BoardDisagreement[] {
  const byId = new Map(board.cards.map((c) => [c.id, c]));
  const out: BoardDisagreement[] = [];
  for (const cluster of board.clusters) {
    const members = cluster.cardIds.map((id) => byId.get(id)).filter((c): c is BoardCard => c !== undefined);
    for (const column of columns) {
      const rooms = (r: Rating) => [...new Set(members.filter((c) => c.ratings[column] === r).map((c) => c.room))].sort((a, b) => a - b);
      const high = rooms('H');
      const low = rooms('L');
      if (high.length > 0 && low.length > 0) out.push({ cluster: cluster.id, column, high, low });
    }
  }
  return out;
}
