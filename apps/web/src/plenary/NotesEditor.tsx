import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import type * as Y from 'yjs';

/** The notes' editor: TipTap with StarterKit on the `<id>/plenary` document, read-only unless `writable`. */
export function NotesEditor({ ydoc, writable }: { ydoc: Y.Doc; writable: boolean }) {
  const { t } = useTranslation();
  const editor = useEditor(
    {
      immediatelyRender: true,
      // TipTap's base styles come from styles/prosemirror.css: an injected <style> breaks the CSP.
      injectCSS: false,
      editable: writable,
      // Yjs keeps the history; the editor's own undo would fight it.
      extensions: [StarterKit.configure({ undoRedo: false, link: false }), Collaboration.configure({ document: ydoc })],
      // A role of its own: read-only (contenteditable=false) it is a plain div, on which axe refuses
      // the aria-label that names it (aria-prohibited-attr, serious).
      editorProps: {
        attributes: { class: 'notes-editor', role: 'textbox', 'aria-multiline': 'true', 'aria-label': t('plenary.notes.label'), 'data-testid': 'notes-editor' },
      },
    },
    [ydoc],
  );
  useEffect(() => {
    if (editor.isEditable !== writable) editor.setEditable(writable);
  }, [editor, writable]);
  return <EditorContent editor={editor} />;
}
