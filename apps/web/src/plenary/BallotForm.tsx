import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RATINGS, type Ballot, type PublicPoll, type Rating } from '@roomtable/core';
import { apiRequest } from '../api/apiRequest';
import { ActionText } from '../facilitate/ActionOutcome';
import { useAction } from '../facilitate/useAction';
import { pollColumnLabel } from './pollColumnLabel';
import { pollItemRooms } from './pollItemRooms';

type Ratings = Record<string, Partial<Record<string, Rating>>>;

/** The person's one ballot in an open poll: loaded if cast before, changeable until the poll closes. */
export function BallotForm({ workshopId, token, poll }: { workshopId: string; token: string; poll: PublicPoll }) {
  const { t } = useTranslation();
  const path = `/api/workshops/${encodeURIComponent(workshopId)}/polls/${encodeURIComponent(poll.id)}/ballot`;
  const [ratings, setRatings] = useState<Ratings>({});
  const [dots, setDots] = useState<Record<string, number>>({});
  const action = useAction(token);

  useEffect(() => {
    const controller = new AbortController();
    apiRequest<{ ballot: Ballot | null }>('GET', path, { token, signal: controller.signal }).then(
      ({ ballot }) => {
        if (ballot?.kind === 'rating') setRatings(ballot.ratings);
        if (ballot?.kind === 'dots') setDots(ballot.dots);
      },
      () => {
        // No earlier ballot to show; the person starts from an empty one.
      },
    );
    return () => controller.abort();
  }, [path, token]);

  const budget = poll.dots ?? 0;
  const spent = Object.values(dots).reduce((a, b) => a + b, 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body =
      poll.kind === 'rating'
        ? // Only fully rated suggestions are sent: the poll wants every column of an item or none.
          { kind: 'rating', ratings: Object.fromEntries(Object.entries(ratings).filter(([, r]) => poll.columns.every((c) => r[c.key]))) }
        : { kind: 'dots', dots };
    void action.run('PUT', path, body, t('plenary.poll.saved'));
  };

  const setRating = (key: string, axis: string, value: Rating) =>
    setRatings((r) => ({ ...r, [key]: { ...r[key], [axis]: value } }));
  const addDot = (key: string, delta: number) =>
    setDots((d) => {
      const next = Math.max(0, (d[key] ?? 0) + delta);
      if (delta > 0 && spent >= budget) return d;
      return { ...d, [key]: next };
    });

  return (
    <form onSubmit={submit} className="ballot" data-testid="ballot">
      {poll.kind === 'dots' ? (
        <p className="dots-left" aria-live="polite" data-testid="dots-left">
          {t('plenary.poll.dotsLeft', { count: budget - spent, total: budget })}
        </p>
      ) : null}
      <ol className="ballot-items">
        {poll.items.map((item, index) => (
          <li key={item.key} className="ballot-item" data-testid="ballot-item">
            <p className="ballot-suggestion">
              <span className="item-number">{index + 1}</span> {item.suggestion}{' '}
              <span className="muted">{pollItemRooms(item, t)}</span>
            </p>
            {poll.kind === 'rating' ? (
              <div className="ballot-ratings">
                {poll.columns.map(({ key: axis, label }) => (
                  <fieldset key={axis}>
                    <legend>{pollColumnLabel({ key: axis, label }, t)}</legend>
                    <div className="segmented">
                    {RATINGS.map((r) => (
                      <label key={r} className={ratings[item.key]?.[axis] === r ? 'segment checked' : 'segment'}>
                        <input
                          type="radio"
                          name={`${item.key}-${axis}`}
                          checked={ratings[item.key]?.[axis] === r}
                          onChange={() => setRating(item.key, axis, r)}
                          data-testid={`rate-${axis}-${r}`}
                        />
                        <span>{t(`rating.${r}`)}</span>
                      </label>
                    ))}
                    </div>
                  </fieldset>
                ))}
              </div>
            ) : (
              <div className="dot-stepper" role="group" aria-label={t('plenary.poll.dotsFor', { n: index + 1 })}>
                <button type="button" className="secondary" onClick={() => addDot(item.key, -1)} disabled={!dots[item.key]} aria-label={t('plenary.poll.removeDot')}>
                  −
                </button>
                <span className="dot-count" data-testid="dot-count">
                  {'●'.repeat(dots[item.key] ?? 0) || '0'}
                </span>
                <button type="button" className="secondary" onClick={() => addDot(item.key, 1)} disabled={spent >= budget} aria-label={t('plenary.poll.addDot')} data-testid="add-dot">
                  +
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="submit" disabled={action.busy} data-testid="submit-ballot">
          {t('plenary.poll.submit')}
        </button>
        <span role="status" className="toolbar-message">
          <ActionText action={action} />
        </span>
      </div>
    </form>
  );
}
