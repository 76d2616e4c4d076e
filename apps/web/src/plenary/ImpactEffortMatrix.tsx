import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MATRIX_ZONES, QUADRANTS, matrixPoints, type ItemTally, type MatrixAxes, type MatrixPoint, type MatrixZone, type PollItem } from '@roomtable/core';
import { useLocale } from '../i18n/useLocale';
import { CHART, middle, middleBand, placePoints } from './matrixLayout';
import { formatMean, pollColumnLabel } from './pollColumnLabel';
import { pollItemRooms } from './pollItemRooms';

interface Props {
  items: PollItem[];
  /** Which rating columns go up and across. */
  axes: MatrixAxes;
  /** The rating poll's tally, when there is one. */
  tally: ItemTally[] | null;
}

const CORNER: Record<Exclude<MatrixZone, 'middle'>, { x: 'start' | 'end'; y: 'top' | 'bottom' }> = {
  quickWins: { x: 'start', y: 'top' },
  bigBets: { x: 'end', y: 'top' },
  fillIns: { x: 'start', y: 'bottom' },
  timeSinks: { x: 'end', y: 'bottom' },
};

/**
 * The impact/effort chart of every suggestion (room ratings and poll ratings), with a text
 * alternative; with other axes than impact/effort, the quadrants are named by their axes.
 */
export function ImpactEffortMatrix({ items, axes, tally }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const points = matrixPoints(items, axes, tally ?? []);
  const yName = pollColumnLabel(axes.y, t);
  const xName = pollColumnLabel(axes.x, t);
  const names = { y: yName, x: xName };
  const quadrantName = (q: MatrixZone) => (axes.impactEffort ? t(`plenary.matrix.${q}`) : t(`plenary.matrix.axes.${q}`, names));
  const numberOf = new Map(items.map((item, i) => [item.key, i + 1]));
  const itemOf = new Map(items.map((item) => [item.key, item]));
  const placed = placePoints(points, numberOf);
  const mid = middle();
  const band = middleBand();
  const right = CHART.width - CHART.right;
  const bottom = CHART.height - CHART.bottom;
  const pointText = (p: MatrixPoint) => {
    const values =
      p.source === 'room'
        ? { yValue: t(`rating.${scoreRating(p.y)}`), xValue: t(`rating.${scoreRating(p.x)}`) }
        : { yValue: formatMean(p.y, locale), xValue: formatMean(p.x, locale) };
    return t(p.source === 'room' ? 'plenary.matrix.axes.byRoom' : 'plenary.matrix.axes.byPoll', { ...names, ...values });
  };

  return (
    <section className="card plenary-matrix" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{axes.impactEffort ? t('plenary.matrix.heading') : t('plenary.matrix.axes.heading', names)}</h2>
      <p className="muted">{t('plenary.matrix.legend')}</p>
      <svg
        className="matrix"
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-list`}
        data-testid="matrix"
      >
        <title id={`${id}-t`}>{t('plenary.matrix.axes.title', { ...names, count: points.length })}</title>
        <rect x={CHART.left} y={CHART.top} width={mid.x - CHART.left} height={mid.y - CHART.top} className="q q-quickWins" />
        <rect x={mid.x} y={CHART.top} width={right - mid.x} height={mid.y - CHART.top} className="q q-bigBets" />
        <rect x={CHART.left} y={mid.y} width={mid.x - CHART.left} height={bottom - mid.y} className="q q-fillIns" />
        <rect x={mid.x} y={mid.y} width={right - mid.x} height={bottom - mid.y} className="q q-timeSinks" />
        <rect x={band.x0} y={CHART.top} width={band.x1 - band.x0} height={bottom - CHART.top} className="q-middle" data-testid="middle-band" />
        <rect x={CHART.left} y={band.y0} width={right - CHART.left} height={band.y1 - band.y0} className="q-middle" />
        {QUADRANTS.map((q) => {
          const c = CORNER[q];
          return (
            <text
              key={q}
              x={c.x === 'start' ? CHART.left + 10 : right - 10}
              y={c.y === 'top' ? CHART.top + 26 : bottom - 12}
              textAnchor={c.x}
              className="q-label"
              data-testid={`quadrant-${q}`}
            >
              {quadrantName(q)}
            </text>
          );
        })}
        <line x1={CHART.left} y1={bottom} x2={right} y2={bottom} className="axis" />
        <line x1={CHART.left} y1={CHART.top} x2={CHART.left} y2={bottom} className="axis" />
        <text x={(CHART.left + right) / 2} y={CHART.height - 16} textAnchor="middle" className="axis-label">
          {xName}
        </text>
        <text x={20} y={(CHART.top + bottom) / 2} textAnchor="middle" className="axis-label" transform={`rotate(-90 20 ${(CHART.top + bottom) / 2})`}>
          {yName}
        </text>
        <text x={CHART.left} y={bottom + 22} className="tick">{t('rating.L')}</text>
        <text x={right} y={bottom + 22} textAnchor="end" className="tick">{t('rating.H')}</text>
        <text x={CHART.left - 8} y={bottom - 4} textAnchor="end" className="tick">{t('rating.short.L')}</text>
        <text x={CHART.left - 8} y={CHART.top + 14} textAnchor="end" className="tick">{t('rating.short.H')}</text>
        {placed.map((p) => (
          <g key={`${p.key}-${p.source}`} className={`marker marker-${p.source}`} data-testid={`marker-${p.source}`}>
            <title>{`${p.n}. ${p.suggestion} — ${pointText(p)}`}</title>
            <circle cx={p.cx} cy={p.cy} r={15} />
            <text x={p.cx} y={p.cy + 5} textAnchor="middle">
              {p.n}
            </text>
          </g>
        ))}
      </svg>
      <div id={`${id}-list`} className="matrix-list" data-testid="matrix-list">
        {MATRIX_ZONES.map((q) => {
          const inQ = points.filter((p) => p.quadrant === q);
          return (
            <div key={q}>
              <h3>
                {quadrantName(q)}
                {axes.impactEffort ? <> <span className="muted">({t(`plenary.matrix.${q}Hint`)})</span></> : null}
              </h3>
              {inQ.length === 0 ? (
                <p className="muted">{t('plenary.matrix.empty')}</p>
              ) : (
                <ul>
                  {inQ.map((p) => (
                    <li key={`${p.key}-${p.source}`}>
                      <span className="item-number">{numberOf.get(p.key)}</span> {p.suggestion}{' '}
                      <span className="muted">
                        {pollItemRooms(itemOf.get(p.key) ?? p, t)} — {pointText(p)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
        {items.some((i) => !points.some((p) => p.key === i.key)) ? (
          <p className="muted">
            {t('plenary.matrix.unplaced', {
              list: items
                .filter((i) => !points.some((p) => p.key === i.key))
                .map((i) => `${numberOf.get(i.key)}. ${i.suggestion}`)
                .join('; '),
            })}
          </p>
        ) : null}
      </div>
    </section>
  );
}

function scoreRating(score: number): 'H' | 'M' | 'L' {
  return score >= 3 ? 'H' : score >= 2 ? 'M' : 'L';
}
