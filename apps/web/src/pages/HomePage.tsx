import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { LIMITS } from '@roomtable/core';
import { useTranslation } from 'react-i18next';
import { apiRequest, errorMessage } from '../api/apiRequest';
import { saveSession } from '../api/session';
import { askToKeepLink } from '../facilitate/keepLinkFlag';
import { CodeForm } from '../components/CodeForm';
import { ErrorNote } from '../components/ErrorNote';
import { FormField } from '../components/FormField';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { facilitatorTokens } from '../review/reviewApi';
import { Link } from '../router/Link';
import { navigate } from '../router/navigate';
import { FieldsEditor } from '../setup/FieldsEditor';
import { fieldProblems, fieldsOfDraft, type DraftField } from '../setup/fieldsDraft';
import { TemplateEditor } from '../setup/TemplateEditor';
import { draftIsValid, draftProblems, isDefaultTemplate } from '../setup/templateDraft';
import { useTemplateDraft } from '../setup/useTemplateDraft';
import '../setup/setup.css';

interface Created {
  workshop: { id: string; title: string };
  facilitatorToken: string;
  joinCode: string;
}

interface Fields {
  title: string;
  purpose: string;
  suggestions: string;
  rooms: string;
  roomSize: string;
  breakoutMinutes: string;
  reportingMinutes: string;
}

type FieldErrors = Partial<Record<keyof Fields, string>>;

