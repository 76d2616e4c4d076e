import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/apiRequest';
import { ApiError } from '../api/ApiError';
import { loadSession } from '../api/session';
import { LoadState } from '../components/LoadState';
import { RowTable } from '../components/RowTable';
import { NoSession } from '../components/NoSession';
import { ProblemPage } from '../components/ProblemPage';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { plainProblem } from '../live/plainProblem';
import { PrintBoard } from '../review/PrintBoard';
import { ratingRoleLabel } from '../review/ratingRoleLabel';
import { loadPlan } from '../review/reviewApi';
import '../review/review.css';
import type { DraftPlan } from '../review/reviewTypes';
import { Link } from '../router/Link';

/** `/w/:id/print`: the draft plan as a printable page; the browser's "Print → Save as PDF" makes the PDF. */
export function PrintPage({ workshopId }: { workshopId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useMemo(() => loadSession(workshopId), [workshopId]);
  const token = session?.role === 'facilitator' ? session.token : null;
  const [plan, setPlan] = useState<DraftPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token) return;
    loadPlan(workshopId, token).then(setPlan, (err: unknown) => {
      setError(errorMessage(err));
      setErrorCode(err instanceof ApiError ? err.code : null);
    });
  }, [workshopId, token, attempt]);

  if (!session) return <NoSession />;
  const problem = plainProblem(errorCode, null);
  if (problem) return <ProblemPage problem={problem} />;
  if (!plan) return <LoadState error={error ?? (token ? null : t('facilitate.notFacilitator'))} onRetry={() => setAttempt((n) => n + 1)} />;
  const { roles } = plan;
  const details = plan.columns.filter((c) => c.key !== roles.suggestion && c.key !== roles.impact && c.key !== roles.effort);
  // A custom table may have one rating column or none: only the rating columns it has are shown.
  const impactLabel = ratingRoleLabel(plan, 'impact', t);
  const effortLabel = ratingRoleLabel(plan, 'effort', t);
  const text = (row: Record<string, unknown>, key: string | null) => String(key ? (row[key] ?? '') : '');

  return (
    <main className="print-page" data-testid="print-page">
      <p className="no-print button-row">
        <Link href={`/w/${workshopId}/review`}>{t('print.back')}</Link>
        <button type="button" onClick={() => window.print()}>
          {t('print.print')}
        </button>
      </p>
      <h1>{t('print.title', { title: plan.title })}</h1>
      <p>{t('print.meta', { date: formatDateTime(plan.generatedAt, locale) })}</p>
      {plan.purpose ? <p>{plan.purpose}</p> : null}
      {/* On a narrow screen the table scrolls inside the white page; printed, it is laid out in full. */}
      <div className="print-scroll">
        <RowTable
          className="print-table"
          columns={details}
          rows={plan.groups}
          rowKey={(g) => g.id}
          leadHeadings={
            <>
              <th scope="col">{t('print.rank')}</th>
              <th scope="col">{t('print.suggestion')}</th>
              {impactLabel ? <th scope="col">{impactLabel}</th> : null}
              {effortLabel ? <th scope="col">{effortLabel}</th> : null}
              <th scope="col">{t('print.rooms')}</th>
            </>
          }
          leadCells={(g) => (
            <>
              <td className="r">{g.rank}</td>
              <td>
                {g.items.length > 1 ? (
                  <ul>
                    {g.items.map((it) => (
                      <li key={it.id}>{t('review.roomItem', { room: it.room, text: text(it.row, roles.suggestion) })}</li>
                    ))}
                  </ul>
                ) : (
                  g.suggestion
                )}
                {g.polls.map((p, i) => (
                  <div key={i}>{t('review.pollResult', { question: p.question, tally: Object.entries(p.tally).map(([k, v]) => `${k} ${v}`).join(', ') })}</div>
                ))}
              </td>
              {impactLabel ? <td className="r">{g.impact ?? '–'}</td> : null}
              {effortLabel ? <td className="r">{g.effort ?? '–'}</td> : null}
              <td>{g.rooms.join(', ')}</td>
            </>
          )}
          cell={(g, c) => (
            <td key={c.key}>
              <ul>
                {g.items
                  .filter((it) => it.row[c.key])
                  .map((it) => (
                    <li key={it.id}>{g.items.length > 1 ? t('review.roomItem', { room: it.room, text: text(it.row, c.key) }) : text(it.row, c.key)}</li>
                  ))}
              </ul>
            </td>
          )}
        />
      </div>
      {token ? <PrintBoard workshopId={workshopId} token={token} plan={plan} /> : null}
      {plan.questions.length > 0 ? (
        <>
          <h2>{t('review.questions')}</h2>
          <ul>
            {plan.questions.map((q, i) => (
              <li key={i}>
                {q.text} ({t('review.votes', { count: q.votes })})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {plan.notes ? (
        <>
          <h2>{t('review.notes')}</h2>
          <p className="notes-text">{plan.notes}</p>
        </>
      ) : null}
    </main>
  );
}
