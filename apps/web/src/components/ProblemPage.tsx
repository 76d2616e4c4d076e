import { useTranslation } from 'react-i18next';
import type { PlainProblem } from '../live/plainProblem';
import { Link } from '../router/Link';
import { NarrowPage } from './NarrowPage';
import './people.css';

/** Test ids kept from the first pages of their kind (removed, revoked), so older tests still find them. */
const TEST_ID: Record<PlainProblem, string> = {
  deleted: 'workshop-deleted',
  removed: 'removed',
  revoked: 'link-revoked',
  expired: 'session-expired',
};

/** Catalogue keys of each page: what happened, then what to do (the removed and revoked bodies say both). */
const TEXT: Record<PlainProblem, { title: string; body: string; todo?: string }> = {
  deleted: { title: 'problem.deleted.title', body: 'problem.deleted.body', todo: 'problem.deleted.todo' },
  removed: { title: 'people.removed.title', body: 'people.removed.body' },
  revoked: { title: 'people.revoked.title', body: 'people.revoked.body' },
  expired: { title: 'problem.expired.title', body: 'problem.expired.body', todo: 'problem.expired.todo' },
};

/**
 * A page a workshop page becomes when it cannot show the workshop any more (plainProblem): what
 * happened, what the person can do, and the way home — no retry that cannot work, no stale copy of
 * the workshop beside it. One per problem, in the person's language.
 */
export function ProblemPage({ problem }: { problem: PlainProblem }) {
  const { t } = useTranslation();
  const text = TEXT[problem];
  return (
    <NarrowPage>
      <section className="problem-page" role="alert" aria-labelledby="problem-title">
        <h1 id="problem-title" data-testid={TEST_ID[problem]}>
          {t(text.title)}
        </h1>
        <p data-testid="problem-body">{t(text.body)}</p>
        {text.todo ? <p data-testid="problem-todo">{t(text.todo)}</p> : null}
        <p className="button-row problem-links">
          {problem === 'removed' || problem === 'expired' ? (
            <Link href="/join" data-testid="problem-join">
              {t('noSession.join')}
            </Link>
          ) : null}
          <Link href="/" data-testid="problem-home">
            {t('problem.home')}
          </Link>
        </p>
      </section>
    </NarrowPage>
  );
}
