import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { plenaryDocName } from '@roomtable/core';
import { syncUrl } from '../live/syncUrl';

/** The full-group notes: the `<id>/plenary` document, editable by the facilitator and the note-takers. */
export function PlenaryNotes({ workshopId, token, writable }: { workshopId: string; token: string; writable: boolean }) {
  const { t } = useTranslation();
  const [connection, setConnection] = useState<{ ydoc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    const ydoc = new Y.Doc();
    const provider = new WebsocketProvider(syncUrl(), plenaryDocName(workshopId), ydoc, { params: { token }, disableBc: true });
    const onSync = (s: boolean) => setSynced(s);
    provider.on('sync', onSync);
    setConnection({ ydoc, provider });
    return () => {
      provider.off('sync', onSync);
      provider.destroy();
      ydoc.destroy();
      setSynced(false);
    };
  }, [workshopId, token]);

  return (
    <section className="card plenary-notes" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('plenary.notes.heading')}</h2>
      {!writable ? <p className="read-only-note">{t('plenary.notes.readOnly')}</p> : null}
      {/* Mounted after the first sync, so the editor never writes an empty paragraph over the notes. */}
      {connection && synced ? <NotesEditor key={connection.ydoc.guid} ydoc={connection.ydoc} writable={writable} /> : <p className="loading">{t('status.loading')}</p>}
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
