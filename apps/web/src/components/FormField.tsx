import type { ReactNode } from 'react';
import { ErrorNote } from './ErrorNote';

/** What a form control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A labelled form control with an optional hint and error, tied together for screen readers. */
export function FormField({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error: string | null; children: (control: ControlProps) => ReactNode }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined })}
      <ErrorNote message={error} id={`${id}-error`} />
    </div>
  );
}
