import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { MAX_ZOOM, MIN_ZOOM } from './usePinchZoom';
import type { BoardPresence } from './useBoardPresence';

interface Options {
  frame: RefObject<HTMLDivElement | null>;
  /** Pixels per board unit now (fit × zoom), and the fitted scale alone. */
  scale: number;
  fit: number;
  setZoom: (zoom: number) => void;
  presence: BoardPresence | null;
  /** The facilitator shares their viewport; everyone else may follow it. */
  shares: boolean;
  /** False while the plane is not shown (the list view). */
  enabled: boolean;
  /**
   * The projector: it always follows (nobody there to turn it off or pan), shows all of the
   * facilitator's view (its width and its height), and the whole plane when no facilitator shares one.
   */
  projector?: boolean;
}

/** How far (px) a scroll may land from where following put it and still be the follow's own, not the person's. */
const OWN_SCROLL_SLOP = 2;

/**
 * Follow the facilitator: the facilitator's frame sends the part of the plane it shows (in board
 * units) whenever they pan or zoom; a follower's frame takes the same width of the plane and the
 * same centre. The follower's own zoom (`userZoom`: buttons, pinch) or pan (a scroll that following
 * did not make) turns following off, so nobody fights their own board.
 */
export function useFollowView({ frame, scale, fit, setZoom, presence, shares, enabled, projector = false }: Options) {
  const [followChosen, setFollowState] = useState(false);
  const follow = projector || followChosen;
  const followRef = useRef(false);
  const expected = useRef<{ left: number; top: number } | null>(null);
  const target = presence?.facilitatorView ?? null;
  const setView = presence?.setView;

  const setFollow = useCallback((on: boolean) => {
    followRef.current = on;
    expected.current = null;
    setFollowState(on);
  }, []);

  // The facilitator: say what the frame shows on every pan and zoom.
  useEffect(() => {
    const el = frame.current;
    if (!shares || !enabled || !el || !setView || scale <= 0) return;
    const send = () => setView({ x: el.scrollLeft / scale, y: el.scrollTop / scale, width: el.clientWidth / scale, height: el.clientHeight / scale });
    send();
    el.addEventListener('scroll', send, { passive: true });
    return () => el.removeEventListener('scroll', send);
  }, [frame, shares, enabled, setView, scale]);

  // A follower: zoom to the facilitator's width of the plane…
  useEffect(() => {
    const el = frame.current;
    if (!follow || !enabled || !el || fit <= 0) return;
    if (!target) {
      // The projector with no facilitator sharing (their board closed): the whole plane again.
      if (projector) setZoom(1);
      return;
    }
    const wanted = projector ? Math.min(el.clientWidth / target.width, el.clientHeight / target.height) : el.clientWidth / target.width;
    setZoom(Math.min(MAX_ZOOM, Math.max(projector ? 1 : MIN_ZOOM, wanted / fit)));
  }, [follow, enabled, target, fit, setZoom, frame, projector]);

  // …then, once the plane has that size, scroll its centre to theirs.
  useLayoutEffect(() => {
    const el = frame.current;
    if (!follow || !enabled || !target || !el) return;
    el.scrollLeft = (target.x + target.width / 2) * scale - el.clientWidth / 2;
    el.scrollTop = (target.y + target.height / 2) * scale - el.clientHeight / 2;
    // Read back: the browser clamps to the plane, and the scroll event compares with what it kept.
    expected.current = { left: el.scrollLeft, top: el.scrollTop };
  }, [follow, enabled, target, scale, frame]);

  // A pan of the follower's own turns following off.
  useEffect(() => {
    const el = frame.current;
    if (shares || projector || !enabled || !el) return;
    const onScroll = () => {
      const e = expected.current;
      if (!followRef.current || !e) return;
      if (Math.abs(el.scrollLeft - e.left) > OWN_SCROLL_SLOP || Math.abs(el.scrollTop - e.top) > OWN_SCROLL_SLOP) setFollow(false);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [frame, shares, projector, enabled, setFollow]);

  /** The person's own zoom: applied, and following stops. */
  const userZoom = useCallback(
    (zoom: number) => {
      if (followRef.current) setFollow(false);
      setZoom(zoom);
    },
    [setFollow, setZoom],
  );

  return { follow, setFollow, userZoom, canFollow: !shares && !projector && presence !== null, facilitatorShares: target !== null };
}
