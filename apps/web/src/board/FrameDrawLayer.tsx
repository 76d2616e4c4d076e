import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { BoardRect } from '@roomtable/core';

/**
 * Drawing a frame: a layer over the whole plane on which a press and drag draws the rectangle (a
 * dashed preview as it grows); on release the frame is made there ([BN2]). Escape gives up.
 */
export function FrameDrawLayer({ scale, onDrawn, onCancel }: { scale: number; onDrawn: (rect: BoardRect) => void; onCancel: () => void }) {
  const [rect, setRect] = useState<BoardRect | null>(null);
  const start = useRef<{ pointer: number; x: number; y: number } | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  // The layer lies inside the scaled plane: its screen box over the scale is the plane in board units.
  const at = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: (e.clientX - box.left) / scale, y: (e.clientY - box.top) / scale };
  };
  const spanning = (a: { x: number; y: number }, b: { x: number; y: number }): BoardRect => ({
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(a.x - b.x),
    height: Math.abs(a.y - b.y),
  });
  return (
    <div
      className="board-draw-layer"
      data-testid="board-draw-layer"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { pointer: e.pointerId, ...at(e) };
        setRect({ ...at(e), width: 0, height: 0 });
      }}
      onPointerMove={(e) => {
        const s = start.current;
        if (s && s.pointer === e.pointerId) setRect(spanning(s, at(e)));
      }}
      onPointerUp={(e) => {
        const s = start.current;
        if (!s || s.pointer !== e.pointerId) return;
        start.current = null;
        setRect(null);
        onDrawn(spanning(s, at(e)));
      }}
      onPointerCancel={() => {
        start.current = null;
        setRect(null);
      }}
    >
      {rect ? <div className="board-draw-preview" style={{ left: rect.x, top: rect.y, width: rect.width, height: rect.height }} /> : null}
    </div>
  );
}
