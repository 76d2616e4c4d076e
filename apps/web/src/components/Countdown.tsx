import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkshopInfo } from '../api/types';
import { formatClock, remainingMs } from '../live/remainingMs';
import { useNow } from '../live/useNow';

// Warnings a person gets before time runs out, in minutes, largest first.
const WARNINGS = [5, 1];

/** The phase clock, corrected by the server clock offset, with spoken warnings near the end. */
export function Countdown({ workshop, clockOffset }: { workshop: WorkshopInfo; clockOffset: number }) {
  const { t } = useTranslation();
  const now = useNow();
  const left = remainingMs(workshop, now + clockOffset);
  const [warning, setWarning] = useState('');
  const warned = useRef<string>('');

  useEffect(() => {
    if (left === null || workshop.paused) return;
    const minutes = WARNINGS.find((w, i) => left <= w * 60_000 && left > (WARNINGS[i + 1] ?? 0) * 60_000 && left > 0);
    const key = minutes === undefined ? '' : `${workshop.phase}:${workshop.endsAt}:${minutes}`;
    if (minutes !== undefined && warned.current !== key) {
      warned.current = key;
      setWarning(t('clock.warning', { count: minutes }));
    } else if (left === 0 && warned.current !== `${workshop.phase}:${workshop.endsAt}:0`) {
      warned.current = `${workshop.phase}:${workshop.endsAt}:0`;
      setWarning(t('clock.timeUp'));
    }
  }, [left, workshop.paused, workshop.phase, workshop.endsAt, t]);

  if (left === null) return null;
  return (
    <div className="countdown">
      <span className="countdown-label">{workshop.paused ? t('clock.paused') : t('clock.left')}</span>{' '}
      <span role="timer" data-testid="countdown" className={left < 60_000 ? 'countdown-time urgent' : 'countdown-time'}>
        {formatClock(left)}
      </span>
      <span className="visually-hidden" aria-live="assertive">
        {warning}
      </span>
    </div>
  );
}
