import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readPlenary, stateDocName, type PublicPlenary } from '@roomtable/core';
import { apiRequest } from '../api/apiRequest';
import { syncUrl } from '../live/syncUrl';

/** The plenary part of the live state: fetched once, then followed on the read-only state document. */
export function usePlenary(workshopId: string, token: string): PublicPlenary | null {
  const [plenary, setPlenary] = useState<PublicPlenary | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let live = false;
    apiRequest<{ plenary: PublicPlenary }>('GET', `/api/workshops/${encodeURIComponent(workshopId)}`, { token, signal: controller.signal }).then(
      (body) => {
        // The state document is newer once it has spoken; the GET only fills the first paint.
        if (!live) setPlenary(body.plenary);
      },
      () => {
        // The page's own state loader shows load errors; the live document still fills this in.
      },
    );
    const ydoc = new Y.Doc();
    const provider = new WebsocketProvider(syncUrl(), stateDocName(workshopId), ydoc, { params: { token }, disableBc: true });
    provider.awareness.setLocalState(null);
    const map = ydoc.getMap<unknown>('state');
    const apply = () => {
      const value = readPlenary(map);
      if (!value) return;
      live = true;
      setPlenary(value);
    };
    // Deep: an upvote or a ballot changes an entry inside the plenary map [SD2].
    map.observeDeep(apply);
    provider.on('sync', (synced: boolean) => {
      if (synced) apply();
    });
    return () => {
      controller.abort();
      map.unobserveDeep(apply);
      provider.destroy();
      ydoc.destroy();
    };
  }, [workshopId, token]);

  return plenary;
}
