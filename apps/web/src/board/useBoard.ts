import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { boardDocName, readBoard, type Board } from '@roomtable/core';
import { syncUrl } from '../live/syncUrl';

/** The live board document `<id>/board`: the board as it is now (null until built) and the doc to move clusters in. */
export function useBoard(workshopId: string, token: string): { board: Board | null; doc: Y.Doc | null; synced: boolean } {
  const [board, setBoard] = useState<Board | null>(null);
  const [doc, setDoc] = useState<Y.Doc | null>(null);
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    const ydoc = new Y.Doc();
    const provider = new WebsocketProvider(syncUrl(), boardDocName(workshopId), ydoc, { params: { token }, disableBc: true });
    provider.awareness.setLocalState(null);
    // One read per transaction, local moves included, so a drag shows at once and a remote one as it lands.
    const apply = () => setBoard(readBoard(ydoc));
    const onSync = (s: boolean) => {
      setSynced(s);
      apply();
    };
    ydoc.on('afterTransaction', apply);
    provider.on('sync', onSync);
    setDoc(ydoc);
    return () => {
      ydoc.off('afterTransaction', apply);
      provider.off('sync', onSync);
      provider.destroy();
      ydoc.destroy();
      setDoc(null);
      setBoard(null);
      setSynced(false);
    };
  }, [workshopId, token]);

  return { board, doc, synced };
}
