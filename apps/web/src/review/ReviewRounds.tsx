import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/apiRequest';
import { ErrorNote } from '../components/ErrorNote';
import { PlanView } from './PlanView';
import { loadAllRoundPlans, loadRoundPlan, loadRounds, type RoundSummary } from './roundsApi';
import type { DraftPlan } from './reviewTypes';

/** Which round the review shows: one round's number, or every round together. */
export type RoundChoice = number | 'all';

/** The workshop's rounds, read again when `version` changes (a snapshot was taken, a room restored). */
export function useRounds(workshopId: string, token: string | null, version: number) {
  const [rounds, setRounds] = useState<{ current: number; rounds: RoundSummary[] } | null>(null);
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    loadRounds(workshopId, token).then(
      (r) => !cancelled && setRounds(r),
      () => !cancelled && setRounds(null),
    );
    return () => {
      cancelled = true;
    };
  }, [workshopId, token, version]);
  return rounds;
}

/** Round 1, Round 2, …, All rounds: shown from the second round on [RN6]. */
export function RoundPicker({ rounds, chosen, onChoose }: { rounds: RoundSummary[]; chosen: RoundChoice; onChoose: (c: RoundChoice) => void }) {
  const { t } = useTranslation();
  const choices: RoundChoice[] = [...rounds.map((r) => r.number), 'all'];
  return (
    <div className="button-row" role="group" aria-label={t('review.rounds.pick')} data-testid="round-picker">
      {choices.map((c) => (
        <button key={c} type="button" className={c === chosen ? '' : 'secondary'} aria-pressed={c === chosen} onClick={() => onChoose(c)} data-testid={`round-tab-${c}`}>
          {c === 'all' ? t('review.rounds.all') : t('round.label', { round: c })}
        </button>
      ))}
    </div>
  );
}

/**
 * The draft plan of an earlier round, or of every round under its round's name [RN6]; the current
 * round's plan stays the page's own (its groups can be undone there).
 */
export function RoundPlansView({
  workshopId,
  token,
  chosen,
  rounds,
  onPlans,
}: {
  workshopId: string;
  token: string;
  chosen: RoundChoice;
  rounds: RoundSummary[];
  /** Told the plans once loaded: the page's plenary panel shows the chosen round's [RN7]. */
  onPlans?: (plans: Array<{ round: number; plan: DraftPlan }>) => void;
}) {
  const { t } = useTranslation();
  const [plans, setPlans] = useState<Array<{ round: number; plan: DraftPlan }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The latest callback, so a new one from the page's render does not load the plans again.
  const told = useRef(onPlans);
  told.current = onPlans;
  useEffect(() => {
    let cancelled = false;
    setPlans(null);
    setError(null);
    const load = chosen === 'all' ? loadAllRoundPlans(workshopId, token) : loadRoundPlan(workshopId, token, chosen).then((plan) => [{ round: chosen, plan }]);
    load.then(
      (p) => {
        if (cancelled) return;
        setPlans(p);
        told.current?.(p);
      },
      (err: unknown) => !cancelled && setError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [workshopId, token, chosen]);
  if (error) return <ErrorNote message={error} />;
  if (!plans) return <p className="loading">{t('review.rounds.loading')}</p>;
  return (
    <div className="stack" data-testid="round-plans">
      {plans.map(({ round, plan }) => (
        <section key={round} className="stack" aria-labelledby={`round-plan-${round}`} data-testid={`round-plan-${round}`}>
          <h3 id={`round-plan-${round}`}>{t('round.label', { round })}</h3>
          {rounds.find((r) => r.number === round)?.purpose ? <p dir="auto">{plan.purpose}</p> : null}
          {plan.groups.length === 0 ? <p className="muted">{t('review.planEmpty')}</p> : <PlanView plan={plan} busy onUngroup={() => undefined} />}
        </section>
      ))}
    </div>
  );
}
