import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import type * as Y from 'yjs';
import { plenaryDocName } from '@roomtable/core';
import { useYDoc } from '../live/useYDoc';

/** The full-group notes: the `<id>/plenary` document, editable by the facilitator and the note-takers. */
export function PlenaryNotes({ workshopId, token, writable }: { workshopId: string; token: string; writable: boolean }) {
  const { t } = useTranslation();
  // The notes keep the awareness they always had (an empty state each; no carets are drawn yet).
  const { live, status } = useYDoc(plenaryDocName(workshopId), token, { presence: true });
  const synced = status.synced;

  return (
    <section className="card plenary-notes" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('plenary.notes.heading')}</h2>
      {!writable ? <p className="read-only-note">{t('plenary.notes.readOnly')}</p> : null}
      {/* Mounted after the first sync, so the editor never writes an empty paragraph over the notes. */}
      {live && synced ? <NotesEditor key={live.doc.guid} ydoc={live.doc} writable={writable} /> : <p className="loading">{t('status.loading')}</p>}
    </section>
  );
}

function NotesEditor({ ydoc, writable }: { ydoc: Y.Doc; writable: boolean }) {
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
