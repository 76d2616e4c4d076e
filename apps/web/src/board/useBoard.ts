import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { boardDocName, readBoard, type Board } from '@roomtable/core';
import { useYDoc } from '../live/useYDoc';

/** The live board document `<id>/board`: the board as it is now (null until built) and the doc to move clusters in. */
export function useBoard(workshopId: string, token: string): { board: Board | null; doc: Y.Doc | null; synced: boolean } {
  const [board, setBoard] = useState<Board | null>(null);
  const { live, status } = useYDoc(boardDocName(workshopId), token);
  const doc = live?.doc ?? null;
  const synced = status.synced;

  useEffect(() => {
    if (!doc) {
      setBoard(null);
      return;
    }
    // One read per transaction, local moves included, so a drag shows at once and a remote one as it lands.
    const apply = () => setBoard(readBoard(doc));
    apply();
    doc.on('afterTransaction', apply);
    return () => doc.off('afterTransaction', apply);
  }, [doc]);

  // The server's content arrived (or a reconnect synced again): read it as it is now.
  useEffect(() => {
    if (doc && synced) setBoard(readBoard(doc));
  }, [doc, synced]);

  return { board, doc, synced };
}
