import { useCallback, useEffect, useState } from 'react';
import type { PublicPlenary, Row } from '@roomtable/core';
import { apiRequest, errorMessage } from '../api/apiRequest';

/** A snapshot as the plenary shows it: every room's rows. */
export interface PlenarySnapshot {
  id: string;
  takenAt: number;
  reason: string;
  rooms: Array<{ number: number; rows: Row[] }>;
}

/** What useLatestSnapshot gives: the snapshot (null until loaded, or when there is none). */
export interface LatestSnapshot {
  snapshot: PlenarySnapshot | null;
  loaded: boolean;
  error: string | null;
  reload: () => void;
}

/** The snapshot the plenary's live state refers to (the pointer's, else the newest poll's). */
export function wantedSnapshotId(plenary: PublicPlenary | null): string | null {
  return plenary?.pointer?.snapshotId ?? plenary?.polls.at(-1)?.snapshotId ?? null;
}

/**
 * The workshop's newest snapshot. `wantedId` is a snapshot the live state refers to (a pointer, a
 * poll): when it is not the one loaded, a newer snapshot exists and is fetched.
 */
export function useLatestSnapshot(workshopId: string, token: string, wantedId: string | null): LatestSnapshot {
  const [snapshot, setSnapshot] = useState<PlenarySnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const base = `/api/workshops/${encodeURIComponent(workshopId)}/snapshots`;
  const stale = wantedId !== null && snapshot !== null && snapshot.id !== wantedId;

  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    // One request, not a listing and then the newest: a round trip less on venue Wi-Fi, and half
    // the requests when every page of a hall asks at the end of the break-out.
    apiRequest<{ snapshot: PlenarySnapshot | null }>('GET', `${base}/newest`, { token, signal }).then(
      ({ snapshot: s }) => {
        setSnapshot(s);
        setError(null);
        setLoaded(true);
      },
      (err: unknown) => {
        if (!signal.aborted) setError(errorMessage(err));
      },
    );
    return () => controller.abort();
  }, [base, token, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  // Once per new wanted id: if the newest snapshot still differs (an older one is referred to), stop there.
  useEffect(() => {
    if (stale) reload();
  }, [stale, wantedId, reload]);
  return { snapshot, loaded, error, reload };
}
