import { useTranslation } from 'react-i18next';
import type { PlanRanking, RankCriterion } from '@roomtable/core';
import { useLocale } from '../i18n/useLocale';
import { formatMean } from '../plenary/pollColumnLabel';
import { ratingRoleLabel } from './ratingRoleLabel';
import type { DraftPlan } from './reviewTypes';

/**
 * The consolidated draft plan: ranked groups, each grouping explained (shared-word similarity), with
 * a button to keep an item apart (undo the grouping) or to let it be grouped again.
 */
export function PlanView({ plan, busy, onUngroup }: { plan: DraftPlan; busy: boolean; onUngroup: (next: string[]) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { roles } = plan;
  const badge = (role: 'impact' | 'effort', value: string | null) => {
    const label = ratingRoleLabel(plan, role, t);
    if (!label) return null;
    const text = roles[role] === role ? t(`review.${role}`, { value: value ?? '–' }) : t('review.columnValue', { label, value: value ?? '–' });
    return (
      <>
        <span className="badge">{text}</span>{' '}
      </>
    );
  };
  const text = (row: Record<string, unknown>) => String(roles.suggestion ? (row[roles.suggestion] ?? '') : '');
  // [VP2] Why each group ranks where it does: the figures the rule compared, and what decided.
  const nameOf = (role: 'impact' | 'effort') => ratingRoleLabel(plan, role, t) ?? role;
  const why = (rank: number, r: PlanRanking) => {
    const parts: string[] = [];
    if (r.dots > 0) parts.push(t('review.why.dots', { count: r.dots }));
    for (const role of ['impact', 'effort'] as const) {
      const s = r[role];
      parts.push(
        s
          ? t('review.why.value', { label: nameOf(role), value: formatMean(s.value, locale), source: s.source === 'poll' ? t('review.why.poll', { count: s.count }) : t('review.why.rooms') })
          : t('review.why.notRated', { label: nameOf(role) }),
      );
    }
    parts.push(t('review.why.roomCount', { count: r.rooms }));
    const by = (c: RankCriterion) => t(`review.why.by.${c}`, { label: c === 'impact' || c === 'effort' ? nameOf(c) : '' });
    if (r.aheadBy) parts.push(t('review.why.ahead', { rank: rank + 1, criterion: by(r.aheadBy) }));
    return `${t('review.why.heading', { rank })} ${parts.join('; ')}`;
  };
  const ungrouped = new Set(plan.ungrouped);
  const toggle = (id: string) => onUngroup(ungrouped.has(id) ? plan.ungrouped.filter((x) => x !== id) : [...plan.ungrouped, id]);
  return (
    <ol className="plan-list" data-testid="plan">
      {plan.groups.map((g) => (
        <li key={g.id} className="card">
          <p>
            <strong>{g.suggestion || t('review.noSuggestionText')}</strong>{' '}
            {badge('impact', g.impact)}
            {badge('effort', g.effort)}
            <span className="muted">{t('review.rooms', { rooms: g.rooms.join(', '), count: g.rooms.length })}</span>
          </p>
          {g.items.length > 1 ? (
            <div>
              <p className="muted">{t('review.groupedBecause')}</p>
              <ul>
                {g.items.map((it, i) => {
                  const link = g.links.find((l) => l.b === it.id);
                  return (
                    <li key={it.id} data-testid="plan-item">
                      {t('review.roomItem', { room: it.room, text: text(it.row) })}{' '}
                      {link ? <span className="muted">{t('review.similarity', { value: Math.round(link.similarity * 100) })}</span> : null}{' '}
                      {i > 0 ? (
                        <button type="button" className="link-button" disabled={busy} onClick={() => toggle(it.id)}>
                          {t('review.ungroup')}
                        </button>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : ungrouped.has(g.id) ? (
            <p className="muted">
              {t('review.keptApart')}{' '}
              <button type="button" className="link-button" disabled={busy} onClick={() => toggle(g.id)}>
                {t('review.regroup')}
              </button>
            </p>
          ) : null}
          <p className="muted plan-why" data-testid="plan-why">
            {why(g.rank, g.ranking)}
          </p>
          {g.polls.map((p, i) => (
            <p key={i} className="muted">
              {t('review.pollResult', { question: p.question, tally: Object.entries(p.tally).map(([k, v]) => `${k} ${v}`).join(', ') })}
            </p>
          ))}
        </li>
      ))}
    </ol>
  );
}
