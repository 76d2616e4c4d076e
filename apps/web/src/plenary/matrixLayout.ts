import { MATRIX_MIDDLE, type MatrixPoint } from '@roomtable/core';

/** The chart's size in SVG units and the plot area inside its axes. */
export const CHART = { width: 760, height: 560, left: 80, right: 24, top: 24, bottom: 72 } as const;
const MIN = 0.6;
const MAX = 3.4;
/** Markers sharing a spot spread on a sunflower spiral this far apart (more than a marker wide), so every number stays readable. */
const SPREAD = 32;
const GOLDEN_ANGLE = 2.39996;

/** A point where the chart draws it. */
export interface PlacedPoint extends MatrixPoint {
  /** Where the marker's centre is, in chart units. */
  cx: number;
  cy: number;
  /** Marker number: the suggestion's place in the item list, from 1. */
  n: number;
}

// [MX3] A value is drawn where it is: medium is its own band (see `bandOf`), shaded between the
// quadrants, so nothing needs nudging into the low half (which made Medium look low).
const drawn = (score: number) => score;

/** The x column (effort) across (low left), the y column (impact) up (high top), in chart units. */
export function toChart(across: number, up: number): { x: number; y: number } {
  const w = CHART.width - CHART.left - CHART.right;
  const h = CHART.height - CHART.top - CHART.bottom;
  return {
    x: CHART.left + ((drawn(across) - MIN) / (MAX - MIN)) * w,
    y: CHART.top + (1 - (drawn(up) - MIN) / (MAX - MIN)) * h,
  };
}

/** Where the dividing lines are drawn. */
export function middle(): { x: number; y: number } {
  const w = CHART.width - CHART.left - CHART.right;
  const h = CHART.height - CHART.top - CHART.bottom;
  return { x: CHART.left + ((MATRIX_MIDDLE - MIN) / (MAX - MIN)) * w, y: CHART.top + (1 - (MATRIX_MIDDLE - MIN) / (MAX - MIN)) * h };
}

/** The middle band (values from 5/3 to 7/3) on each axis, in chart units: `x0`–`x1` across, `y0`–`y1` down. */
export function middleBand(): { x0: number; x1: number; y0: number; y1: number } {
  const lo = toChart(5 / 3, 7 / 3);
  const hi = toChart(7 / 3, 5 / 3);
  return { x0: lo.x, x1: hi.x, y0: lo.y, y1: hi.y };
}

/** Places every point, spreading those that would sit on top of each other. */
export function placePoints(points: MatrixPoint[], numberOf: Map<string, number>): PlacedPoint[] {
  const groups = new Map<string, MatrixPoint[]>();
  for (const p of points) {
    const spot = `${drawn(p.x).toFixed(2)}:${drawn(p.y).toFixed(2)}`;
    groups.set(spot, [...(groups.get(spot) ?? []), p]);
  }
  const placed: PlacedPoint[] = [];
  for (const group of groups.values()) {
    group.forEach((p, k) => {
      const centre = toChart(p.x, p.y);
      const r = k === 0 ? 0 : SPREAD * Math.sqrt(k);
      placed.push({ ...p, n: numberOf.get(p.key) ?? 0, cx: centre.x + r * Math.cos(k * GOLDEN_ANGLE), cy: centre.y + r * Math.sin(k * GOLDEN_ANGLE) });
    });
  }
  return placed;
}
