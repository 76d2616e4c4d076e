import { isEmptyRow } from './roomTable';
import { suggestionSimilarity, suggestionTokens } from './draftPlanSimilarity';
import { isRating } from './template';
import { compareRanking, rankingFigures } from './draftPlanRanking';
import { planGroupsFromClusters } from './boardPlanGroups';
import type { PlanRanking } from './draftPlanRanking';
import type { Column, Rating, Row, Template } from './template';

/**
 * Two suggestions from different rooms whose token Jaccard similarity reaches this are grouped as
 * near-duplicates: at least half of their distinct significant words are shared.
 */
export const GROUP_SIMILARITY = 0.5;

/** A poll's result as the plan shows it; optional input, matched to a suggestion by its text. */
export interface PlanPollResult {
  question: string;
  /** The suggestion the poll was about, when it was built from a row. */
  suggestion?: string | null;
  room?: number | null;
  /** The plan item ids (board card ids) the poll item stood for ([BP3]); when given, they decide the match, not the text. */
  items?: readonly string[] | null;
  /** Votes per option, e.g. `{ H: 5, M: 2, L: 0 }`. */
  tally: Record<string, number>;
}

/** A question from the plenary Q&A, with its upvotes. */
export interface PlanQuestion {
  text: string;
  votes: number;
  room?: number | null;
}

/** Where the rows of a plan were read from. */
export type PlanSource = { kind: 'live' } | { kind: 'snapshot'; id: string; takenAt: number };

/** Everything a draft plan is made from; `generatedAt` is passed in so rendering stays pure. */
export interface DraftPlanInput {
  title: string;
  purpose: string;
  template: Template;
  rooms: ReadonlyArray<{ number: number; rows: Row[] }>;
  source: PlanSource;
  generatedAt: number;
  /** Item ids the facilitator took out of their group ("undo grouping"). */
  ungrouped?: readonly string[];
  /** The board's clusters, as item (card) ids: when given, they are the groups ([VP3]). */
  clusters?: ReadonlyArray<readonly string[]>;
  polls?: readonly PlanPollResult[];
  questions?: readonly PlanQuestion[];
  notes?: string;
}

/** One suggestion row of one room. `id` is stable while the room and the suggestion's words stay the same. */
export interface PlanItem {
  id: string;
  room: number;
  /** The row's place in its room's rows (empty rows counted), as a snapshot holds them. */
  index: number;
  row: Row;
}

/** Why two items were grouped: their similarity, shown to the facilitator. */
export interface PlanLink {
  a: string;
  b: string;
  similarity: number;
}

/** A consolidated suggestion: one item, or near-duplicates from several rooms. */
export interface PlanGroup {
  /** The id of its first item. */
  id: string;
  rank: number;
  suggestion: string;
  impact: Rating | null;
  effort: Rating | null;
  rooms: number[];
  items: PlanItem[];
  links: PlanLink[];
  polls: PlanPollResult[];
  /** The figures its rank was decided on, and which one decided ([VP1], [VP2]). */
  ranking: PlanRanking;
}

/** The consolidated, ranked draft plan of a workshop. */
export interface DraftPlan {
  title: string;
  purpose: string;
  generatedAt: number;
  source: PlanSource;
  columns: Column[];
  /** Which template columns hold the suggestion, impact and effort. */
  roles: PlanRoles;
  groups: PlanGroup[];
  ungrouped: string[];
  /** Polls that match no suggestion, shown on their own. */
  polls: PlanPollResult[];
  questions: PlanQuestion[];
  notes: string;
}

/** Template column keys the plan relies on, found by key first and position second. */
export interface PlanRoles {
  suggestion: string | null;
  impact: string | null;
  effort: string | null;
}

const SCORE: Record<Rating, number> = { H: 3, M: 2, L: 1 };
const FROM_SCORE: Rating[] = ['L', 'L', 'M', 'H'];

