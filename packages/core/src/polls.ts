import { DomainError } from './errors';
import { RATINGS, isRating } from './template';
import type { Rating, Row, Template } from './template';

/** What a poll asks: each person rates impact and effort per suggestion, or spends N dots. */
export type PollKind = 'rating' | 'dots';

/** One suggestion of one room as a poll offers it, frozen from the snapshot it was built from. */
export interface PollItem {
  /** `<room>.<row index in the snapshot's rows>`: stable within the snapshot. */
  key: string;
  room: number;
  row: number;
  suggestion: string;
  /** The room's own ratings, as its table said. */
  impact: Rating | null;
  effort: Rating | null;
}

/** A rating ballot: impact and effort per item, for the items the person chose to rate. */
export interface RatingBallot {
  kind: 'rating';
  ratings: Record<string, { impact: Rating; effort: Rating }>;
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
  items: PollItem[];
  /** By voter id (participant id, or "facilitator"). */
  ballots: Record<string, Ballot>;
  openedAt: number;
  closedAt: number | null;
}

/** Counts of H/M/L answers. */
export type RatingCounts = Record<Rating, number>;

/** Live result for one item. */
export interface ItemTally {
  key: string;
  /** How many ballots rated the item (rating) or gave it dots (dots). */
  voters: number;
  impact: RatingCounts;
  effort: RatingCounts;
  /** Mean on the 1 (L) – 3 (H) scale; null when nobody rated the item. */
  impactScore: number | null;
  effortScore: number | null;
  /** Total dots given (dot vote); 0 for rating polls. */
  dots: number;
}

/** Bounds that keep one workshop record small. */
export const POLL_LIMITS = { itemsMax: 300, pollsMax: 30, dotsMin: 1, dotsMax: 20 } as const;

const SCORE: Record<Rating, number> = { H: 3, M: 2, L: 1 };

/** A rating as a number: H 3, M 2, L 1. */
export function ratingScore(r: Rating): number {
  return SCORE[r];
}

/**
 * Which template columns play suggestion, impact and effort: the default keys when present,
 * else the first text column and the first two rating columns, so custom templates still poll.
 */
export function pollColumns(template: Template): { suggestion: string | null; impact: string | null; effort: string | null } {
  const text = template.columns.filter((c) => c.kind === 'text').map((c) => c.key);
  const rating = template.columns.filter((c) => c.kind === 'rating').map((c) => c.key);
  const pick = (wanted: string, list: string[], fallback: number) => (list.includes(wanted) ? wanted : (list[fallback] ?? null));
  const impact = pick('impact', rating, 0);
  const effort = rating.includes('effort') ? 'effort' : (rating.find((k) => k !== impact) ?? null);
  return { suggestion: pick('suggestion', text, 0), impact, effort };
}

/** The suggestions of every room of a snapshot, in room then row order; rows without suggestion text are left out. */
export function buildPollItems(rooms: ReadonlyArray<{ number: number; rows: Row[] }>, template: Template): PollItem[] {
  const cols = pollColumns(template);
  if (cols.suggestion === null) return [];
  const items: PollItem[] = [];
  for (const room of [...rooms].sort((a, b) => a.number - b.number)) {
    room.rows.forEach((row, index) => {
      const text = row[cols.suggestion!];
      if (typeof text !== 'string' || text.trim() === '') return;
      const rating = (key: string | null) => {
        const v = key === null ? null : row[key];
        return isRating(v) ? v : null;
      };
      items.push({ key: `${room.number}.${index}`, room: room.number, row: index, suggestion: text.trim(), impact: rating(cols.impact), effort: rating(cols.effort) });
    });
  }
  return items;
}

/** A new open poll over `items`; a dot vote needs 1–20 dots per person. */
export function newPoll(input: { id: string; kind: PollKind; dots?: number | null; snapshotId: string; items: PollItem[]; now: number }): Poll {
  if (input.kind !== 'rating' && input.kind !== 'dots') {
    throw new DomainError('invalid_poll', `A poll is "rating" or "dots", not ${JSON.stringify(input.kind)}.`);
  }
  if (input.items.length === 0) {
    throw new DomainError('no_suggestions', 'The latest snapshot has no suggestions to poll on; fill in the room tables and take a snapshot first.', 409);
  }
  if (input.items.length > POLL_LIMITS.itemsMax) {
    throw new DomainError('too_many_suggestions', `A poll can hold at most ${POLL_LIMITS.itemsMax} suggestions; this snapshot has ${input.items.length}.`, 422);
  }
  let dots: number | null = null;
  if (input.kind === 'dots') {
    const d = input.dots;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < POLL_LIMITS.dotsMin || d > POLL_LIMITS.dotsMax) {
      throw new DomainError('invalid_dots', `A dot vote gives each person a whole number of dots from ${POLL_LIMITS.dotsMin} to ${POLL_LIMITS.dotsMax} (got ${String(d)}).`);
    }
    dots = d;
  }
  return { id: input.id, kind: input.kind, dots, snapshotId: input.snapshotId, items: input.items.map((i) => ({ ...i })), ballots: {}, openedAt: input.now, closedAt: null };
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
  const unknown = (k: string) => new DomainError('unknown_item', `The poll has no suggestion "${k}".`, 422);
  if (poll.kind === 'rating') {
    const ratings = b.ratings;
    if (typeof ratings !== 'object' || ratings === null || Array.isArray(ratings)) throw new DomainError('invalid_ballot', 'A rating ballot needs "ratings": {"<item>": {"impact": "H"|"M"|"L", "effort": "H"|"M"|"L"}}.');
    const out: RatingBallot = { kind: 'rating', ratings: {} };
    for (const [k, v] of Object.entries(ratings)) {
      if (!keys.has(k)) throw unknown(k);
      const pair = v as { impact?: unknown; effort?: unknown } | null;
      if (!pair || !isRating(pair.impact) || !isRating(pair.effort)) {
        throw new DomainError('invalid_rating', `Rate suggestion ${k} with impact and effort, each one of ${RATINGS.join(', ')}.`);
      }
      out.ratings[k] = { impact: pair.impact, effort: pair.effort };
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
  if (poll.closedAt !== null) throw new DomainError('poll_closed', 'This poll is closed; its results are final.', 409);
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

/** The live result per item, in item order. */
export function tallyPoll(poll: Poll): ItemTally[] {
  const acc = new Map(poll.items.map((i) => [i.key, { voters: 0, impact: zero(), effort: zero(), dots: 0 }]));
  for (const ballot of Object.values(poll.ballots)) {
    if (ballot.kind === 'rating') {
      for (const [k, r] of Object.entries(ballot.ratings)) {
        const t = acc.get(k);
        if (!t) continue;
        t.voters++;
        t.impact[r.impact]++;
        t.effort[r.effort]++;
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
    return { key: i.key, voters: t.voters, impact: t.impact, effort: t.effort, impactScore: mean(t.impact), effortScore: mean(t.effort), dots: t.dots };
  });
}
