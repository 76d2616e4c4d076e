import { DomainError } from './errors';
import { DEFAULT_TEMPLATE, RATINGS, isRating } from './template';
import type { Rating, Row, Template } from './template';

/** What a poll asks: each person rates every rating column of the template per suggestion, or spends N dots. */
export type PollKind = 'rating' | 'dots';

/** A rating column a poll asks about, frozen from the template when the poll opened. */
export interface PollColumn {
  key: string;
  label: string;
}

/** One suggestion of one room as a poll offers it, frozen from the snapshot it was built from. */
export interface PollItem {
  /** `<room>.<row index in the snapshot's rows>`: stable within the snapshot. */
  key: string;
  room: number;
  row: number;
  suggestion: string;
  /** The room's own rating per template rating column, as its table said (null: left empty). */
  ratings: Record<string, Rating | null>;
  /** The room's ratings of columns keyed `impact` and `effort` (null without such a column): the fields of the first API. */
  impact: Rating | null;
  effort: Rating | null;
  /** A poll made from the board ([BP1]): the cluster the item is (null: a single card picked on its own). */
  cluster?: string | null;
  /** The board cards (the draft plan's item ids) the item stands for: its votes count for the plan group holding them ([BP3]). */
  cards?: string[];
  /** The rooms those cards came from, in number order. */
  rooms?: number[];
}

/** A rating ballot: per item the person chose to rate, one rating per poll column. */
export interface RatingBallot {
  kind: 'rating';
  ratings: Record<string, Record<string, Rating>>;
}

/** A dot-vote ballot: dots per item, at most the poll's number in total. */
export interface DotBallot {
  kind: 'dots';
  dots: Record<string, number>;
}

/** One person's ballot. */
export type Ballot = RatingBallot | DotBallot;

/** A poll as the workshop record keeps it, ballots included (never shown as they are). */
export interface Poll {
  id: string;
  kind: PollKind;
  /** Dots per person for a dot vote; null for a rating poll. */
  dots: number | null;
  snapshotId: string;
  /** The template's rating columns when the poll opened: what a rating ballot rates. */
  columns: PollColumn[];
  items: PollItem[];
  /** By voter id (participant id, or "facilitator"). */
  ballots: Record<string, Ballot>;
  openedAt: number;
  closedAt: number | null;
}

/** Counts of H/M/L answers. */
export type RatingCounts = Record<Rating, number>;

/** The poll's answers on one column for one item. */
export interface ColumnTally {
  counts: RatingCounts;
  /** Mean on the 1 (L) – 3 (H) scale; null when nobody rated the item. */
  mean: number | null;
}

/** Live result for one item. */
export interface ItemTally {
  key: string;
  /** How many ballots rated the item (rating) or gave it dots (dots). */
  voters: number;
  /** Per poll column key (empty for a dot vote). */
  columns: Record<string, ColumnTally>;
  /** Total dots given (dot vote); 0 for rating polls. */
  dots: number;
  /** The `impact`/`effort` columns' counts and means again, when the poll has them: the fields of the first API. */
  impact?: RatingCounts;
  effort?: RatingCounts;
  impactScore?: number | null;
  effortScore?: number | null;
}

/** Bounds that keep one workshop record small. */
export const POLL_LIMITS = { itemsMax: 300, pollsMax: 30, dotsMin: 1, dotsMax: 20 } as const;

const SCORE: Record<Rating, number> = { H: 3, M: 2, L: 1 };

/** A rating as a number: H 3, M 2, L 1. */
export function ratingScore(r: Rating): number {
  return SCORE[r];
}

/** The template's rating columns, in table order: what a rating poll asks about. */
export function ratingColumns(template: Template): PollColumn[] {
  return template.columns.filter((c) => c.kind === 'rating').map((c) => ({ key: c.key, label: c.label }));
}

/** The column holding the suggestion: `suggestion` when the template has it, else its first text column. */
export function suggestionColumn(template: Template): string | null {
  const text = template.columns.filter((c) => c.kind === 'text').map((c) => c.key);
  return text.includes('suggestion') ? 'suggestion' : (text[0] ?? null);
}

/** The suggestions of every room of a snapshot, in room then row order; rows without suggestion text are left out. */
export function buildPollItems(rooms: ReadonlyArray<{ number: number; rows: Row[] }>, template: Template): PollItem[] {
  const suggestion = suggestionColumn(template);
  if (suggestion === null) return [];
  const columns = ratingColumns(template);
  const items: PollItem[] = [];
  for (const room of [...rooms].sort((a, b) => a.number - b.number)) {
    room.rows.forEach((row, index) => {
      const text = row[suggestion];
      if (typeof text !== 'string' || text.trim() === '') return;
      const ratings: Record<string, Rating | null> = {};
      for (const c of columns) {
        const v = row[c.key];
        ratings[c.key] = isRating(v) ? v : null;
      }
      items.push({ key: `${room.number}.${index}`, room: room.number, row: index, suggestion: text.trim(), ratings, impact: ratings.impact ?? null, effort: ratings.effort ?? null });
    });
  }
  return items;
}

