import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { POLL_LIMITS, type PollColumn, type PublicPoll } from '@roomtable/core';
import { useLocale } from '../i18n/useLocale';
import { pollColumnLabel } from './pollColumnLabel';
import { ActionText } from '../facilitate/ActionOutcome';
import { useAction } from '../facilitate/useAction';
import { BallotForm } from './BallotForm';
import { PollTally } from './PollTally';

interface Props {
  workshopId: string;
  token: string;
  polls: PublicPoll[];
  facilitator: boolean;
  reporting: boolean;
  /** The template's rating columns: without any, only a dot vote is offered. */
  ratingColumns: PollColumn[];
}

/** Polls built from the latest snapshot: the facilitator opens and closes them, everyone votes once. */
export function PollPanel({ workshopId, token, polls, facilitator, reporting, ratingColumns }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const columnList = (columns: PollColumn[]) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(columns.map((c) => pollColumnLabel(c, t)));
  const action = useAction(token);
  const [dots, setDots] = useState(3);
  const base = `/api/workshops/${encodeURIComponent(workshopId)}/polls`;
  const open = polls.find((p) => p.closedAt === null) ?? null;
  const shown = open ?? polls.at(-1) ?? null;

  return (
    <section className="card plenary-poll" aria-labelledby="poll-heading" data-testid="poll">
      <h2 id="poll-heading">{t('plenary.poll.heading')}</h2>
      {facilitator && reporting ? (
        <div className="button-row">
          {open ? (
            <button type="button" className="danger" onClick={() => void action.run('POST', `${base}/${open.id}/close`, undefined, t('plenary.poll.closedNow'))} data-testid="close-poll">
              {t('plenary.poll.close')}
            </button>
          ) : (
            <>
              {ratingColumns.length > 0 ? (
                <button type="button" onClick={() => void action.run('POST', base, { kind: 'rating' }, t('plenary.poll.opened'))} data-testid="open-rating-poll">
                  {t('plenary.poll.openRating')}
                </button>
              ) : null}
              <label className="field-row">
                <span>{t('plenary.poll.dotsEach')}</span>
                <input
                  type="number"
                  min={POLL_LIMITS.dotsMin}
                  max={POLL_LIMITS.dotsMax}
                  value={dots}
                  onChange={(e) => setDots(Number(e.target.value))}
                />
              </label>
              <button type="button" className="secondary" onClick={() => void action.run('POST', base, { kind: 'dots', dots }, t('plenary.poll.opened'))} data-testid="open-dot-poll">
                {t('plenary.poll.openDots')}
              </button>
            </>
          )}
          <span role="status" className="toolbar-message">
            <ActionText action={action} />
          </span>
        </div>
      ) : null}
      {facilitator && reporting && !open ? (
        <p className="muted" data-testid="poll-from-board">
          {t('plenary.poll.fromBoard')}
        </p>
      ) : null}
      {facilitator && reporting && !open && ratingColumns.length === 0 ? (
        <p className="muted" data-testid="no-rating-columns">
          {t('plenary.poll.noRatingColumns')}
        </p>
      ) : null}
      {!shown ? (
        <p className="muted">{t('plenary.poll.none')}</p>
      ) : (
        <>
          <p className="poll-status" data-testid="poll-status">
            {shown.kind === 'rating' ? t('plenary.poll.kindRatingOn', { columns: columnList(shown.columns) }) : t('plenary.poll.kindDots', { count: shown.dots ?? 0 })}
            {' — '}
            {shown.closedAt === null ? t('plenary.poll.isOpen') : t('plenary.poll.isClosed')}
          </p>
          {shown.closedAt === null ? <BallotForm key={shown.id} workshopId={workshopId} token={token} poll={shown} /> : null}
          <PollTally poll={shown} />
        </>
      )}
    </section>
  );
}
