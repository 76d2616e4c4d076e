/**
 * Node names of the assessment table as they appear in the Yjs document.
 * `packages/core` builds and reads room documents by these names and `packages/editor` defines its
 * TipTap schema with them, so the two can never drift apart.
 */
export const NODE = {
  doc: 'doc',
  table: 'table',
  row: 'tableRow',
  header: 'tableHeader',
  cell: 'tableCell',
  paragraph: 'paragraph',
  rating: 'rating',
} as const;

/** Attribute on header and body cells naming the template column the cell belongs to. */
export const COLUMN_ATTR = 'column';
/** Attribute of the rating node: "H", "M", "L" or absent. */
export const RATING_ATTR = 'value';