/** A poll as records stored before polls followed the template hold it: no columns, items with impact/effort only. */
export type StoredPoll = Omit<Poll, 'columns' | 'items'> & { columns?: PollColumn[]; items: Array<Omit<PollItem, 'ratings'> & { ratings?: PollItem['ratings'] }> };

/**
 * The poll in the current shape. Polls stored before polls followed the template asked about
 * `impact` and `effort` only, and their ballots already use those keys, so they read as polls of
 * those two columns (labelled from `template` when it still has them).
 */
export function upgradePoll(poll: Poll | StoredPoll, template: Template = DEFAULT_TEMPLATE): Poll {
  if (Array.isArray(poll.columns) && poll.items.every((i) => i.ratings !== undefined)) return poll as Poll;
  const label = (key: 'impact' | 'effort') =>
    template.columns.find((c) => c.key === key)?.label ?? DEFAULT_TEMPLATE.columns.find((c) => c.key === key)!.label;
  return {
    ...poll,
    columns: poll.columns ?? [{ key: 'impact', label: label('impact') }, { key: 'effort', label: label('effort') }],
    items: poll.items.map((i) => ({ ...i, ratings: i.ratings ?? { impact: i.impact ?? null, effort: i.effort ?? null }, impact: i.impact ?? null, effort: i.effort ?? null })),
  };
}

/** A new open poll over `items`; a rating poll needs at least one rating column, a dot vote 1–20 dots per person. */
export function newPoll(input: { id: string; kind: PollKind; dots?: number | null; snapshotId: string; columns: PollColumn[]; items: PollItem[]; now: number }): Poll {
  if (input.kind !== 'rating' && input.kind !== 'dots') {
    throw new DomainError('invalid_poll', `A poll is "rating" or "dots", not ${JSON.stringify(input.kind)}.`);
  }
  if (input.kind === 'rating' && input.columns.length === 0) {
    throw new DomainError('no_rating_columns', "This workshop's table has no rating column, so there is nothing to rate; open a dot vote instead.");
  }
  if (input.items.length === 0) {
    throw new DomainError('no_suggestions', 'The latest snapshot has no suggestions to poll on; fill in the room tables and take a snapshot first.');
  }
  if (input.items.length > POLL_LIMITS.itemsMax) {
    throw new DomainError('too_many_suggestions', `A poll can hold at most ${POLL_LIMITS.itemsMax} suggestions; this snapshot has ${input.items.length}.`);
  }
  let dots: number | null = null;
  if (input.kind === 'dots') {
    const d = input.dots;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < POLL_LIMITS.dotsMin || d > POLL_LIMITS.dotsMax) {
      throw new DomainError('invalid_dots', `A dot vote gives each person a whole number of dots from ${POLL_LIMITS.dotsMin} to ${POLL_LIMITS.dotsMax} (got ${String(d)}).`);
    }
    dots = d;
  }
  return {
    id: input.id,
    kind: input.kind,
    dots,
    snapshotId: input.snapshotId,
    columns: input.columns.map((c) => ({ ...c })),
    items: input.items.map((i) => ({ ...i, ratings: { ...i.ratings }, ...(i.cards ? { cards: [...i.cards] } : {}), ...(i.rooms ? { rooms: [...i.rooms] } : {}) })),
    ballots: {},
    openedAt: input.now,
    closedAt: null,
  };
}

/**
 * Checks a ballot against its poll and returns a clean copy: the kind must match, every key must
 * name an item, ratings are H/M/L, dots are whole and positive and add up to at most the poll's number.
 */
