import { useCallback, useEffect, useState } from 'react';
import { apiRequest, errorMessage } from '../api/apiRequest';
import { ApiError } from '../api/ApiError';
import type { LiveStateResponse } from '@roomtable/contract';
import { loadPlan, loadSnapshots } from './reviewApi';
import type { DraftPlan, SnapshotDetail } from './reviewTypes';

/** The workshop, its snapshots and its draft plan, loaded together; `reload` after a change. */
export function useReviewData(workshopId: string, token: string | null) {
  const [state, setState] = useState<LiveStateResponse | null>(null);
  const [snapshots, setSnapshots] = useState<SnapshotDetail[]>([]);
  const [plan, setPlan] = useState<DraftPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Its API code: a deleted workshop or a revoked link gets a plain page (plainProblem).
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    setError(null);
    setErrorCode(null);
    Promise.all([
      apiRequest<LiveStateResponse>('GET', `/api/workshops/${encodeURIComponent(workshopId)}`, { token }),
      loadSnapshots(workshopId, token),
      loadPlan(workshopId, token),
    ]).then(
      ([s, snaps, p]) => {
        if (cancelled) return;
        setState(s);
        setSnapshots(snaps);
        setPlan(p);
      },
      (err: unknown) => {
        if (cancelled) return;
        setError(errorMessage(err));
        setErrorCode(err instanceof ApiError ? err.code : null);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [workshopId, token, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, snapshots, plan, setPlan, error, errorCode, reload };
}
