import { useTranslation } from 'react-i18next';
import { RATINGS, type PublicPoll } from '@roomtable/core';
import { useLocale } from '../i18n/useLocale';
import { formatMean, pollColumnLabel } from './pollColumnLabel';
import { pollItemRooms } from './pollItemRooms';

/** Live results of a poll: rating counts and means per suggestion and column, or dots as bars, most dots first. */
export function PollTally({ poll }: { poll: PublicPoll }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const numberOf = new Map(poll.items.map((item, i) => [item.key, i + 1]));
  const itemOf = new Map(poll.items.map((item) => [item.key, item]));
  const rows = poll.kind === 'dots' ? [...poll.tally].sort((a, b) => b.dots - a.dots) : poll.tally;
  const maxDots = Math.max(1, ...poll.tally.map((x) => x.dots));
  return (
    <table className="tally" data-testid="tally">
      <caption>{t('plenary.poll.tallyCaption', { count: poll.voterIds.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('plenary.poll.suggestion')}</th>
          {poll.kind === 'rating' ? (
            poll.columns.map((c) => (
              <th key={c.key} scope="col">
                {pollColumnLabel(c, t)}
              </th>
            ))
          ) : (
            <th scope="col">{t('plenary.poll.dots')}</th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((x) => (
          <tr key={x.key} data-testid="tally-row">
            <th scope="row">
              <span className="item-number">{numberOf.get(x.key)}</span> {itemOf.get(x.key)?.suggestion}
              {itemOf.has(x.key) ? <span className="muted tally-rooms"> · {pollItemRooms(itemOf.get(x.key)!, t)}</span> : null}
            </th>
            {poll.kind === 'rating' ? (
              poll.columns.map(({ key }) => {
                const column = x.columns[key];
                return (
                  <td key={key}>
                    {/* The counts stay on one line and the mean wraps below them as a whole, never mid-count. */}
                    <span className="nowrap">{RATINGS.map((r) => `${t(`rating.short.${r}`)} ${column?.counts[r] ?? 0}`).join(' · ')}</span>
                    {column && column.mean !== null ? <>{' '}<span className="muted nowrap">({t('plenary.poll.mean', { value: formatMean(column.mean, locale) })})</span></> : null}
                  </td>
                );
              })
            ) : (
              <td>
                <span className="bar" style={{ width: `${(x.dots / maxDots) * 100}%` }} aria-hidden="true" />
                <span className="nowrap" data-testid="tally-dots">{t('plenary.poll.dotCount', { count: x.dots })}</span>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
