import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { yUndoPluginKey } from '@tiptap/y-tiptap';

/** What the room says after an undo or redo: which one, and whether there was anything to do. */
export type UndoResult = { what: 'undo' | 'redo'; done: boolean };

/**
 * Ends the current undo step. Y.UndoManager merges every change made within 500 ms of the previous
 * one into one step, so a quick click into another cell and typing there joined the typing before
 * it: one Ctrl+Z then took back the text of two cells. As in a word processor, a step ends where
 * the person moves elsewhere (a click, a rating control included; Tab to another cell).
 */
export function endUndoStep(view: EditorView): void {
  yUndoPluginKey.getState(view.state)?.undoManager?.stopCapturing();
}

/**
 * Undo and redo of this person's own changes [TE9], from Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y (Cmd on a
 * Mac) and from the browser's own Undo (Edit menu, context menu), each reported to `onResult` so
 * the room can say what happened. The keys are always taken: left to the browser, its native undo
 * would rewrite the editor's DOM behind ProseMirror's back.
 */
export const RoomUndo = Extension.create<{ onResult: (result: UndoResult) => void }>({
  name: 'roomUndo',
  priority: 1200,
  addOptions() {
    return { onResult: () => {} };
  },
  addKeyboardShortcuts() {
    const act = (what: UndoResult['what']) => () => {
      if (!this.editor.isEditable) return true;
      const done = what === 'undo' ? this.editor.commands.undo() : this.editor.commands.redo();
      this.options.onResult({ what, done });
      return true;
    };
    return { 'Mod-z': act('undo'), 'Shift-Mod-z': act('redo'), 'Mod-y': act('redo') };
  },
  addProseMirrorPlugins() {
    const { editor, options } = this;
    return [
      new Plugin({
        key: new PluginKey('roomUndo'),
        // A capturing listener: the rating controls stop their events before ProseMirror sees them.
        view(view) {
          const onPointer = () => endUndoStep(view);
          view.dom.addEventListener('mousedown', onPointer, true);
          return { destroy: () => view.dom.removeEventListener('mousedown', onPointer, true) };
        },
        props: {
          handleDOMEvents: {
            beforeinput(_view, event) {
              const what = event.inputType === 'historyUndo' ? 'undo' : event.inputType === 'historyRedo' ? 'redo' : null;
              if (!what) return false;
              event.preventDefault();
              if (editor.isEditable) options.onResult({ what, done: what === 'undo' ? editor.commands.undo() : editor.commands.redo() });
              return true;
            },
          },
        },
      }),
    ];
  },
});
