import type { JSONContent } from '@tiptap/core';
import { COLUMN_ATTR, NODE, RATING_ATTR, type Template } from '@roomtable/core';

/** An empty body row for the template: text cells hold a paragraph, rating cells a rating. */
export function emptyRow(template: Template): JSONContent {
  return {
    type: NODE.row,
    content: template.columns.map((column) => ({
      type: NODE.cell,
      attrs: { [COLUMN_ATTR]: column.key },
      content:
        column.kind === 'rating'
          ? [{ type: NODE.rating, attrs: { [RATING_ATTR]: null } }]
          : [{ type: NODE.paragraph }],
    })),
  };
}
