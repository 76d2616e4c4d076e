import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PLENARY_LIMITS, type PublicQuestion } from '@roomtable/core';
import type { ParticipantInfo } from '@roomtable/contract';
import { ActionText } from '../facilitate/ActionOutcome';
import { useAction } from '../facilitate/useAction';

interface Props {
  workshopId: string;
  token: string;
  room: number;
  /** Visible questions of every room, most upvoted first (the server sorts them). */
  questions: PublicQuestion[];
  participants: ParticipantInfo[];
  meId: string;
  facilitator: boolean;
  canAsk: boolean;
}

/** Q&A on one room's report: ask, upvote once, and (facilitator) mark answered or hide. */
export function QuestionsPanel({ workshopId, token, room, questions, participants, meId, facilitator, canAsk }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const action = useAction(token);
  const base = `/api/workshops/${encodeURIComponent(workshopId)}/questions`;
  const mine = questions.filter((q) => q.room === room);
  const nameOf = (id: string) => (id === 'facilitator' ? t('person.facilitator') : (participants.find((p) => p.id === id)?.name ?? '?'));

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    if (await action.run('POST', base, { room, text }, t('plenary.q.asked'))) setText('');
  };

  return (
    <section className="card plenary-questions" aria-labelledby="questions-heading">
      <h2 id="questions-heading">{t('plenary.q.heading', { room })}</h2>
      {canAsk ? (
        <form className="inline-form" onSubmit={(e) => void ask(e)}>
          <label className="field">
            <span>{t('plenary.q.label')}</span>
            <textarea
              value={text}
              maxLength={PLENARY_LIMITS.questionMax}
              rows={2}
              onChange={(e) => setText(e.target.value)}
              data-testid="question-input"
            />
          </label>
          <button type="submit" disabled={action.busy || text.trim() === ''} data-testid="ask">
            {t('plenary.q.ask')}
          </button>
        </form>
      ) : null}
      <p role="status" className="toolbar-message">
        <ActionText action={action} />
      </p>
      {mine.length === 0 ? (
        <p className="muted">{t('plenary.q.none')}</p>
      ) : (
        <ol className="question-list" data-testid="questions">
          {mine.map((q) => {
            const voted = q.voterIds.includes(meId);
            return (
              <li key={q.id} className={q.answered ? 'answered' : undefined} data-testid="question">
                <button
                  type="button"
                  className={voted ? 'upvote voted' : 'upvote'}
                  aria-pressed={voted}
                  aria-label={t(voted ? 'plenary.q.unvote' : 'plenary.q.upvote', { count: q.votes })}
                  disabled={!canAsk || action.busy}
                  onClick={() => void action.run(voted ? 'DELETE' : 'POST', `${base}/${q.id}/upvote`, undefined, '')}
                  data-testid="upvote"
                >
                  <span aria-hidden="true">▲</span> <span data-testid="votes">{q.votes}</span>
                </button>
                <div className="question-body">
                  <p className="question-text">{q.text}</p>
                  <p className="muted question-meta">
                    {nameOf(q.askedBy)}
                    {q.answered ? <span className="badge">{t('plenary.q.answered')}</span> : null}
                  </p>
                </div>
                {facilitator ? (
                  <div className="button-row">
                    <button type="button" className="secondary" onClick={() => void action.run('PATCH', `${base}/${q.id}`, { answered: !q.answered }, '')}>
                      {q.answered ? t('plenary.q.reopen') : t('plenary.q.markAnswered')}
                    </button>
                    <button type="button" className="secondary" onClick={() => void action.run('PATCH', `${base}/${q.id}`, { hidden: true }, t('plenary.q.hidden'))}>
                      {t('plenary.q.hide')}
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
