import { isRating, RATINGS } from './template';
import type { Rating, Row } from './template';

/** A value on the 1 (L) – 3 (H) scale and where it came from: the plenary's rating poll or the rooms' own tables. */
export interface PlanScore {
  /** Mean on the 1–3 scale, rounded to two decimals. */
  value: number;
  source: 'poll' | 'rooms';
  /** How many answers the mean is made of: poll ratings, or rooms that rated it. */
  count: number;
}

/** What decides between two neighbouring groups, in the order the rule [VP1] tries them. */
export type RankCriterion = 'dots' | 'impact' | 'effort' | 'rooms' | 'order';

/** Why a group ranks where it does ([VP2]): the figures the rule compared, and which one decided. */
export interface PlanRanking {
  /** Dots the group's items received in the plenary's dot votes, all dot votes added up. */
  dots: number;
  impact: PlanScore | null;
  effort: PlanScore | null;
  /** Rooms that raised it. */
  rooms: number;
  /** The criterion that put it above the next group; null for the last group. */
  aheadBy: RankCriterion | null;
  /** The criterion that put the previous group above it; null for the first group. */
  behindBy: RankCriterion | null;
}

/** The poll results the ranking reads, as `planPollResults` gives them: a dot vote's tally has `dots`. */
export interface RankingPoll {
  tally: Record<string, number>;
}

const SCORE: Record<Rating, number> = { H: 3, M: 2, L: 1 };

/**
 * The ranking figures of one group from its rows and the poll results matched to it ([VP1]): dots
 * added up over dot votes; impact and effort the rating poll's mean over every rating given in it
 * when anybody rated the group, else the mean of the rooms' own ratings.
 */
export function rankingFigures(
  rows: readonly Row[],
  polls: readonly RankingPoll[],
  roles: { impact: string | null; effort: string | null },
  rooms: number,
): Omit<PlanRanking, 'aheadBy' | 'behindBy'> {
  let dots = 0;
  for (const p of polls) dots += 'dots' in p.tally ? (p.tally.dots ?? 0) : 0;
  return { dots, impact: score(rows, polls, roles.impact), effort: score(rows, polls, roles.effort), rooms };
}

function score(rows: readonly Row[], polls: readonly RankingPoll[], key: string | null): PlanScore | null {
  if (!key) return null;
  // The plenary rated after hearing every room: its mean, when it exists, is the later and wider
  // judgement, so it replaces the rooms' ratings rather than being averaged with them.
  let sum = 0;
  let count = 0;
  for (const p of polls) {
    for (const r of RATINGS) {
      const n = p.tally[`${key} ${r}`] ?? 0;
      sum += n * SCORE[r];
      count += n;
    }
  }
  if (count > 0) return { value: round2(sum / count), source: 'poll', count };
  const scores = rows.map((row) => row[key]).filter(isRating).map((r) => SCORE[r]);
  if (scores.length === 0) return null;
  return { value: round2(scores.reduce((s, v) => s + v, 0) / scores.length), source: 'rooms', count: scores.length };
}

/**
 * Compares two groups by [VP1] and says which criterion decided: more dots first; then higher
 * impact; then lower effort (a missing value sorts after every value on both); then more rooms;
 * then earlier in the tables (`order`).
 */
export function compareRanking(
  a: Omit<PlanRanking, 'aheadBy' | 'behindBy'> & { order: number },
  b: Omit<PlanRanking, 'aheadBy' | 'behindBy'> & { order: number },
): { diff: number; by: RankCriterion } {
  const steps: Array<[RankCriterion, number]> = [
    ['dots', b.dots - a.dots],
    ['impact', (b.impact?.value ?? 0) - (a.impact?.value ?? 0)],
    ['effort', (a.effort?.value ?? 4) - (b.effort?.value ?? 4)],
    ['rooms', b.rooms - a.rooms],
    ['order', a.order - b.order],
  ];
  for (const [by, diff] of steps) if (diff !== 0) return { diff, by };
  return { diff: 0, by: 'order' };
}

/** One English sentence of why a group ranks where it does, for exports and screen readers. */
export function rankingWhy(rank: number, r: PlanRanking, names: { impact: string; effort: string } = { impact: 'impact', effort: 'effort' }): string {
  const parts: string[] = [];
  if (r.dots > 0) parts.push(`${r.dots} dot${r.dots === 1 ? '' : 's'}`);
  for (const [name, s] of [[names.impact, r.impact], [names.effort, r.effort]] as const) {
    if (!s) parts.push(`${name} not rated`);
    else parts.push(`${name} ${s.value.toFixed(1)} of 3 (${s.source === 'poll' ? `plenary poll, ${s.count} rating${s.count === 1 ? '' : 's'}` : `rooms' ratings`})`);
  }
  parts.push(`${r.rooms} room${r.rooms === 1 ? '' : 's'}`);
  const label: Record<RankCriterion, string> = {
    dots: 'more dots',
    impact: `higher ${names.impact}`,
    effort: `lower ${names.effort}`,
    rooms: 'more rooms',
    order: 'raised earlier',
  };
  const above = r.aheadBy ? `; above #${rank + 1} by ${label[r.aheadBy]}` : '';
  const below = r.behindBy ? `; below #${rank - 1} by ${label[r.behindBy]}` : '';
  return `#${rank}: ${parts.join(', ')}${above}${below}.`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
