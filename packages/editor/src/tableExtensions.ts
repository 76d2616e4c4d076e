import Bold from '@tiptap/extension-bold';
import Document from '@tiptap/extension-document';
import Italic from '@tiptap/extension-italic';
import Paragraph from '@tiptap/extension-paragraph';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import Text from '@tiptap/extension-text';
import type { AnyExtension } from '@tiptap/core';
import { RatingNode } from './RatingNode';
import { COLUMN_ATTR } from '@roomtable/core';

const columnAttribute = {
  [COLUMN_ATTR]: {
    default: null,
    parseHTML: (el: HTMLElement) => el.getAttribute('data-column'),
    renderHTML: (attrs: Record<string, unknown>) =>
      attrs[COLUMN_ATTR] ? { 'data-column': attrs[COLUMN_ATTR] } : {},
  },
};

/** The room document holds exactly one table: nothing can be typed outside it. */
export const TableDocument = Document.extend({ content: 'table' });

/** A body cell that knows which template column it belongs to. */
export const AssessmentCell = TableCell.extend({
  addAttributes() {
    return { ...this.parent?.(), ...columnAttribute };
  },
});

/** A header cell that knows which template column it labels. */
export const AssessmentHeader = TableHeader.extend({
  addAttributes() {
    return { ...this.parent?.(), ...columnAttribute };
  },
});

/**
 * Every extension that shapes the room document's schema, in one list, so that the web app and
 * the tests that build documents through the real editor use the same schema.
 */
export function assessmentSchemaExtensions(): AnyExtension[] {
  return [
    TableDocument,
    Paragraph,
    Text,
    Bold,
    Italic,
    Table.configure({ resizable: false }),
    TableRow,
    AssessmentHeader,
    AssessmentCell,
    RatingNode,
  ];
}
