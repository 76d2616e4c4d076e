import { isEmptyRow, roomStats } from './roomTable';
import { isRating, type Row, type Template } from './template';

/** Where a room's table stands, read from the table itself [RP1]. */
export interface RoomProgressFigures {
  /** Rows with anything in them. */
  rows: number;
  /** Rows with every column filled: every text cell has text, every rating is set. */
  completeRows: number;
  ratingsFilled: number;
  ratingsTotal: number;
  /** Ratings still to give in the rows that have anything in them. */
  ratingsMissing: number;
}

/** True when `value` fills its cell: a rating that is set, or text that is not only spaces. */
function filled(value: Row[string] | undefined): boolean {
  if (isRating(value)) return true;
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * A room's figures for the facilitator [RP1]: rows used, rows complete in every column, ratings
 * given and missing. Counted from the rows read out of the document, never from anything a
 * person reports about it.
 */
export function roomProgress(rows: Row[], template: Template): RoomProgressFigures {
  const stats = roomStats(rows, template);
  const used = rows.filter((r) => !isEmptyRow(r));
  const completeRows = used.filter((row) => template.columns.every((c) => filled(row[c.key]))).length;
  return { ...stats, completeRows, ratingsMissing: stats.ratingsTotal - stats.ratingsFilled };
}
