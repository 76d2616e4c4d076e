import { Extension, mergeAttributes, type AnyExtension, type Node } from '@tiptap/core';
import { ReactNodeViewRenderer } from '@tiptap/react';
import { NODE, type Template } from '@roomtable/core';
import { LockedSkeleton, TableEditing, assessmentSchemaExtensions, type SkeletonProblem } from '@roomtable/editor';
import { enterTable, moveToCell } from './cellNavigation';
import { ReadDomSelection } from './ReadDomSelection';
import { LocalizedHeaders } from './LocalizedHeaders';
import { RatingView } from './RatingView';
import { RoomUndo, type UndoResult } from './RoomUndo';

/**
 * Tab / Shift+Tab move cell by cell, rating cells included (the table extension's own Tab skips
 * them and, at the end, adds a row without the template's rating cells). At either end of the
 * table Tab is left to the browser, so keyboard focus is never trapped in the table.
 */
const CellNavigation = Extension.create({
  name: 'cellNavigation',
  priority: 1000,
  addKeyboardShortcuts() {
    return {
      Tab: () => moveToCell(this.editor, 1),
      'Shift-Tab': () => moveToCell(this.editor, -1),
    };
  },
  // Tabbing into the table lands the caret in a cell, ready to type, rather than nowhere.
  onFocus() {
    if (this.editor.isEditable) enterTable(this.editor);
  },
});

/**
 * The shared schema with the web app's rendering on top: the React rating control, and a
 * `data-testid="row"` on body rows, headings in the reader's language and not editable. Only
 * rendering changes, so documents stay identical. With it the locked skeleton, the table's own
 * editing rules, and undo of this person's changes; refusals and undo results are reported.
 */
export function roomExtensions(
  template: Template,
  report: { onUndo?: (result: UndoResult) => void; onRefused?: (problem: SkeletonProblem) => void } = {},
): AnyExtension[] {
  const schema = assessmentSchemaExtensions().map((ext) => {
    if (ext.name === NODE.rating) {
      return (ext as Node).extend({
        addNodeView() {
          // The control handles its own clicks and keys; ProseMirror must not turn them into selections.
          return ReactNodeViewRenderer(RatingView, { stopEvent: () => true });
        },
      });
    }
    if (ext.name === NODE.header) {
      return (ext as Node).extend({
        // Headings are the template's: the browser never puts a caret into one.
        renderHTML({ HTMLAttributes }) {
          return ['th', mergeAttributes(HTMLAttributes, { contenteditable: 'false' }), 0];
        },
      });
    }
    if (ext.name === NODE.row) {
      return (ext as Node).extend({
        renderHTML({ node, HTMLAttributes }) {
          const header = node.firstChild?.type.name === NODE.header;
          return ['tr', mergeAttributes(HTMLAttributes, header ? {} : { 'data-testid': 'row' }), 0];
        },
      });
    }
    return ext;
  });
  return [
    ...schema,
    CellNavigation,
    LocalizedHeaders,
    LockedSkeleton.configure({ template, onRefused: report.onRefused ?? (() => {}) }),
    TableEditing.configure({ template }),
    ReadDomSelection,
    RoomUndo.configure({ onResult: report.onUndo ?? (() => {}) }),
  ];
}