/** Reads a whole number in [min, max]; the message key when it is not one. */
function wholeNumber(value: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** `/`: set up a workshop as facilitator, or join one with a code. */
export function HomePage() {
  const { t } = useTranslation();
  const id = useId();
  const [fields, setFields] = useState<Fields>({
    title: '',
    purpose: '',
    suggestions: '',
    rooms: '4',
    roomSize: '5',
    breakoutMinutes: '30',
    reportingMinutes: '10',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Rooms are set either by count or by size, never both (the API refuses both).
  const [roomsBy, setRoomsBy] = useState<'rooms' | 'roomSize'>('rooms');
  const [autoAdvance, setAutoAdvance] = useState(false);
  const draft = useTemplateDraft();
  const [templateOpen, setTemplateOpen] = useState(false);
  // Template problems show once a submit was tried, then update as the facilitator fixes them.
  const [checkTemplate, setCheckTemplate] = useState(false);
  const templateProblems = checkTemplate ? draftProblems(draft.columns) : null;
  // The questions the join form asks [PF1]; none unless the facilitator adds some.
  const [questions, setQuestions] = useState<DraftField[]>([]);
  const questionProblems = checkTemplate ? fieldProblems(questions) : null;

  const set = (key: keyof Fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors = {};
    const title = fields.title.trim();
    if (!title) next.title = t('create.titleRequired');
    const roomCount = wholeNumber(fields[roomsBy], 1, roomsBy === 'rooms' ? LIMITS.roomsMax : LIMITS.roomSizeMax);
    if (roomCount === null) next[roomsBy] = t('create.numberRange', { min: 1, max: roomsBy === 'rooms' ? LIMITS.roomsMax : LIMITS.roomSizeMax });
    const breakoutMinutes = wholeNumber(fields.breakoutMinutes, 1, LIMITS.minutesMax);
    if (breakoutMinutes === null) next.breakoutMinutes = t('create.numberRange', { min: 1, max: LIMITS.minutesMax });
    const reportingMinutes = wholeNumber(fields.reportingMinutes, 1, LIMITS.minutesMax);
    if (reportingMinutes === null) next.reportingMinutes = t('create.numberRange', { min: 1, max: LIMITS.minutesMax });
    setErrors(next);
    const problems = draftProblems(draft.columns);
    setCheckTemplate(true);
    if (!draftIsValid(problems)) {
      setTemplateOpen(true);
      // Take the facilitator to the first thing to fix once the editor is shown.
      const firstBad = draft.columns.find((c) => problems.columns[c.id]);
      requestAnimationFrame(() => document.getElementById(firstBad ? `${id}-tpl-${firstBad.id}-label` : `${id}-tpl-add`)?.focus());
    }
    const badQuestion = questions.find((q) => fieldProblems(questions)[q.key]);
    if (badQuestion) requestAnimationFrame(() => document.getElementById(`${id}-fields-${badQuestion.key}-label`)?.focus());
    if (Object.keys(next).length > 0 || !draftIsValid(problems) || badQuestion) return;
    const template = draft.toTemplate();
    const suggestions = fields.suggestions
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    setBusy(true);
    setSubmitError(null);
    try {
      const body = await apiRequest<Created>('POST', '/api/workshops', {
        body: {
          title,
          purpose: fields.purpose.trim() || undefined,
          suggestions,
          [roomsBy]: roomCount,
          breakoutMinutes,
          reportingMinutes,
          autoAdvance,
          // The seed's table is the server's default; sending it only when changed keeps the request small.
          template: isDefaultTemplate(template) ? undefined : template,
          fields: questions.length > 0 ? fieldsOfDraft(questions) : undefined,
        },
      });
      saveSession(body.workshop.id, { token: body.facilitatorToken, role: 'facilitator', participantId: null });
      // The console shows the private facilitator link once, with a "keep this" [FL1].
      askToKeepLink(body.workshop.id);
      navigate(`/w/${encodeURIComponent(body.workshop.id)}/facilitate`);
    } catch (err) {
      setSubmitError(errorMessage(err));
      setBusy(false);
    }
  };

  const field = (key: keyof Fields, label: string, input: (props: Record<string, unknown>) => ReactNode, hint?: string) => (
    <FormField id={`${id}-${key}`} label={label} hint={hint} error={errors[key] ?? null}>
      {(control) => input({ ...control, name: key, value: fields[key], onChange: set(key), 'data-testid': `create-${key}` })}
    </FormField>
  );

  // Facilitators come back here after the session: their workshops are one click away.
  const hasWorkshops = facilitatorTokens().length > 0;
  return (
    <main className="page narrow">
      <header className="home-header">
        <div>
          <h1>{t('app.name')}</h1>
          <p className="subtitle">{t('app.tagline')}</p>
        </div>
        <LanguagePicker />
      </header>
      {hasWorkshops ? (
        <p>
          <Link href="/workshops" data-testid="your-workshops">
            {t('workshops.title')}
          </Link>
        </p>
      ) : null}

      <section className="card" aria-labelledby={`${id}-join`}>
        <h2 id={`${id}-join`}>{t('home.joinHeading')}</h2>
        <CodeForm initial="" />
      </section>

      <section className="card" aria-labelledby={`${id}-create`}>
        <h2 id={`${id}-create`}>{t('home.createHeading')}</h2>
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          {field('title', t('create.title'), (p) => <input {...p} autoComplete="off" maxLength={LIMITS.titleMax} />)}
          {field('purpose', t('create.purpose'), (p) => <textarea {...p} rows={4} maxLength={LIMITS.purposeMax} />, t('create.purposeHint'))}
          {field('suggestions', t('create.suggestions'), (p) => <textarea {...p} rows={4} />, t('create.suggestionsHint'))}
          <fieldset className="choice-group">
            <legend>{t('setup.roomsLegend')}</legend>
            <div className="choice-row">
              {(['rooms', 'roomSize'] as const).map((by) => (
                <label key={by} className="choice">
                  <input type="radio" name="roomsBy" value={by} checked={roomsBy === by} onChange={() => setRoomsBy(by)} data-testid={`create-by-${by}`} />
                  {t(by === 'rooms' ? 'setup.byRooms' : 'setup.byRoomSize')}
                </label>
              ))}
            </div>
            {roomsBy === 'rooms'
              ? field('rooms', t('create.rooms'), (p) => <input {...p} type="number" inputMode="numeric" min={1} max={LIMITS.roomsMax} />)
              : field('roomSize', t('setup.roomSize'), (p) => <input {...p} type="number" inputMode="numeric" min={1} max={LIMITS.roomSizeMax} />, t('setup.roomSizeHint'))}
          </fieldset>
          <div className="field-row">
            {field('breakoutMinutes', t('create.breakoutMinutes'), (p) => (
              <input {...p} type="number" inputMode="numeric" min={1} max={LIMITS.minutesMax} />
            ))}
            {field('reportingMinutes', t('create.reportingMinutes'), (p) => (
              <input {...p} type="number" inputMode="numeric" min={1} max={LIMITS.minutesMax} />
            ))}
          </div>
          <div className="auto-advance">
            <label className="choice">
              <input type="checkbox" checked={autoAdvance} onChange={(e) => setAutoAdvance(e.target.checked)} aria-describedby={`${id}-auto-hint`} data-testid="create-autoAdvance" />
              {t('setup.autoAdvance')}
            </label>
            <p className="hint" id={`${id}-auto-hint`}>
              {t('setup.autoAdvanceHint')}
            </p>
          </div>
          <div className="stack template-section">
            <h3 id={`${id}-tpl-heading`}>{t('setup.templateHeading')}</h3>
            <p className="template-summary" data-testid="template-summary">
              {t('setup.templateSummary', {
                // A rating column says so, unless its heading already does ("Impact H/M/L").
                columns: draft.columns.map((c) => (c.kind === 'rating' && !c.label.includes(t('setup.hml')) ? `${c.label.trim()} (${t('setup.hml')})` : c.label.trim())).join(' · '),
              })}
            </p>
            <button
              type="button"
              className="secondary disclosure"
              aria-expanded={templateOpen}
              aria-controls={`${id}-tpl`}
              onClick={() => setTemplateOpen((o) => !o)}
              data-testid="template-toggle"
            >
              <span className="disclosure-mark" aria-hidden="true">
                ▸
              </span>{' '}
              {t('setup.customise')}
            </button>
            <div id={`${id}-tpl`} role="group" aria-labelledby={`${id}-tpl-heading`} hidden={!templateOpen}>
              <TemplateEditor idBase={`${id}-tpl`} columns={draft.columns} onChange={draft.setColumns} problems={templateProblems} onReset={draft.reset} />
            </div>
          </div>
          <div className="stack template-section" role="group" aria-labelledby={`${id}-fields-heading`}>
            <h3 id={`${id}-fields-heading`}>{t('fields.heading')}</h3>
            <FieldsEditor idBase={`${id}-fields`} fields={questions} onChange={setQuestions} problems={questionProblems} />
          </div>
          <ErrorNote message={submitError} />
          <button type="submit" disabled={busy} data-testid="create-submit">
            {busy ? t('create.submitting') : t('create.submit')}
          </button>
        </form>
      </section>
    </main>
  );
}
