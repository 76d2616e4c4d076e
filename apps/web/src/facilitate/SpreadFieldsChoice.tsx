import { useTranslation } from 'react-i18next';
import type { ParticipantField } from '@roomtable/core';

interface Props {
  fields: readonly Pick<ParticipantField, 'key' | 'label'>[];
  spread: readonly string[];
  onChange: (spread: string[]) => void;
  /** Each box's test id is `${testIdPrefix}${field key}`. */
  testIdPrefix: string;
}

/** "Spread these over the rooms": one box per participant field [CA4], for an assignment or the next round. */
export function SpreadFieldsChoice({ fields, spread, onChange, testIdPrefix }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="choice-group">
      <legend>{t('assign.spreadLegend')}</legend>
      {fields.map((f) => (
        <label key={f.key} className="choice">
          <input
            type="checkbox"
            checked={spread.includes(f.key)}
            onChange={(e) => onChange(e.target.checked ? [...spread, f.key] : spread.filter((k) => k !== f.key))}
            data-testid={`${testIdPrefix}${f.key}`}
          />
          {f.label}
        </label>
      ))}
    </fieldset>
  );
}
