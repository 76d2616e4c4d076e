import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { selectionFromDom } from '@tiptap/y-tiptap';

/**
 * ProseMirror learns where a click put the caret from `selectionchange`, a later task: a key pressed
 * right after a click (Ctrl+A, Delete, a letter) acted on the selection from before the click, in
 * another cell (issue 12: Ctrl+A then typing replaced the text of the cell left behind). And when a
 * rating control takes the focus, its node view selects the rating node while the browser's
 * selection stays in the text; a click back into that text may change nothing the browser reports,
 * so the state kept the rating selected and the next letter replaced the rating (issue 12, "typing
 * replaces a rating"). So before any key, click or focus is handled, the selection the person sees
 * becomes the editor's — read by the same function the patched binding uses before remote changes.
 */
function readDomSelection(view: EditorView): void {
  const selection = selectionFromDom(view);
  if (selection) view.dispatch(view.state.tr.setSelection(selection));
}

/** See {@link readDomSelection}. Runs before every other key handler. */
export const ReadDomSelection = Extension.create({
  name: 'readDomSelection',
  priority: 1300,
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('readDomSelection'),
        props: {
          handleKeyDown(view) {
            readDomSelection(view);
            return false;
          },
          handleDOMEvents: {
            mouseup(view) {
              readDomSelection(view);
              return false;
            },
            focus(view) {
              readDomSelection(view);
              return false;
            },
          },
        },
      }),
    ];
  },
});
