import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/** What the room says after an undo or redo: which one, and whether there was anything to do. */
export type UndoResult = { what: 'undo' | 'redo'; done: boolean };

/**
 * Undo and redo of this person's own changes [ED9], from Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y (Cmd on a
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
