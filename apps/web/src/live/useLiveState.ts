import { useCallback, useEffect, useState } from 'react';
import { PEOPLE_KEY, ROOMS_KEY, ROOM_MEMBERS_KEY, StateReader, stateDocName, touchedStateKeys } from '@roomtable/core';
import { apiRequest, errorMessage } from '../api/apiRequest';
import { ApiError } from '../api/ApiError';
import { readWorkshop } from '../api/readWorkshop';
import type { LiveState, LiveStateResponse, Me } from '@roomtable/contract';
import type * as Y from 'yjs';
import { estimateClockOffset, type ClockSample } from './clockOffset';
import { useYDoc } from './useYDoc';

const KEYS = ['workshop', 'broadcast'] as const;
/** What this hook reads of the state document; a change touching none of it is not read at all. */
const RELEVANT = [...KEYS, PEOPLE_KEY, ROOMS_KEY, ROOM_MEMBERS_KEY];

/** The workshop's live state: fetched once, then kept current from the read-only state document. */
export interface LiveStateResult {
  state: LiveState | null;
  me: Me | null;
  /** Server clock minus this browser's clock, in ms; add it to `Date.now()` to get server time. */
  clockOffset: number;
  /** An error loading the state; the page shows it and offers to retry. */
  error: string | null;
  /** That error's API code (`not_found`, `person_removed`…): some get a plain page of their own (plainProblem). */
  errorCode: string | null;
  /** Why the live connection stopped for good, as an i18n key; null while it is fine. */
  liveClosedKey: string | null;
  reload: () => void;
}

/** Subscribes to one workshop's live state with the given token. */
export function useLiveState(workshopId: string, token: string | null): LiveStateResult {
  const [state, setState] = useState<LiveState | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [clockOffset, setClockOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Shared with every other user of the state document on the page (the plenary's): one socket.
  const { live, status } = useYDoc(stateDocName(workshopId), token);
  const liveClosedKey = status.closedKey;

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    setError(null);
    setErrorCode(null);
    const samples: ClockSample[] = [];
    const read = () => {
      const sentAt = Date.now();
      // Shared with the plenary's read of the same workshop when both ask at the same moment.
      return readWorkshop<LiveStateResponse>(workshopId, token, controller.signal).then((body) => {
        samples.push({ sentAt, receivedAt: Date.now(), serverNow: body.serverNow });
        setClockOffset(estimateClockOffset(samples) ?? 0);
        return body;
      });
    };
    read().then(
      (body) => {
        setMe(body.me);
        setState((current) => ({
          // Whatever the state document already said is newer; the GET fills in what it leaves out.
          workshop: current ? { ...body.workshop, ...current.workshop } : body.workshop,
          rooms: current?.rooms ?? body.rooms,
          participants: current?.participants ?? body.participants,
          broadcast: current ? current.broadcast : body.broadcast,
        }));
        // Two more readings of the server clock, one after the other: the first request of a page
        // is slow, and half of a slow round trip made a 10-minute phase start at 10:01.
        read()
          .then(read)
          .catch(() => {
            // The first reading stands; the countdown is merely less exact.
          });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(errorMessage(err));
        setErrorCode(err instanceof ApiError ? err.code : null);
      },
    );
    return () => controller.abort();
  }, [workshopId, token, attempt]);

  const synced = status.synced;
  useEffect(() => {
    if (!live) return;
    const map = live.doc.getMap('state');
    // Only the parts a change touched are read again: a pointer moved or a ballot cast in the
    // plenary changes nothing here, and re-read every person on every one of them.
    const reader = new StateReader();
    const apply = (events?: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      const touched = events ? touchedStateKeys(events) : undefined;
      if (touched && !RELEVANT.some((key) => touched.has(key))) return;
      const next: Partial<LiveState> = {};
      for (const key of KEYS) {
        if (map.has(key)) (next as Record<string, unknown>)[key] = map.get(key);
      }
      // One entry per person [SD1], per room [SD4].
      const people = reader.people(map, touched);
      if (people) next.participants = people;
      const rooms = reader.rooms(map, touched);
      if (rooms) next.rooms = rooms;
      if (Object.keys(next).length === 0) return;
      setState((current) => {
        if (!current && !next.workshop) return current;
        const merged = { ...(current as LiveState), ...next };
        // The state document may leave out what never changes (join code, template): keep the GET's.
        if (current && next.workshop) {
          const { joinCode, template, purpose } = current.workshop;
          merged.workshop = Object.assign({ joinCode, template, purpose }, next.workshop);
        }
        return { ...merged, broadcast: merged.broadcast ?? null };
      });
    };
    // Deep: a join changes an entry inside the people map, not the state map itself.
    map.observeDeep(apply);
    // Also once synced (or at once when another component of the page had it synced already).
    if (synced) apply();
    return () => map.unobserveDeep(apply);
  }, [live, synced]);

  // The state document leaves out `remainingMs` (it changes every ms); a paused clock needs it
  // to show the frozen time, so ask the API once per pause.
  const pausedWithoutTime = !!state?.workshop.paused && state.workshop.remainingMs == null;
  useEffect(() => {
    if (!pausedWithoutTime || !token) return;
    const controller = new AbortController();
    apiRequest<LiveStateResponse>('GET', `/api/workshops/${encodeURIComponent(workshopId)}`, {
      token,
      signal: controller.signal,
    }).then(
      (body) =>
        setState((current) =>
          current && current.workshop.paused && body.workshop.paused
            ? { ...current, workshop: { ...current.workshop, remainingMs: body.workshop.remainingMs ?? null } }
            : current,
        ),
      () => {
        // The clock then shows no time until the next pause; nothing else depends on it.
      },
    );
    return () => controller.abort();
  }, [pausedWithoutTime, token, workshopId]);

  const reload = useCallback(() => {
    // A connection the server closed for good is opened again, for every user of the document.
    live?.reconnect();
    setAttempt((n) => n + 1);
  }, [live]);

  return { state, me, clockOffset, error, errorCode, liveClosedKey, reload };
}
