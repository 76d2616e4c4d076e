import { DEFAULT_TEMPLATE, type Template } from '@roomtable/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/languages';
import { defaultDraft, draftToTemplate, newColumnId, type DraftColumn } from '../setup/templateDraft';

/**
 * The next round's table as a draft, starting from the current round's [RN2]: the set-up's editor
 * edits it, and a default column still under its default heading is sent under its default key,
 * so every reader keeps seeing it in their own language.
 */
export function useRoundTemplateDraft(current: Template) {
  const { t, i18n } = useTranslation();
  const isDefaultLabel = useCallback((key: string, label: string) => LANGUAGES.some((l) => i18n.getFixedT(l.code)(`template.column.${key}`) === label), [i18n]);
  const draftOf = useCallback(
    (template: Template): DraftColumn[] =>
      template.columns.map((c) => {
        const english = DEFAULT_TEMPLATE.columns.find((d) => d.key === c.key && d.label === c.label);
        return english
          ? { id: newColumnId(), label: t(`template.column.${c.key}`, { defaultValue: c.label }), kind: c.kind, defaultKey: c.key }
          : { id: newColumnId(), label: c.label, kind: c.kind, defaultKey: null };
      }),
    [t],
  );
  const [columns, setColumns] = useState<DraftColumn[]>(() => draftOf(current));
  // The editor's reset says "back to the default table"; keeping the current one is the card's other choice.
  const reset = useCallback(() => setColumns(defaultDraft((key, english) => t(`template.column.${key}`, { defaultValue: english }))), [t]);
  const toTemplate = useCallback((): Template => draftToTemplate(columns, isDefaultLabel), [columns, isDefaultLabel]);
  return { columns, setColumns, reset, toTemplate };
}
