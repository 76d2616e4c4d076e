import { useRef, type PointerEvent } from 'react';
import type { BoardPosition } from '@roomtable/core';

/** A press that travels less than this many pixels is a click, not a drag. */
const CLICK_SLOP = 4;

interface Options {
  /** Pixels per board unit now. */
  scale: number;
  /** Where the dragged thing (or its corner) is now, in board units. */
  from: BoardPosition;
  /** Null: this person may not drag it. */
  onMove: ((to: BoardPosition) => void) | null;
  /** Told when a drag starts (true) and ends (false): the board's presence shows who moves what. */
  onDragging?: (dragging: boolean) => void;
  /** A press that did not travel: a tap or click on it. */
  onClick?: () => void;
}

/**
 * Pointer handlers that drag something on the plane: nothing is written until the press travels
 * CLICK_SLOP pixels, then at most one write per animation frame (every write is a change the server
 * checks and sends to everyone) and the last place on release.
 */
export function usePlaneDrag({ scale, from, onMove, onDragging, onClick }: Options) {
  const drag = useRef<{ pointer: number; startX: number; startY: number; from: BoardPosition; to: BoardPosition; frame: number | null; moved: boolean } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLElement>) => {
    if (!onMove || e.button !== 0) return;
    if (e.target instanceof Element && e.target.closest('button, input, textarea')) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.stopPropagation();
    drag.current = { pointer: e.pointerId, startX: e.clientX, startY: e.clientY, from, to: from, frame: null, moved: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId || !onMove) return;
    if (!d.moved && Math.hypot(e.clientX - d.startX, e.clientY - d.startY) < CLICK_SLOP) return;
    if (!d.moved) onDragging?.(true);
    d.moved = true;
    d.to = { x: d.from.x + (e.clientX - d.startX) / scale, y: d.from.y + (e.clientY - d.startY) / scale };
    if (d.frame === null) {
      d.frame = requestAnimationFrame(() => {
        d.frame = null;
        onMove(d.to);
      });
    }
  };
  const onPointerUp = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    if (d.frame !== null) cancelAnimationFrame(d.frame);
    drag.current = null;
    if (!d.moved) {
      if (e.type === 'pointerup') onClick?.();
      return;
    }
    onDragging?.(false);
    if (onMove && (d.to.x !== d.from.x || d.to.y !== d.from.y)) onMove(d.to);
  };
  return { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp };
}
