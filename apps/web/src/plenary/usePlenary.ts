import { useEffect, useRef, useState } from 'react';
import { StateReader, stateDocName, touchedStateKeys, type PublicPlenary } from '@roomtable/core';
import type * as Y from 'yjs';
import { readWorkshop } from '../api/readWorkshop';
import { useYDoc } from '../live/useYDoc';

/** The plenary part of the live state: fetched once, then followed on the read-only state document. */
export function usePlenary(workshopId: string, token: string): PublicPlenary | null {
  const [plenary, setPlenary] = useState<PublicPlenary | null>(null);
  // The state document is the one `useLiveState` follows on the same page: one socket for both.
  const { live, status } = useYDoc(stateDocName(workshopId), token);
  // Whether the state document has spoken; it is newer than the GET from then on.
  const spoke = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    spoke.current = false;
    // The same read as the live state's on this page: one request for both (it was two).
    readWorkshop<{ plenary: PublicPlenary }>(workshopId, token, controller.signal).then(
      (body) => {
        // The state document is newer once it has spoken; the GET only fills the first paint.
        if (!spoke.current) setPlenary(body.plenary);
      },
      () => {
        // The page's own state loader shows load errors; the live document still fills this in.
      },
    );
    return () => controller.abort();
  }, [workshopId, token]);

  const synced = status.synced;
  useEffect(() => {
    if (!live) return;
    const map = live.doc.getMap<unknown>('state');
    // A pointer move re-reads the pointer, not every question and voter, and hands React the same
    // lists; a change outside the plenary (a join, a room's help call) hands back the same plenary.
    const reader = new StateReader();
    const apply = (events?: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      const value = reader.plenary(map, events ? touchedStateKeys(events) : undefined);
      if (!value) return;
      spoke.current = true;
      setPlenary(value);
    };
    // Deep: an upvote or a ballot changes an entry inside the plenary map [SD2].
    map.observeDeep(apply);
    // Also once synced (or at once when another component of the page had it synced already).
    if (synced) apply();
    return () => map.unobserveDeep(apply);
  }, [live, synced]);

  return plenary;
}
