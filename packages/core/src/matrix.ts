import { ratingScore } from './polls';
import type { ItemTally, PollColumn, PollItem } from './polls';

/**
 * The four quadrants, named as on the impact/effort matrix: quick wins (high y, low x), big bets
 * (high/high), fill-ins (low/low), time sinks (low y, high x). With other axes the UI names them
 * "high Y / low X" instead; the ids stay the same so the picture never moves.
 */
export type Quadrant = 'quickWins' | 'bigBets' | 'fillIns' | 'timeSinks';

/** The quadrants in reading order: top-left, top-right, bottom-left, bottom-right. */
export const QUADRANTS: readonly Quadrant[] = ['quickWins', 'bigBets', 'fillIns', 'timeSinks'];

/** Where a point is listed: one of the quadrants, or `middle` when it is medium on either axis ([MX1]). */
export type MatrixZone = Quadrant | 'middle';

/** The zones in the order the matrix lists them. */
export const MATRIX_ZONES: readonly MatrixZone[] = [...QUADRANTS, 'middle'];

/** A position's band on one axis: the rating it is nearest to. */
export type MatrixBand = 'L' | 'M' | 'H';

/** Which rating columns a matrix plots: `y` up (impact), `x` across (effort). */
export interface MatrixAxes {
  y: PollColumn;
  x: PollColumn;
  /** True when the axes are the `impact` and `effort` columns, so the quadrants have their usual names. */
  impactEffort: boolean;
}

/**
 * The matrix's axes: the `impact` and `effort` columns when the template has both, else its first
 * two rating columns (first up, second across); null with fewer than two, when there is no matrix.
 */
export function matrixAxes(columns: readonly PollColumn[]): MatrixAxes | null {
  const impact = columns.find((c) => c.key === 'impact');
  const effort = columns.find((c) => c.key === 'effort');
  if (impact && effort) return { y: impact, x: effort, impactEffort: true };
  const [y, x] = columns;
  return y && x ? { y, x, impactEffort: false } : null;
}

/** One suggestion placed on the matrix, by its room's ratings or by the poll's. */
export interface MatrixPoint {
  key: string;
  room: number;
  row: number;
  suggestion: string;
  source: 'room' | 'poll';
  /** The y column's value, 1 (low) – 3 (high). */
  y: number;
  /** The x column's value, 1 (low) – 3 (high). */
  x: number;
  quadrant: MatrixZone;
  /** The y and x values' bands ([MX1]). */
  bands: { y: MatrixBand; x: MatrixBand };
}

/** The middle of the 1–3 scale: a medium rating. */
export const MATRIX_MIDDLE = 2;

/**
 * The band of a value on the 1–3 scale ([MX1]): the rating it is nearest to, so the three bands are
 * equal thirds (low below 5/3, high above 7/3, medium between, both ends included).
 */
export function bandOf(value: number): MatrixBand {
  if (value < 5 / 3) return 'L';
  if (value > 7 / 3) return 'H';
  return 'M';
}

/**
 * The zone of a position ([MX1]). A quadrant holds only what is clearly high or low on both axes;
 * medium on either axis is `middle`. Before, medium counted as low (a point was high only above 2),
 * so an impact of exactly 2.0 was listed under "Time sinks (low impact)".
 */
export function quadrantOf(y: number, x: number): MatrixZone {
  const by = bandOf(y);
  const bx = bandOf(x);
  if (by === 'M' || bx === 'M') return 'middle';
  if (by === 'H') return bx === 'H' ? 'bigBets' : 'quickWins';
  return bx === 'H' ? 'timeSinks' : 'fillIns';
}

/**
 * Every suggestion placed twice when it can be: by its room's own ratings (when the room set both
 * axes) and by the poll's mean ratings (when anybody rated it). Unrated suggestions have no point.
 */
export function matrixPoints(items: readonly PollItem[], axes: MatrixAxes, tally: readonly ItemTally[] = []): MatrixPoint[] {
  const byKey = new Map(tally.map((t) => [t.key, t]));
  const points: MatrixPoint[] = [];
  for (const item of items) {
    const base = { key: item.key, room: item.room, row: item.row, suggestion: item.suggestion };
    // Items of polls stored before polls followed the template carry only impact/effort.
    const ratings = item.ratings ?? { impact: item.impact, effort: item.effort };
    const roomY = ratings[axes.y.key];
    const roomX = ratings[axes.x.key];
    if (roomY && roomX) {
      const y = ratingScore(roomY);
      const x = ratingScore(roomX);
      points.push({ ...base, source: 'room', y, x, quadrant: quadrantOf(y, x), bands: { y: bandOf(y), x: bandOf(x) } });
    }
    const t = byKey.get(item.key);
    const pollY = t?.columns[axes.y.key]?.mean ?? null;
    const pollX = t?.columns[axes.x.key]?.mean ?? null;
    if (pollY !== null && pollX !== null) {
      points.push({ ...base, source: 'poll', y: pollY, x: pollX, quadrant: quadrantOf(pollY, pollX), bands: { y: bandOf(pollY), x: bandOf(pollX) } });
    }
  }
  return points;
}
