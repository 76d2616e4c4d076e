import { ratingScore } from './polls';
import type { ItemTally, PollItem } from './polls';

/** The four named quadrants of the impact/effort matrix. */
export type Quadrant = 'quickWins' | 'bigBets' | 'fillIns' | 'timeSinks';

/** The quadrants in reading order: top-left, top-right, bottom-left, bottom-right. */
export const QUADRANTS: readonly Quadrant[] = ['quickWins', 'bigBets', 'fillIns', 'timeSinks'];

/** One suggestion placed on the matrix, by its room's ratings or by the poll's. */
export interface MatrixPoint {
  key: string;
  room: number;
  row: number;
  suggestion: string;
  source: 'room' | 'poll';
  /** 1 (low) – 3 (high). */
  impact: number;
  /** 1 (low) – 3 (high). */
  effort: number;
  quadrant: Quadrant;
}

/** The middle of the 1–3 scale: a medium rating. */
export const MATRIX_MIDDLE = 2;

/**
 * The quadrant of a position. Medium counts as low on both axes: a suggestion is a high-impact (or
 * high-effort) one only when rated above medium, so "M/M" is a fill-in, not a big bet.
 */
export function quadrantOf(impact: number, effort: number): Quadrant {
  const highImpact = impact > MATRIX_MIDDLE;
  const highEffort = effort > MATRIX_MIDDLE;
  if (highImpact) return highEffort ? 'bigBets' : 'quickWins';
  return highEffort ? 'timeSinks' : 'fillIns';
}

/**
 * Every suggestion placed twice when it can be: by its room's own ratings (when the room set both)
 * and by the poll's mean ratings (when anybody rated it). Unrated suggestions have no point.
 */
export function matrixPoints(items: readonly PollItem[], tally: readonly ItemTally[] = []): MatrixPoint[] {
  const byKey = new Map(tally.map((t) => [t.key, t]));
  const points: MatrixPoint[] = [];
  for (const item of items) {
    const base = { key: item.key, room: item.room, row: item.row, suggestion: item.suggestion };
    if (item.impact !== null && item.effort !== null) {
      const impact = ratingScore(item.impact);
      const effort = ratingScore(item.effort);
      points.push({ ...base, source: 'room', impact, effort, quadrant: quadrantOf(impact, effort) });
    }
    const t = byKey.get(item.key);
    if (t && t.impactScore !== null && t.effortScore !== null) {
      points.push({ ...base, source: 'poll', impact: t.impactScore, effort: t.effortScore, quadrant: quadrantOf(t.impactScore, t.effortScore) });
    }
  }
  return points;
}
