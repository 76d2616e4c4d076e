import { COLUMN_KEY, LIMITS, type ParticipantField } from '@roomtable/core';

/** One participant question as the editor holds it: options as typed, one per line. */
export interface DraftField {
  key: string;
  label: string;
  options: string;
  required: boolean;
  public: boolean;
}

export type FieldProblem = 'fieldLabelRequired' | 'fieldOptionsRequired' | 'fieldOptionRepeated' | 'fieldTooLong';

/** The editor's draft of saved fields. */
export function draftOf(fields: readonly ParticipantField[]): DraftField[] {
  return fields.map((f) => ({ key: f.key, label: f.label, options: f.options.join('\n'), required: f.required, public: f.public }));
}

/** A fresh question with a key no other question of the draft uses (keys are never shown). */
export function newDraftField(existing: readonly DraftField[]): DraftField {
  let n = existing.length + 1;
  while (existing.some((f) => f.key === `field${n}`)) n++;
  // Private by default [PF1]: the facilitator chooses to show answers, never the other way round.
  return { key: `field${n}`, label: '', options: '', required: false, public: false };
}

function optionsOf(d: DraftField): string[] {
  return d.options
    .split('\n')
    .map((o) => o.trim())
    .filter(Boolean);
}

/** What is wrong with each question, by key, checked with the core's own bounds before sending. */
export function fieldProblems(drafts: readonly DraftField[]): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {};
  for (const d of drafts) {
    const options = optionsOf(d);
    if (!d.label.trim()) out[d.key] = 'fieldLabelRequired';
    else if (options.length === 0) out[d.key] = 'fieldOptionsRequired';
    else if (new Set(options).size !== options.length) out[d.key] = 'fieldOptionRepeated';
    else if (d.label.trim().length > LIMITS.fieldLabelMax || options.length > LIMITS.fieldOptionsMax || options.some((o) => o.length > LIMITS.fieldOptionMax)) {
      out[d.key] = 'fieldTooLong';
    }
    if (!COLUMN_KEY.test(d.key)) out[d.key] = 'fieldLabelRequired';
  }
  return out;
}

/** The request body's fields. */
export function fieldsOfDraft(drafts: readonly DraftField[]): ParticipantField[] {
  return drafts.map((d) => ({ key: d.key, label: d.label.trim(), options: optionsOf(d), required: d.required, public: d.public }));
}
