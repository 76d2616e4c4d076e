import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/** The plane's zoom range, the same as the zoom buttons': at the least half the fitted size, so the whole plane always fits. */
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 4;
/** Two taps within this time and distance are a double tap. */
const DOUBLE_TAP_MS = 320;
const DOUBLE_TAP_PX = 30;

interface Options {
  zoom: number;
  setZoom: (zoom: number) => void;
  /** The fitted scale (plane units to pixels at zoom 1). */
  fit: number;
  /** False while the frame is not shown (the list view); a new frame is listened to when it comes back. */
  enabled: boolean;
}

interface Pinch {
  distance: number;
  zoom: number;
  /** The plane point under the fingers' midpoint when the pinch began, in plane units. */
  anchorX: number;
  anchorY: number;
}

const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

/**
 * Touch on the board's frame (the scrolling box around the plane): two fingers pinch to zoom and
 * move to pan, the plane point under them staying under them; a double tap on the empty plane
 * resets the zoom and scrolls back to the top corner. One finger on a card is the card's own drag
 * (pointer events, touch-action: none), but not once a second finger makes it a pinch; one finger
 * elsewhere scrolls as usual.
 *
 * Touch events rather than pointer events: the page must not scroll or zoom itself during a pinch,
 * and only a non-passive touchmove listener can refuse that once the gesture is under way. Zoom
 * stays within [MIN_ZOOM, MAX_ZOOM] and the browser clamps the scroll position to the plane, so no
 * gesture can leave the cards off-screen: at worst they are scrolled away, and a double tap or the
 * Fit button brings them back.
 */
export function usePinchZoom(frame: RefObject<HTMLDivElement | null>, { zoom, setZoom, fit, enabled }: Options): void {
  const latest = useRef({ zoom, fit, setZoom });
  latest.current = { zoom, fit, setZoom };
  // Where to scroll once the new zoom has been laid out: the plane is not yet bigger when the
  // pinch asks for it, so the browser would clamp a scroll set at once.
  const pending = useRef<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const el = frame.current;
    const to = pending.current;
    if (!el || !to) return;
    pending.current = null;
    el.scrollLeft = to.left;
    el.scrollTop = to.top;
  }, [zoom, fit, frame]);

  useEffect(() => {
    const el = frame.current;
    if (!el || !enabled) return;
    let pinch: Pinch | null = null;
    let lastTap: { at: number; x: number; y: number } | null = null;
    const midpoint = (a: Touch, b: Touch) => {
      const box = el.getBoundingClientRect();
      return { x: (a.clientX + b.clientX) / 2 - box.left, y: (a.clientY + b.clientY) / 2 - box.top };
    };
    const spread = (a: Touch, b: Touch) => Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY) || 1;

    const onStart = (e: TouchEvent) => {
      const [a, b] = [e.touches[0], e.touches[1]];
      if (e.touches.length !== 2 || !a || !b) return;
      const { zoom: z, fit: f } = latest.current;
      const m = midpoint(a, b);
      const scale = f * z;
      pinch = { distance: spread(a, b), zoom: z, anchorX: (el.scrollLeft + m.x) / scale, anchorY: (el.scrollTop + m.y) / scale };
      lastTap = null;
    };
    const onMove = (e: TouchEvent) => {
      const [a, b] = [e.touches[0], e.touches[1]];
      if (!pinch || e.touches.length !== 2 || !a || !b) return;
      if (e.cancelable) e.preventDefault();
      const { fit: f, setZoom: set, zoom: current } = latest.current;
      const z = clampZoom((pinch.zoom * spread(a, b)) / pinch.distance);
      const m = midpoint(a, b);
      // Keep the anchor under the fingers' midpoint: zooming and two-finger panning at once.
      const target = { left: pinch.anchorX * f * z - m.x, top: pinch.anchorY * f * z - m.y };
      if (z === current) {
        el.scrollLeft = target.left;
        el.scrollTop = target.top;
      } else {
        pending.current = target;
        set(z);
      }
    };
    const onEnd = (e: TouchEvent) => {
      if (e.touches.length < 2) pinch = null;
      // A double tap on the empty plane (not on a card, which a tap may be about to drag) resets.
      const touch = e.changedTouches[0];
      if (e.touches.length > 0 || e.changedTouches.length !== 1 || !touch) return;
      if (e.target instanceof Element && e.target.closest('.board-cluster')) return;
      const now = performance.now();
      if (lastTap && now - lastTap.at < DOUBLE_TAP_MS && Math.hypot(touch.clientX - lastTap.x, touch.clientY - lastTap.y) < DOUBLE_TAP_PX) {
        lastTap = null;
        if (e.cancelable) e.preventDefault();
        pending.current = { left: 0, top: 0 };
        latest.current.setZoom(1);
        el.scrollLeft = 0;
        el.scrollTop = 0;
        return;
      }
      lastTap = { at: now, x: touch.clientX, y: touch.clientY };
    };
    // A pinch that begins with one finger on a card must not drag the card along: while two
    // fingers are down, their pointer moves stop here, before React's listener at the root (which
    // the card's drag handler hangs from) ever sees them.
    const onPointerMove = (e: PointerEvent) => {
      if (pinch && e.pointerType === 'touch') e.stopPropagation();
    };
    el.addEventListener('pointermove', onPointerMove, { capture: true });
    el.addEventListener('touchstart', onStart, { passive: true });
    el.addEventListener('touchmove', onMove, { passive: false });
    el.addEventListener('touchend', onEnd, { passive: false });
    el.addEventListener('touchcancel', onEnd, { passive: false });
    return () => {
      el.removeEventListener('pointermove', onPointerMove, { capture: true });
      el.removeEventListener('touchstart', onStart);
      el.removeEventListener('touchmove', onMove);
      el.removeEventListener('touchend', onEnd);
      el.removeEventListener('touchcancel', onEnd);
    };
  }, [frame, enabled]);
}
