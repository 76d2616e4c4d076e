import { COLUMN_ATTR, NODE, RATING_ATTR } from '@roomtable/core';
import type * as Y from 'yjs';

/** Rates body row `row` (0-based) of a live room document, as the rating control in the editor does. */
export function rateRow(doc: Y.Doc, row: number, impact: 'H' | 'M' | 'L', effort: 'H' | 'M' | 'L'): void {
  const table = doc.getXmlFragment('default').get(0) as Y.XmlElement;
  const body = table.toArray().slice(1)[row] as Y.XmlElement;
  for (const [column, value] of [['impact', impact], ['effort', effort]] as const) {
    const cell = body.toArray().find((c) => (c as Y.XmlElement).getAttribute(COLUMN_ATTR) === column) as Y.XmlElement;
    const rating = cell.toArray().find((c) => (c as Y.XmlElement).nodeName === NODE.rating) as Y.XmlElement;
    rating.setAttribute(RATING_ATTR, value);
  }
}