/** The columns playing suggestion, impact and effort in `template` (default template: by key). */
export function planRoles(template: Template): PlanRoles {
  const text = template.columns.filter((c) => c.kind === 'text');
  const ratings = template.columns.filter((c) => c.kind === 'rating');
  const byKey = (key: string, list: Column[]) => list.find((c) => c.key === key)?.key;
  return {
    suggestion: byKey('suggestion', text) ?? text[0]?.key ?? null,
    impact: byKey('impact', ratings) ?? ratings[0]?.key ?? null,
    effort: byKey('effort', ratings) ?? ratings[1]?.key ?? null,
  };
}

/**
 * Consolidates every room's rows into ranked groups: near-duplicates across rooms grouped (unless
 * the facilitator ungrouped them), poll results attached to the suggestion they were about, ranked
 * by [VP1]: the plenary's dots first, then impact and effort (the plenary's poll when it rated
 * them, else the rooms'), then how many rooms raised it.
 */
export function buildDraftPlan(input: DraftPlanInput): DraftPlan {
  const roles = planRoles(input.template);
  const items = planItems(input.rooms, roles);
  const ungrouped = new Set(input.ungrouped ?? []);
  const textOf = (item: PlanItem) => String(roles.suggestion ? (item.row[roles.suggestion] ?? '') : '');
  const fromBoard = input.clusters ? planGroupsFromClusters(items, input.clusters, textOf, ungrouped) : null;
  const grouped = fromBoard ? [...fromBoard.groups, ...groupPlanItems(fromBoard.rest, textOf, ungrouped)] : groupPlanItems(items, textOf, ungrouped);
  const unmatchedPolls = new Set(input.polls ?? []);
  const groups: PlanGroup[] = grouped.map(({ items: groupItems, links }) => {
    const first = groupItems[0] as PlanItem;
    const polls = (input.polls ?? []).filter((p) => groupItems.some((it) => pollMatches(p, it, textOf(it))));
    for (const p of polls) unmatchedPolls.delete(p);
    const rooms = [...new Set(groupItems.map((it) => it.room))].sort((x, y) => x - y);
    return {
      id: first.id,
      rank: 0,
      suggestion: textOf(first),
      impact: meanRating(groupItems, roles.impact),
      effort: meanRating(groupItems, roles.effort),
      rooms,
      items: groupItems,
      links,
      polls,
      ranking: { ...rankingFigures(groupItems.map((it) => it.row), polls, roles, rooms.length), aheadBy: null, behindBy: null },
    };
  });
  const order = new Map(items.map((it, i) => [it.id, i]));
  // Before [VP1] the order ignored the plenary's votes, so the dot vote's winner could rank 6th of 7.
  const keyed = (g: PlanGroup) => ({ ...g.ranking, order: order.get(g.id) ?? 0 });
  groups.sort((x, y) => compareRanking(keyed(x), keyed(y)).diff);
  groups.forEach((g, i) => {
    g.rank = i + 1;
    const next = groups[i + 1];
    if (next) {
      const by = compareRanking(keyed(g), keyed(next)).by;
      g.ranking.aheadBy = by;
      next.ranking.behindBy = by;
    }
  });
  return {
    title: input.title,
    purpose: input.purpose,
    generatedAt: input.generatedAt,
    source: input.source,
    columns: input.template.columns.map((c) => ({ ...c })),
    roles,
    groups,
    ungrouped: [...ungrouped].filter((id) => order.has(id)).sort(),
    polls: [...unmatchedPolls],
    questions: [...(input.questions ?? [])].sort((a, b) => b.votes - a.votes),
    notes: input.notes ?? '',
  };
}

/**
 * Groups near-duplicate items of different rooms (token Jaccard ≥ GROUP_SIMILARITY to the group's
 * first item); items in `ungrouped` stand alone. The board's first clusters are these groups.
 */