export function validateBallot(poll: Poll, ballot: unknown): Ballot {
  const b = ballot as { kind?: unknown; ratings?: unknown; dots?: unknown } | null;
  if (typeof b !== 'object' || b === null) throw new DomainError('invalid_ballot', 'A ballot is an object with "kind" and its answers.');
  if (b.kind !== poll.kind) throw new DomainError('invalid_ballot', `This is a ${poll.kind === 'dots' ? 'dot vote' : 'rating poll'}; send a ballot of kind "${poll.kind}".`);
  const keys = new Set(poll.items.map((i) => i.key));
  const unknown = (k: string) => new DomainError('unknown_item', `The poll has no suggestion "${k}".`);
  if (poll.kind === 'rating') {
    const columns = upgradePoll(poll).columns;
    const shape = `{"<item>": {${columns.map((c) => `"${c.key}": "H"|"M"|"L"`).join(', ')}}}`;
    const ratings = b.ratings;
    if (typeof ratings !== 'object' || ratings === null || Array.isArray(ratings)) throw new DomainError('invalid_ballot', `A rating ballot needs "ratings": ${shape}.`);
    const out: RatingBallot = { kind: 'rating', ratings: {} };
    const wanted = `Rate suggestion %s on ${columns.map((c) => `"${c.label}" (${c.key})`).join(', ')}, each one of ${RATINGS.join(', ')}.`;
    for (const [k, v] of Object.entries(ratings)) {
      if (!keys.has(k)) throw unknown(k);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DomainError('invalid_rating', wanted.replace('%s', k));
      const given = v as Record<string, unknown>;
      // Every column, and only those: a partial answer would skew the means of the columns it skipped.
      const extra = Object.keys(given).find((c) => !columns.some((col) => col.key === c));
      if (extra !== undefined) throw new DomainError('invalid_rating', `This poll has no column "${extra}". ${wanted.replace('%s', k)}`);
      const answer: Record<string, Rating> = {};
      for (const c of columns) {
        const r = given[c.key];
        if (!isRating(r)) throw new DomainError('invalid_rating', wanted.replace('%s', k));
        answer[c.key] = r;
      }
      out.ratings[k] = answer;
    }
    if (Object.keys(out.ratings).length === 0) throw new DomainError('empty_ballot', 'Rate at least one suggestion.');
    return out;
  }
  const dots = b.dots;
  if (typeof dots !== 'object' || dots === null || Array.isArray(dots)) throw new DomainError('invalid_ballot', 'A dot ballot needs "dots": {"<item>": <number of dots>}.');
  const out: DotBallot = { kind: 'dots', dots: {} };
  let total = 0;
  for (const [k, v] of Object.entries(dots)) {
    if (!keys.has(k)) throw unknown(k);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new DomainError('invalid_dots', `Dots on ${k} must be a whole number of 0 or more (got ${String(v)}).`);
    if (v === 0) continue;
    out.dots[k] = v;
    total += v;
  }
  if (total === 0) throw new DomainError('empty_ballot', 'Place at least one dot.');
  if (total > poll.dots!) throw new DomainError('too_many_dots', `You have ${poll.dots} dots to spend; this ballot places ${total}.`);
  return out;
}

/** Records (or replaces) `voterId`'s ballot; refused once the poll is closed. */
export function castBallot(poll: Poll, voterId: string, ballot: unknown): Poll {
  if (poll.closedAt !== null) throw new DomainError('poll_closed', 'This poll is closed; its results are final.');
  const clean = validateBallot(poll, ballot);
  return { ...poll, ballots: { ...poll.ballots, [voterId]: clean } };
}

/** Closes the poll at `now`; closing twice changes nothing. */
export function closePoll(poll: Poll, now: number): Poll {
  return poll.closedAt !== null ? poll : { ...poll, closedAt: now };
}

const zero = (): RatingCounts => ({ H: 0, M: 0, L: 0 });

function mean(counts: RatingCounts): number | null {
  const n = counts.H + counts.M + counts.L;
  return n === 0 ? null : (counts.H * 3 + counts.M * 2 + counts.L) / n;
}

/** The live result per item, in item order: H/M/L counts and means per poll column, or dots. */
export function tallyPoll(stored: Poll): ItemTally[] {
  const poll = upgradePoll(stored);
  const columns = poll.kind === 'rating' ? poll.columns : [];
  const acc = new Map(poll.items.map((i) => [i.key, { voters: 0, counts: Object.fromEntries(columns.map((c) => [c.key, zero()])), dots: 0 }]));
  for (const ballot of Object.values(poll.ballots)) {
    if (ballot.kind === 'rating') {
      for (const [k, answer] of Object.entries(ballot.ratings)) {
        const t = acc.get(k);
        if (!t) continue;
        t.voters++;
        for (const c of columns) {
          const r = answer[c.key];
          if (isRating(r)) t.counts[c.key]![r]++;
        }
      }
    } else {
      for (const [k, d] of Object.entries(ballot.dots)) {
        const t = acc.get(k);
        if (!t) continue;
        t.voters++;
        t.dots += d;
      }
    }
  }
  return poll.items.map((i) => {
    const t = acc.get(i.key)!;
    const byColumn: Record<string, ColumnTally> = Object.fromEntries(Object.entries(t.counts).map(([k, counts]) => [k, { counts, mean: mean(counts) }]));
    const tally: ItemTally = { key: i.key, voters: t.voters, columns: byColumn, dots: t.dots };
    const impact = byColumn.impact;
    const effort = byColumn.effort;
    if (impact) Object.assign(tally, { impact: impact.counts, impactScore: impact.mean });
    if (effort) Object.assign(tally, { effort: effort.counts, effortScore: effort.mean });
    return tally;
  });
}
