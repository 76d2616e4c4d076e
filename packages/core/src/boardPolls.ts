import type { Board, BoardCard, BoardCluster } from './board';
import { DomainError } from './errors';
import type { PollItem } from './polls';
import { isRating } from './template';
import type { Rating } from './template';

/** What the facilitator picked on the board to poll: whole clusters and single cards, by id ([BP1]). */
export interface BoardPollSelection {
  clusters?: readonly string[];
  cards?: readonly string[];
}

const SCORE: Record<Rating, number> = { H: 3, M: 2, L: 1 };
const FROM_SCORE: Rating[] = ['L', 'L', 'M', 'H'];

/**
 * The poll items of a board ([BP1], [BP2]). Without a selection (null, or nothing picked on either
 * list) every cluster is one item, in the board's order: a suggestion three rooms raised is asked
 * about once, not three times. With one, each picked cluster is one item and each picked card is
 * one item of its own, in the order picked (clusters first); a card already inside a picked cluster
 * is not asked about twice. An id the board does not hold is refused (422 `unknown_item`).
 *
 * Keys are `b<n>` (1-based, in item order): short enough for any ballot, stable within the poll.
 */
export function boardPollItems(board: Pick<Board, 'cards' | 'clusters'>, selection: BoardPollSelection | null): PollItem[] {
  const cards = new Map(board.cards.map((c) => [c.id, c]));
  const clusters = new Map(board.clusters.map((c) => [c.id, c]));
  const pickedClusters = [...new Set(selection?.clusters ?? [])];
  const pickedCards = [...new Set(selection?.cards ?? [])];
  const groups: Array<{ cluster: string | null; members: BoardCard[] }> = [];
  if (pickedClusters.length === 0 && pickedCards.length === 0) {
    for (const c of board.clusters) groups.push({ cluster: c.id, members: membersOf(c, cards) });
  } else {
    const covered = new Set<string>();
    for (const id of pickedClusters) {
      const c = clusters.get(id);
      if (!c) throw new DomainError('unknown_item', `The board has no cluster "${id.slice(0, 80)}"; it may have been split or merged, reload the board.`);
      const members = membersOf(c, cards);
      for (const m of members) covered.add(m.id);
      groups.push({ cluster: c.id, members });
    }
    for (const id of pickedCards) {
      const card = cards.get(id);
      if (!card) throw new DomainError('unknown_item', `The board has no card "${id.slice(0, 80)}"; reload the board.`);
      if (covered.has(id)) continue;
      covered.add(id);
      groups.push({ cluster: null, members: [card] });
    }
  }
  return groups
    .filter((g) => g.members.length > 0)
    .map((g, i) => {
      const first = g.members[0] as BoardCard;
      const keys = [...new Set(g.members.flatMap((m) => Object.keys(m.ratings)))];
      const ratings: Record<string, Rating | null> = Object.fromEntries(keys.map((k) => [k, meanRating(g.members.map((m) => m.ratings[k] ?? null))]));
      const text = first.text || Object.values(first.details).find((v) => v.trim() !== '') || '';
      return {
        key: `b${i + 1}`,
        room: first.room,
        row: first.row,
        suggestion: text.trim(),
        ratings,
        impact: ratings.impact ?? null,
        effort: ratings.effort ?? null,
        cluster: g.cluster,
        cards: g.members.map((m) => m.id),
        rooms: [...new Set(g.members.map((m) => m.room))].sort((a, b) => a - b),
      };
    });
}

function membersOf(cluster: BoardCluster, cards: ReadonlyMap<string, BoardCard>): BoardCard[] {
  return cluster.cardIds.map((id) => cards.get(id)).filter((c): c is BoardCard => c !== undefined);
}

// The rooms' mean, rounded to the nearest rating as the draft plan rounds a group's: H and L give M.
function meanRating(ratings: ReadonlyArray<Rating | null>): Rating | null {
  const scores = ratings.filter((r): r is Rating => isRating(r)).map((r) => SCORE[r]);
  if (scores.length === 0) return null;
  return FROM_SCORE[Math.round(scores.reduce((s, v) => s + v, 0) / scores.length)] ?? null;
}
