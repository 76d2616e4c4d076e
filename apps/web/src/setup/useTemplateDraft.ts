import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Template } from '@roomtable/core';
import { LANGUAGES } from '../i18n/languages';
import { defaultDraft, draftToTemplate, type DraftColumn } from './templateDraft';

/**
 * The set-up form's template draft. Default headings show in the facilitator's language and follow a
 * language switch; one that is still a default heading (in any language) is sent as the default.
 */
export function useTemplateDraft() {
  const { t, i18n } = useTranslation();
  const translated = useCallback((key: string, english: string) => t(`template.column.${key}`, { defaultValue: english }), [t]);
  const isDefaultLabel = useCallback(
    (key: string, label: string) => LANGUAGES.some((l) => i18n.getFixedT(l.code)(`template.column.${key}`) === label),
    [i18n],
  );
  const [columns, setColumns] = useState<DraftColumn[]>(() => defaultDraft(translated));

  useEffect(() => {
    setColumns((cols) => cols.map((c) => (c.defaultKey && isDefaultLabel(c.defaultKey, c.label.trim()) ? { ...c, label: translated(c.defaultKey, c.label) } : c)));
  }, [translated, isDefaultLabel]);

  const reset = useCallback(() => setColumns(defaultDraft(translated)), [translated]);
  const toTemplate = useCallback((): Template => draftToTemplate(columns, isDefaultLabel), [columns, isDefaultLabel]);
  return { columns, setColumns, reset, toTemplate };
}
