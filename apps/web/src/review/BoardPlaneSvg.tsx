import { boardSvgScene, type BoardExport, type BoardSvgShape, type BoardSvgText } from '@roomtable/core';
import { useId } from 'react';

/**
 * The board's plane as an SVG on the printable page ([BO2]): core's drawing, the same the HTML export
 * prints, in the reader's language. React writes the text, so nothing typed becomes markup.
 */
export function BoardPlaneSvg({ board, text }: { board: BoardExport; text: BoardSvgText }) {
  const id = useId();
  const scene = boardSvgScene(board, text);
  return (
    // Text starts at its x whatever the page's direction: in an Arabic page it still begins inside its card.
    <svg className="board-svg" role="img" aria-labelledby={`${id}-t`} viewBox={scene.viewBox.join(' ')} width="100%" direction="ltr" fontFamily="system-ui, sans-serif" data-testid="board-svg">
      <title id={`${id}-t`}>{scene.title}</title>
      {scene.background.map((s, i) => (
        <Shape key={i} shape={s} />
      ))}
      {scene.frames.map((f) => (
        <g key={f.id} data-frame={f.id}>
          {f.shapes.map((s, i) => (
            <Shape key={i} shape={s} />
          ))}
        </g>
      ))}
      {scene.clusters.map((c) => (
        <g key={c.id} data-cluster={c.id} data-number={c.number}>
          {c.shapes.map((s, i) => (
            <Shape key={i} shape={s} />
          ))}
        </g>
      ))}
      {scene.notes.map((n) => (
        <g key={n.id} data-note={n.id}>
          {n.shapes.map((s, i) => (
            <Shape key={i} shape={s} />
          ))}
        </g>
      ))}
    </svg>
  );
}

function Shape({ shape: s }: { shape: BoardSvgShape }) {
  if (s.kind === 'rect') return <rect x={s.x} y={s.y} width={s.width} height={s.height} rx={s.rx} fill={s.fill} stroke={s.stroke} strokeDasharray={s.dash} strokeWidth={s.strokeWidth} />;
  return (
    <text x={s.x} y={s.y} fontSize={s.size} fontWeight={s.weight} fill={s.fill}>
      {s.lines.map((l, i) => (
        <tspan key={i} x={s.x} dy={i === 0 ? 0 : (s.lineHeight ?? s.size)}>
          {i === 0 && s.lead ? <tspan fontWeight={700}>{s.lead}</tspan> : null}
          {l}
        </tspan>
      ))}
    </text>
  );
}
