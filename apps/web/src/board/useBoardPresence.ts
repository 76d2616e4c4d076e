import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveDoc } from '../live/LiveDoc';

/** The part of the plane someone's frame shows, in board units; `at` orders two facilitators' tabs. */
export interface BoardViewport {
  x: number;
  y: number;
  width: number;
  height: number;
  at: number;
}

/** What the board puts in awareness beside `user`: what this person is dragging now, and (the facilitator) their viewport. */
interface BoardPresenceState {
  drag: string | null;
  view: BoardViewport | null;
}

export interface BoardPresence {
  /** The names of the others dragging each item now (cluster, note or frame id). */
  movers: ReadonlyMap<string, string[]>;
  /** The facilitator's viewport, the newest of their tabs; null when no facilitator shares one. */
  facilitatorView: BoardViewport | null;
  /** Says what this person drags (null: nothing); does nothing for a reader. */
  setDrag: (id: string | null) => void;
  /** Shares this person's viewport, at most ten times a second (the last one always goes). */
  setView: (view: Omit<BoardViewport, 'at'> | null) => void;
}

/** How often a viewport is sent at most: smooth enough to follow, far within the server's awareness budget (60/s). */
const VIEW_EVERY_MS = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function viewOf(v: unknown): BoardViewport | null {
  if (!isRecord(v) || !isNumber(v.x) || !isNumber(v.y) || !isNumber(v.width) || !isNumber(v.height) || !isNumber(v.at)) return null;
  if (v.width <= 0 || v.height <= 0) return null;
  return { x: v.x, y: v.y, width: v.width, height: v.height, at: v.at };
}

/**
 * The board's presence through the board document's awareness: who drags what (shown as a labelled
 * outline on everyone else's board) and the facilitator's viewport (followed by whoever turns
 * "follow" on). Names only: the server puts the token's name and role in `user` ([SY17]) and shows
 * a reader's `user` alone, so nothing else about a person travels. `me` null: this person only reads.
 */
export function useBoardPresence(live: LiveDoc | null, me: { name: string; color: string } | null): BoardPresence {
  const [movers, setMovers] = useState<ReadonlyMap<string, string[]>>(new Map());
  const [facilitatorView, setFacilitatorView] = useState<BoardViewport | null>(null);
  const local = useRef<BoardPresenceState>({ drag: null, view: null });
  const pending = useRef<{ timer: ReturnType<typeof setTimeout> | null; last: number; next: Omit<BoardViewport, 'at'> | null | undefined }>({
    timer: null,
    last: 0,
    next: undefined,
  });
  const awareness = live?.provider.awareness ?? null;
  const writes = me !== null && awareness !== null;
  const name = me?.name ?? '';
  const color = me?.color ?? '';

  useEffect(() => {
    if (!awareness || !writes) return;
    // setLocalStateField does nothing on a null state (a reader's, who became a note-taker): set it whole.
    awareness.setLocalState({ ...(awareness.getLocalState() ?? {}), user: { name, color }, board: local.current });
  }, [awareness, writes, name, color]);

  useEffect(() => {
    if (!awareness) return;
    const read = () => {
      const drags = new Map<string, string[]>();
      let view: BoardViewport | null = null;
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID || !isRecord(state)) return;
        const user = isRecord(state.user) ? state.user : {};
        const board = isRecord(state.board) ? state.board : {};
        const who = typeof user.name === 'string' ? user.name : '';
        if (typeof board.drag === 'string') drags.set(board.drag, [...(drags.get(board.drag) ?? []), who]);
        const v = user.role === 'facilitator' ? viewOf(board.view) : null;
        if (v && (!view || v.at > view.at)) view = v;
      });
      setMovers(drags);
      setFacilitatorView(view);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);

  useEffect(() => {
    const p = pending.current;
    return () => {
      if (p.timer !== null) clearTimeout(p.timer);
    };
  }, []);

  const setDrag = useCallback(
    (id: string | null) => {
      if (!awareness || !writes || local.current.drag === id) return;
      local.current = { ...local.current, drag: id };
      if (awareness.getLocalState() !== null) awareness.setLocalStateField('board', local.current);
    },
    [awareness, writes],
  );

  const setView = useCallback(
    (view: Omit<BoardViewport, 'at'> | null) => {
      if (!awareness || !writes) return;
      const p = pending.current;
      p.next = view;
      const send = () => {
        p.timer = null;
        p.last = Date.now();
        if (p.next === undefined) return;
        local.current = { ...local.current, view: p.next ? { ...p.next, at: p.last } : null };
        p.next = undefined;
        if (awareness.getLocalState() !== null) awareness.setLocalStateField('board', local.current);
      };
      const wait = VIEW_EVERY_MS - (Date.now() - p.last);
      if (wait <= 0 && p.timer === null) send();
      else if (p.timer === null) p.timer = setTimeout(send, Math.max(0, wait));
    },
    [awareness, writes],
  );

  return { movers, facilitatorView, setDrag, setView };
}
