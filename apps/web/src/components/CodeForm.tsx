import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../router/navigate';
import { FormField } from './FormField';

/** The short join code field; leads to `/join/:code`. */
export function CodeForm({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = value.trim().replace(/\s+/g, '');
    if (!code) {
      setError(t('join.codeRequired'));
      return;
    }
    setError(null);
    navigate(`/join/${encodeURIComponent(code)}`);
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      <FormField id={id} label={t('join.codeLabel')} error={error}>
        {(control) => (
          <input
            {...control}
            name="code"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            data-testid="join-code"
            className="code-input"
          />
        )}
      </FormField>
      <button type="submit" data-testid="join-code-submit">
        {t('join.findWorkshop')}
      </button>
    </form>
  );
}
