import { useEffect, useState } from 'react';
import { apiRequest, errorMessage } from '../api/apiRequest';
import type { RoomProgress } from '@roomtable/contract';

/** How often the console refreshes room progress; a table changes at typing speed, not faster. */
const POLL_MS = 3000;

/** Every room's progress, polled while the console is open. */
export function useProgress(workshopId: string, token: string): { rooms: RoomProgress[] | null; error: string | null } {
  const [rooms, setRooms] = useState<RoomProgress[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const body = await apiRequest<{ rooms: RoomProgress[] }>(
          'GET',
          `/api/workshops/${encodeURIComponent(workshopId)}/progress`,
          { token, signal: controller.signal },
        );
        if (stopped) return;
        setRooms(body.rooms);
        setError(null);
      } catch (err) {
        if (stopped) return;
        setError(errorMessage(err));
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [workshopId, token]);

  return { rooms, error };
}
