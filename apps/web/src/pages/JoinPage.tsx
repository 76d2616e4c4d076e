import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest, errorMessage } from '../api/apiRequest';
import { ApiError } from '../api/ApiError';
import { loadSession, saveSession } from '../api/session';
import type { ParticipantInfo } from '@roomtable/contract';
import { ErrorNote } from '../components/ErrorNote';
import { CodeForm } from '../components/CodeForm';
import { FormField } from '../components/FormField';
import { JoinQuestions } from '../components/JoinQuestions';
import type { ParticipantField } from '@roomtable/core';
import { NarrowPage } from '../components/NarrowPage';
import { Link } from '../router/Link';
import { navigate } from '../router/navigate';

/** Longest name the server accepts; checked here too so the person learns before sending. */
const MAX_NAME = 80;

interface Found {
  code: string;
  workshop: { id: string; title: string; fields?: ParticipantField[] };
}

/** `/join` and `/join/:code`: resolve the code read out loud, then join with a name. */
export function JoinPage({ code }: { code: string | null }) {
  const { t } = useTranslation();
  const [found, setFound] = useState<Found | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [looking, setLooking] = useState(code !== null);

  useEffect(() => {
    setFound(null);
    setLookupError(null);
    if (code === null) {
      setLooking(false);
      return;
    }
    const controller = new AbortController();
    setLooking(true);
    apiRequest<{ workshop: Found['workshop'] }>('GET', `/api/join/${encodeURIComponent(code)}`, {
      signal: controller.signal,
    }).then(
      (body) => {
        setFound({ code, workshop: body.workshop });
        setLooking(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setLookupError(err instanceof ApiError && err.status === 404 ? t('join.unknownCode', { code }) : errorMessage(err));
        setLooking(false);
      },
    );
    return () => controller.abort();
  }, [code, t]);

  return (
    <NarrowPage>
      {found ? (
        <NameForm found={found} />
      ) : (
        <>
          <h1>{t('join.title')}</h1>
          {looking ? <p role="status">{t('join.looking')}</p> : null}
          <ErrorNote message={lookupError} />
          {!looking ? <CodeForm initial={code ?? ''} /> : null}
        </>
      )}
    </NarrowPage>
  );
}

function NameForm({ found }: { found: Found }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const existing = loadSession(found.workshop.id);
  const questions = found.workshop.fields ?? [];
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setFieldError(t('join.nameRequired'));
    if ([...trimmed].length > MAX_NAME) return setFieldError(t('join.nameTooLong', { max: MAX_NAME }));
    setFieldError(null);
    const unanswered = questions.filter((q) => q.required && !answers[q.key]).map((q) => q.key);
    setMissing(unanswered);
    if (unanswered.length > 0) return document.getElementById(`${id}-q-${unanswered[0]}`)?.focus();
    setSubmitError(null);
    setBusy(true);
    try {
      const body = await apiRequest<{ participant: ParticipantInfo; token: string }>(
        'POST',
        `/api/workshops/${encodeURIComponent(found.workshop.id)}/participants`,
        // The seat this device holds goes along: the server continues it rather than adding a
        // second, identical person beside the first, "offline" for good [PE4].
        { body: { name: trimmed, joinCode: found.code, ...(questions.length > 0 ? { answers } : {}) }, token: existing?.role === 'participant' ? existing.token : null },
      );
      saveSession(found.workshop.id, { token: body.token, role: 'participant', participantId: body.participant.id });
      navigate(`/w/${encodeURIComponent(found.workshop.id)}`);
    } catch (err) {
      // The typed name stays in the field, so nothing is lost on a retry.
      setSubmitError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('join.joining', { title: found.workshop.title })}</h1>
      {existing ? (
        <p className="card">
          {t('join.alreadyJoined')}{' '}
          <Link href={existing.role === 'facilitator' ? `/w/${found.workshop.id}/facilitate` : `/w/${found.workshop.id}`}>
            {t('join.continue')}
          </Link>
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <FormField id={id} label={t('join.nameLabel')} hint={t('join.nameHint', { max: MAX_NAME })} error={fieldError}>
          {(control) => (
            <input
              {...control}
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="name"
              maxLength={MAX_NAME * 2}
              data-testid="join-name"
            />
          )}
        </FormField>
        <JoinQuestions idBase={`${id}-q`} fields={questions} answers={answers} onChange={setAnswers} missing={missing} />
        <ErrorNote message={submitError} />
        <button type="submit" disabled={busy} data-testid="join-submit">
          {busy ? t('join.joiningBusy') : t('join.submit')}
        </button>
      </form>
    </>
  );
}
