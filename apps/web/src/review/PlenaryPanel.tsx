import { useTranslation } from 'react-i18next';
import type { DraftPlan } from './reviewTypes';

/** What the plenary left behind: notes, questions with their votes, polls not tied to one suggestion. */
export function PlenaryPanel({ plan }: { plan: DraftPlan }) {
  const { t } = useTranslation();
  const empty = !plan.notes && plan.questions.length === 0 && plan.polls.length === 0;
  return (
    <section className="card stack" aria-labelledby="plenary-heading" data-testid="plenary-panel">
      <h2 id="plenary-heading">{t('review.plenaryHeading')}</h2>
      {empty ? <p className="muted">{t('review.plenaryEmpty')}</p> : null}
      {plan.notes ? (
        <>
          <h3>{t('review.notes')}</h3>
          <p className="notes-text">{plan.notes}</p>
        </>
      ) : null}
      {plan.questions.length > 0 ? (
        <>
          <h3>{t('review.questions')}</h3>
          <ul>
            {plan.questions.map((q, i) => (
              <li key={i}>
                {q.text} <span className="muted">{t('review.votes', { count: q.votes })}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {plan.polls.length > 0 ? (
        <>
          <h3>{t('review.otherPolls')}</h3>
          <ul>
            {plan.polls.map((p, i) => (
              <li key={i}>{t('review.pollResult', { question: p.question, tally: Object.entries(p.tally).map(([k, v]) => `${k} ${v}`).join(', ') })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
