import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { boardDocName, readBoard, readBoardAnnotations, type Board, type BoardAnnotations } from '@roomtable/core';
import type { LiveDoc } from '../live/LiveDoc';
import { useYDoc } from '../live/useYDoc';

const NO_ANNOTATIONS: BoardAnnotations = { notes: [], frames: [] };

/**
 * The live board document `<id>/board`: the board as it is now (null until built), its sticky notes
 * and frames, and the doc to move things in. `presence`: this person announces where they look and
 * what they drag (the facilitator and note-takers; readers stay silent).
 */
export function useBoard(
  workshopId: string,
  token: string,
  presence = false,
): { board: Board | null; annotations: BoardAnnotations; doc: Y.Doc | null; live: LiveDoc | null; synced: boolean } {
  const [board, setBoard] = useState<Board | null>(null);
  const [annotations, setAnnotations] = useState<BoardAnnotations>(NO_ANNOTATIONS);
  const { live, status } = useYDoc(boardDocName(workshopId), token, { presence });
  const doc = live?.doc ?? null;
  const synced = status.synced;

  useEffect(() => {
    if (!doc) {
      setBoard(null);
      setAnnotations(NO_ANNOTATIONS);
      return;
    }
    // One read per transaction, local moves included, so a drag shows at once and a remote one as it lands.
    const apply = () => {
      setBoard(readBoard(doc));
      setAnnotations(readBoardAnnotations(doc));
    };
    apply();
    doc.on('afterTransaction', apply);
    return () => doc.off('afterTransaction', apply);
  }, [doc]);

  // The server's content arrived (or a reconnect synced again): read it as it is now.
  useEffect(() => {
    if (doc && synced) {
      setBoard(readBoard(doc));
      setAnnotations(readBoardAnnotations(doc));
    }
  }, [doc, synced]);

  return { board, annotations, doc, live, synced };
}
