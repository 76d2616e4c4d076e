import { useEffect, useState } from 'react';
import type { RoomInfo, RoomMessageResponse } from '@roomtable/contract';
import { apiRequest } from '../api/apiRequest';

/**
 * The text of the facilitator's message to `room` [RM3]. The live state only says that there is one
 * and since when (it reaches every member); the text is read from the room's own route whenever
 * that signal changes, so a new message shows as soon as the state document brings its signal.
 * Null while there is none, while it loads, or when the read fails (the next signal retries).
 */
export function useRoomMessage(workshopId: string, token: string, room: RoomInfo | undefined, enabled: boolean): string | null {
  const at = room?.message?.at ?? null;
  const number = room?.number ?? null;
  const [read, setRead] = useState<{ at: number; text: string } | null>(null);
  useEffect(() => {
    if (!enabled || at === null || number === null) return;
    const abort = new AbortController();
    const path = `/api/workshops/${encodeURIComponent(workshopId)}/rooms/${number}/message`;
    apiRequest<RoomMessageResponse>('GET', path, { token, signal: abort.signal })
      .then((body) => setRead(body.message ? { at: body.message.at, text: body.message.message } : null))
      .catch(() => undefined);
    return () => abort.abort();
  }, [workshopId, token, number, at, enabled]);
  // A text read for an older signal is never shown for a newer one (or after the message was cleared).
  return at !== null && read?.at === at ? read.text : null;
}
