import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { plenaryDocName } from '@roomtable/core';
import { useYDoc } from '../live/useYDoc';

/**
 * The notes' editor in a chunk of its own. Imported statically, it put TipTap, ProseMirror and
 * StarterKit (~110 KiB gzip, the largest part of the page) in the plenary's first download, so on
 * venue Wi-Fi the presenting room's report waited ~2 s for an editor it does not use; now the
 * report renders first and the notes follow.
 */
const NotesEditor = lazy(() => import('./NotesEditor').then((m) => ({ default: m.NotesEditor })));

/** The full-group notes: the `<id>/plenary` document, editable by the facilitator and the note-takers. */
export function PlenaryNotes({ workshopId, token, writable }: { workshopId: string; token: string; writable: boolean }) {
  const { t } = useTranslation();
  // The notes keep the awareness they always had (an empty state each; no carets are drawn yet).
  // The editor's code is asked for only once the notes have synced (it mounts only then): after
  // the page's own scripts, not with them.
  const { live, status } = useYDoc(plenaryDocName(workshopId), token, { presence: true });
  const synced = status.synced;
  const loading = <p className="loading">{t('status.loading')}</p>;

  return (
    <section className="card plenary-notes" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('plenary.notes.heading')}</h2>
      {!writable ? <p className="read-only-note">{t('plenary.notes.readOnly')}</p> : null}
      {/* Mounted after the first sync, so the editor never writes an empty paragraph over the notes. */}
      {live && synced ? (
        <Suspense fallback={loading}>
          <NotesEditor key={live.doc.guid} ydoc={live.doc} writable={writable} />
        </Suspense>
      ) : (
        loading
      )}
    </section>
  );
}
