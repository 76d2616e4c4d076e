import { Extension } from '@tiptap/core';
import { Fragment, Slice } from '@tiptap/pm/model';
import { NodeSelection, Plugin, PluginKey } from '@tiptap/pm/state';
import { CellSelection } from '@tiptap/pm/tables';
import { DEFAULT_TEMPLATE, NODE, type Template } from '@roomtable/core';
import { atCellEdge, clearSelectedCells, keepStructure, paragraphsOf, selectCellText, typeOverCells } from './cellEditing';
import { pasteTransaction, readClipboard } from './tablePaste';

/**
 * Keys, typing and paste in the room table as a spreadsheet user expects them, never touching the
 * table's structure [TE5]–[TE8]: Ctrl+A selects the cell's text; Delete, Backspace and typing over
 * selected cells clear the text cells only; Backspace at a cell's start and Delete at its end do
 * nothing; a rating is never typed over; pasted HTML, lines and tab-separated blocks go into cells
 * as text. Runs before the table extension's own keys and paste.
 */
export const TableEditing = Extension.create<{ template: Template }>({
  name: 'tableEditingRules',
  priority: 1100,
  addOptions() {
    return { template: DEFAULT_TEMPLATE };
  },
  addKeyboardShortcuts() {
    const run = (command: typeof selectCellText) => () => command(this.editor.state, this.editor.view.dispatch);
    return {
      'Mod-a': run(selectCellText),
      Backspace: () => run(clearSelectedCells)() || run(atCellEdge('backward'))(),
      'Mod-Backspace': () => run(clearSelectedCells)() || run(atCellEdge('backward'))(),
      'Shift-Backspace': () => run(clearSelectedCells)() || run(atCellEdge('backward'))(),
      'Alt-Backspace': () => run(clearSelectedCells)() || run(atCellEdge('backward'))(),
      Delete: () => run(clearSelectedCells)() || run(atCellEdge('forward'))(),
      'Mod-Delete': () => run(clearSelectedCells)() || run(atCellEdge('forward'))(),
      'Alt-Delete': () => run(clearSelectedCells)() || run(atCellEdge('forward'))(),
      Enter: run(keepStructure),
      'Shift-Enter': run(keepStructure),
    };
  },
  addProseMirrorPlugins() {
    const template = this.options.template;
    return [
      new Plugin({
        key: new PluginKey('tableEditingRules'),
        props: {
          handleTextInput(view, _from, _to, text) {
            const { selection } = view.state;
            if (selection instanceof CellSelection) {
              const tr = typeOverCells(view.state, text);
              if (tr) view.dispatch(tr);
              return true;
            }
            // A rating is chosen with its H/M/L control, never replaced by typed text.
            return selection instanceof NodeSelection && selection.node.type.name === NODE.rating;
          },
          handlePaste(view, event) {
            const data = event.clipboardData;
            const pasted = data ? readClipboard(data.getData('text/plain'), data.getData('text/html')) : null;
            if (!pasted) return true;
            const tr = pasteTransaction(view.state, pasted, template);
            if (tr) view.dispatch(tr);
            return true;
          },
          // Dropped or otherwise inserted content arrives as lines of text, never as structure.
          transformPasted(slice, view) {
            let structural = false;
            slice.content.descendants((node) => {
              if (node.type.name !== NODE.paragraph && !node.isText) structural = true;
              return !structural;
            });
            if (!structural) return slice;
            const text = slice.content.textBetween(0, slice.content.size, '\n', '\n');
            return new Slice(Fragment.from(paragraphsOf(view.state.schema, text)), 1, 1);
          },
        },
      }),
    ];
  },
});
