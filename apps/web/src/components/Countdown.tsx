import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkshopInfo } from '@roomtable/contract';
import { formatCountdown, formatTime, spokenDuration } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { remainingMs } from '../live/remainingMs';
import { useNow } from '../live/useNow';

// Warnings a person gets before time runs out, in minutes, largest first.
const WARNINGS = [5, 1];

/** The phase clock, corrected by the server clock offset, with spoken warnings near the end. */
export function Countdown({ workshop, clockOffset }: { workshop: WorkshopInfo; clockOffset: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
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
      // The minutes actually left: a page opened at 3:10 says "4 minutes", not "5".
      setWarning(t('clock.warning', { count: Math.ceil(left / 60_000) }));
    } else if (left === 0 && warned.current !== `${workshop.phase}:${workshop.endsAt}:0`) {
      warned.current = `${workshop.phase}:${workshop.endsAt}:0`;
      setWarning(t('clock.timeUp'));
    }
  }, [left, workshop.paused, workshop.phase, workshop.endsAt, t]);

  if (left === null) return null;
  const endsAt = workshop.endsAt === null || workshop.endsAt === undefined ? NaN : Number(new Date(workshop.endsAt));
  return (
    <div className="countdown">
      <span className="countdown-label">{workshop.paused ? t('clock.paused') : t('clock.left')}</span>{' '}
      <span
        role="timer"
        data-testid="countdown"
        aria-label={spokenDuration(left, locale)}
        className={left < 60_000 ? 'countdown-time urgent' : 'countdown-time'}
      >
        {formatCountdown(left, locale)}
      </span>
      {!workshop.paused && Number.isFinite(endsAt) && left > 0 ? (
        <>
          {' '}
          <span className="countdown-ends muted">{t('clock.endsAt', { time: formatTime(endsAt - clockOffset, locale) })}</span>
        </>
      ) : null}
      <span className="visually-hidden" aria-live="assertive" data-testid="clock-warning">
        {warning}
      </span>
    </div>
  );
}
