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
import { PrintBoard, PrintSnapshotBoard } from '../review/PrintBoard';
import { ratingRoleLabel } from '../review/ratingRoleLabel';
import { loadPlan } from '../review/reviewApi';
import { loadAllRoundPlans, loadRoundPlan, loadRounds } from '../review/roundsApi';
import '../review/review.css';
import type { DraftPlan } from '../review/reviewTypes';
import type { RoundChoice } from '../review/ReviewRounds';
import { Link } from '../router/Link';

/** One plan on the page: its round (null: the workshop has one round) and the board it follows. */
interface PrintedPlan {
  round: number | null;
  plan: DraftPlan;
  /** `live`: the live board (the current round's); else the snapshot of that round's plenary end, or none. */
  board: 'live' | string | null;
  /** With several rounds, the current round's end snapshot: the live board counts only when built from it. */
  builtFrom?: string | null;
}

/** `?round=<k>|all` as the review's exports take it [RN9]; null: the current round. */
export function printRoundOf(search: string): RoundChoice | null {
  const value = new URLSearchParams(search).get('round');
  if (value === 'all') return 'all';
  return value !== null && /^[1-9][0-9]?$/.test(value) ? Number(value) : null;
}

/** The plans the page prints: the current round's, or the rounds the review chose, oldest first. */
async function loadPrinted(workshopId: string, token: string, asked: RoundChoice | null): Promise<PrintedPlan[]> {
  if (asked === null) return [{ round: null, plan: await loadPlan(workshopId, token), board: 'live' }];
  const { current, rounds } = await loadRounds(workshopId, token);
  const plans = asked === 'all' ? await loadAllRoundPlans(workshopId, token) : [{ round: asked, plan: await loadRoundPlan(workshopId, token, asked) }];
  return plans.map(({ round, plan }) => ({
    round: rounds.length > 1 ? round : null,
    plan,
    board: round === current ? 'live' : (rounds.find((r) => r.number === round)?.boardSnapshotId ?? null),
    ...(rounds.length > 1 && round === current ? { builtFrom: rounds.find((r) => r.number === round)?.endSnapshotId ?? null } : {}),
  }));
}

/**
 * `/w/:id/print`: the draft plan as a printable page; the browser's "Print → Save as PDF" makes the
 * PDF. `?round=<k>` prints round k's plan and `?round=all` every round's under its name [RN9], as
 * the review chose; before, the page printed the current round whatever the review showed.
 */
export function PrintPage({ workshopId }: { workshopId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useMemo(() => loadSession(workshopId), [workshopId]);
  const token = session?.role === 'facilitator' ? session.token : null;
  const asked = useMemo(() => printRoundOf(location.search), []);
  const [plans, setPlans] = useState<PrintedPlan[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token) return;
    loadPrinted(workshopId, token, asked).then(setPlans, (err: unknown) => {
      setError(errorMessage(err));
      setErrorCode(err instanceof ApiError ? err.code : null);
    });
  }, [workshopId, token, asked, attempt]);

  if (!session) return <NoSession />;
  const problem = plainProblem(errorCode, null);
  if (problem) return <ProblemPage problem={problem} />;
  const first = plans?.[0];
  if (!plans || !first || !token) return <LoadState error={error ?? (token ? null : t('facilitate.notFacilitator'))} onRetry={() => setAttempt((n) => n + 1)} />;
  const backHref = `/w/${workshopId}/review`;

  return (
    <main className="print-page" data-testid="print-page">
      <p className="no-print button-row">
        <Link href={backHref}>{t('print.back')}</Link>
        <button type="button" onClick={() => window.print()}>
          {t('print.print')}
        </button>
      </p>
      <h1>{t('print.title', { title: first.plan.title })}</h1>
      <p>{t('print.meta', { date: formatDateTime(first.plan.generatedAt, locale) })}</p>
      {plans.map((p) => (
        <section key={p.round ?? 0} className="print-round" data-testid={p.round === null ? undefined : `print-round-${p.round}`} aria-label={p.round === null ? undefined : t('round.label', { round: p.round })}>
          {p.round === null ? null : <h2>{t('round.label', { round: p.round })}</h2>}
          <PrintPlan workshopId={workshopId} token={token} printed={p} />
        </section>
      ))}
    </main>
  );
}

/** One plan: its statement, its groups as a table, its board, questions and notes. */
function PrintPlan({ workshopId, token, printed }: { workshopId: string; token: string; printed: PrintedPlan }) {
  const { t } = useTranslation();
  const { plan } = printed;
  const { roles } = plan;
  const details = plan.columns.filter((c) => c.key !== roles.suggestion && c.key !== roles.impact && c.key !== roles.effort);
  // A custom table may have one rating column or none: only the rating columns it has are shown.
  const impactLabel = ratingRoleLabel(plan, 'impact', t);
  const effortLabel = ratingRoleLabel(plan, 'effort', t);
  const text = (row: Record<string, unknown>, key: string | null) => String(key ? (row[key] ?? '') : '');

  return (
    <>
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
      {printed.board === 'live' ? (
        <PrintBoard workshopId={workshopId} token={token} plan={plan} {...(printed.builtFrom === undefined ? {} : { builtFrom: printed.builtFrom })} />
      ) : printed.board && printed.round !== null ? (
        <PrintSnapshotBoard workshopId={workshopId} token={token} snapshotId={printed.board} plan={plan} round={printed.round} />
      ) : null}
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
    </>
  );
}
