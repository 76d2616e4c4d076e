import type { PlanPollResult, PlanQuestion } from './draftPlan';
import type { Plenary } from './plenary';
import { tallyPoll, upgradePoll } from './polls';
import { RATINGS } from './template';

/** The plenary's poll results per suggestion, as the draft plan attaches them; items nobody voted on are left out. */
export function planPollResults(plenary: Plenary): PlanPollResult[] {
  const out: PlanPollResult[] = [];
  plenary.polls.forEach((poll, i) => {
    const question = poll.kind === 'dots' ? `Dot vote ${i + 1} (${poll.dots ?? 0} dots each)` : `Rating poll ${i + 1}`;
    const tallies = new Map(tallyPoll(poll).map((t) => [t.key, t]));
    for (const item of poll.items) {
      const t = tallies.get(item.key);
      if (!t || t.voters === 0) continue;
      const tally: Record<string, number> =
        poll.kind === 'dots'
          ? { dots: t.dots, voters: t.voters }
          : // "<column key> H|M|L" per rating column: "impact H" … "effort L" for the default template.
            Object.fromEntries(upgradePoll(poll).columns.flatMap((c) => RATINGS.map((r) => [`${c.key} ${r}`, t.columns[c.key]?.counts[r] ?? 0])));
      out.push(
        item.cards
          ? { question, suggestion: item.suggestion, room: null, items: [...item.cards], tally }
          : { question, suggestion: item.suggestion, room: item.room, tally },
      );
    }
  });
  return out;
}

/** The plenary's visible questions with their upvotes; hidden ones stay out of the plan. */
export function planQuestions(plenary: Plenary): PlanQuestion[] {
  return plenary.questions.filter((q) => !q.hidden).map((q) => ({ text: q.text, votes: q.voterIds.length, room: q.room }));
}
