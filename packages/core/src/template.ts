/** A rating on the seed's three-step scale. */
export type Rating = 'H' | 'M' | 'L';

/** The ratings in display order, high first. */
export const RATINGS: readonly Rating[] = ['H', 'M', 'L'];

/** A column of an assessment table: free text, or an H/M/L rating. */
export interface Column {
  /** Stable key: the row's JSON key and the cell's `column` attribute in the document. */
  key: string;
  /** Heading shown to people. */
  label: string;
  kind: 'text' | 'rating';
}

/** The columns every room's table has. */
export interface Template {
  columns: Column[];
}

/** One row read out of a room table: one key per template column. */
export type Row = Record<string, string | Rating | null>;

/** The seed's table: suggestion, envisioned benefit, impact H/M/L, what is needed, effort H/M/L. */
export const DEFAULT_TEMPLATE: Template = {
  columns: [
    { key: 'suggestion', label: 'Suggestion', kind: 'text' },
    { key: 'benefit', label: 'Envisioned benefit (impact)', kind: 'text' },
    { key: 'impact', label: 'Impact H/M/L', kind: 'rating' },
    { key: 'needed', label: 'What is needed to achieve it', kind: 'text' },
    { key: 'effort', label: 'Effort H/M/L', kind: 'rating' },
  ],
};

/** True when `value` is one of "H", "M", "L". */
export function isRating(value: unknown): value is Rating {
  return value === 'H' || value === 'M' || value === 'L';
}
