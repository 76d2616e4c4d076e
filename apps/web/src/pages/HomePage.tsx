import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest, errorMessage } from '../api/apiRequest';
import { saveSession } from '../api/session';
import { CodeForm } from '../components/CodeForm';
import { ErrorNote } from '../components/ErrorNote';
import { FormField } from '../components/FormField';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { navigate } from '../router/navigate';

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
    breakoutMinutes: '30',
    reportingMinutes: '10',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (key: keyof Fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors = {};
    const title = fields.title.trim();
    if (!title) next.title = t('create.titleRequired');
    const rooms = wholeNumber(fields.rooms, 1, 100);
    if (rooms === null) next.rooms = t('create.numberRange', { min: 1, max: 100 });
    const breakoutMinutes = wholeNumber(fields.breakoutMinutes, 1, 600);
    if (breakoutMinutes === null) next.breakoutMinutes = t('create.numberRange', { min: 1, max: 600 });
    const reportingMinutes = wholeNumber(fields.reportingMinutes, 1, 600);
    if (reportingMinutes === null) next.reportingMinutes = t('create.numberRange', { min: 1, max: 600 });
    setErrors(next);
    if (Object.keys(next).length > 0) return;
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
          rooms,
          breakoutMinutes,
          reportingMinutes,
        },
      });
      saveSession(body.workshop.id, { token: body.facilitatorToken, role: 'facilitator', participantId: null });
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

  return (
    <main className="page narrow">
      <header className="home-header">
        <div>
          <h1>{t('app.name')}</h1>
          <p className="subtitle">{t('app.tagline')}</p>
        </div>
        <LanguagePicker />
      </header>

      <section className="card" aria-labelledby={`${id}-join`}>
        <h2 id={`${id}-join`}>{t('home.joinHeading')}</h2>
        <CodeForm initial="" />
      </section>

      <section className="card" aria-labelledby={`${id}-create`}>
        <h2 id={`${id}-create`}>{t('home.createHeading')}</h2>
        <form onSubmit={submit} noValidate className="stack">
          {field('title', t('create.title'), (p) => <input {...p} autoComplete="off" />)}
          {field('purpose', t('create.purpose'), (p) => <textarea {...p} rows={4} />, t('create.purposeHint'))}
          {field('suggestions', t('create.suggestions'), (p) => <textarea {...p} rows={4} />, t('create.suggestionsHint'))}
          <div className="field-row">
            {field('rooms', t('create.rooms'), (p) => <input {...p} type="number" inputMode="numeric" min={1} max={100} />)}
            {field('breakoutMinutes', t('create.breakoutMinutes'), (p) => (
              <input {...p} type="number" inputMode="numeric" min={1} max={600} />
            ))}
            {field('reportingMinutes', t('create.reportingMinutes'), (p) => (
              <input {...p} type="number" inputMode="numeric" min={1} max={600} />
            ))}
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
