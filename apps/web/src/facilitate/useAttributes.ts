import { useEffect, useState } from 'react';
import { apiRequest } from '../api/apiRequest';
import type { LiveState } from '@roomtable/contract';

/** Everyone's answers, field key → option, by participant id [PF3]. */
export type Answers = Record<string, Record<string, string>>;

/**
 * Every person's answers, private ones included, for the console. They are never in the live state
 * (every member holds that), so the console reads them from the facilitators' own route, again
 * whenever someone joins or leaves or the questions change.
 */
export function useAttributes(state: LiveState, token: string): Answers | null {
  const [answers, setAnswers] = useState<Answers | null>(null);
  const workshopId = state.workshop.id;
  const people = state.participants.map((p) => p.id).join(' ');
  const questions = JSON.stringify(state.workshop.fields ?? []);
  const asked = questions !== '[]';
  useEffect(() => {
    if (!asked) return;
    const controller = new AbortController();
    apiRequest<{ answers: Answers }>('GET', `/api/workshops/${encodeURIComponent(workshopId)}/attributes`, { token, signal: controller.signal }).then(
      (body) => setAnswers(body.answers),
      // A failed read leaves the last answers shown; the next join or change reads again.
      () => undefined,
    );
    return () => controller.abort();
  }, [workshopId, token, people, questions, asked]);
  return asked ? answers : null;
}