export function groupPlanItems(
  items: readonly PlanItem[],
  textOf: (item: PlanItem) => string,
  ungrouped: ReadonlySet<string> = new Set(),
): Array<{ items: PlanItem[]; links: PlanLink[] }> {
  // Token sets once per item, and an index from token to items: only items sharing a word can be
  // similar, so thousands of rows do not cost a comparison of every pair of texts.
  const tokens = items.map((it) => new Set(suggestionTokens(textOf(it))));
  const byToken = new Map<string, number[]>();
  tokens.forEach((set, i) => {
    if (ungrouped.has((items[i] as PlanItem).id)) return;
    for (const t of set) {
      const list = byToken.get(t);
      if (list) list.push(i);
      else byToken.set(t, [i]);
    }
  });
  // Leader grouping: the first unassigned item leads a group and takes, from each other room, the
  // unassigned item most similar to it (if similar enough). Every member is thus close to the
  // leader itself, not just to some chain of neighbours, and a group never holds two rows of one
  // room, which that room meant as different.
  const groupOf = new Int32Array(items.length).fill(-1);
  const shared = new Int32Array(items.length);
  const grouped: Array<{ items: PlanItem[]; links: PlanLink[] }> = [];
  for (let i = 0; i < items.length; i++) {
    if (groupOf[i] !== -1) continue;
    const leader = items[i] as PlanItem;
    const group = { items: [leader], links: [] as PlanLink[] };
    groupOf[i] = grouped.length;
    grouped.push(group);
    if (ungrouped.has(leader.id)) continue;
    const touched: number[] = [];
    for (const t of tokens[i] as Set<string>) {
      for (const j of byToken.get(t) ?? []) {
        if (j <= i || groupOf[j] !== -1) continue;
        if (shared[j] === 0) touched.push(j);
        shared[j] = (shared[j] as number) + 1;
      }
    }
    const bestPerRoom = new Map<number, { j: number; similarity: number }>();
    for (const j of touched.sort((x, y) => x - y)) {
      const common = shared[j] as number;
      shared[j] = 0;
      const room = (items[j] as PlanItem).room;
      if (room === leader.room) continue;
      // Token-set Jaccard, exactly as suggestionSimilarity computes it.
      const similarity = common / ((tokens[i] as Set<string>).size + (tokens[j] as Set<string>).size - common);
      if (similarity < GROUP_SIMILARITY) continue;
      const best = bestPerRoom.get(room);
      if (!best || similarity > best.similarity) bestPerRoom.set(room, { j, similarity });
    }
    for (const { j, similarity } of [...bestPerRoom.values()].sort((x, y) => x.j - y.j)) {
      const item = items[j] as PlanItem;
      groupOf[j] = groupOf[i] as number;
      group.items.push(item);
      group.links.push({ a: leader.id, b: item.id, similarity: round2(similarity) });
    }
  }
  return grouped;
}

/** Every non-empty row of every room as a plan item, rooms in number order. */
export function planItems(rooms: DraftPlanInput['rooms'], roles: PlanRoles): PlanItem[] {
  const items: PlanItem[] = [];
  for (const room of [...rooms].sort((a, b) => a.number - b.number)) {
    const seen = new Map<string, number>();
    room.rows.forEach((row, index) => {
      if (isEmptyRow(row)) return;
      const text = roles.suggestion ? String(row[roles.suggestion] ?? '') : '';
      const base = `${room.number}:${suggestionTokens(text).join('-').slice(0, 80) || 'untitled'}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      items.push({ id: n === 1 ? base : `${base}#${n}`, room: room.number, index, row });
    });
  }
  return items;
}

// The rounded mean of the members' ratings: H+L gives M, which is what the rooms said on average.
function meanRating(items: PlanItem[], key: string | null): Rating | null {
  if (!key) return null;
  const scores = items.map((it) => it.row[key]).filter(isRating).map((r) => SCORE[r]);
  if (scores.length === 0) return null;
  return FROM_SCORE[Math.round(scores.reduce((s, v) => s + v, 0) / scores.length)] ?? null;
}

function pollMatches(poll: PlanPollResult, item: PlanItem, text: string): boolean {
  // A poll item made from the board names its cards: a vote for a cluster counts for the group
  // holding those cards, whichever room's wording the group leads with ([BP3]).
  if (poll.items) return poll.items.includes(item.id);
  if (!poll.suggestion) return false;
  if (poll.room != null && poll.room !== item.room) return false;
  return suggestionSimilarity(poll.suggestion, text) >= 0.99 || poll.suggestion.trim() === text.trim();
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
