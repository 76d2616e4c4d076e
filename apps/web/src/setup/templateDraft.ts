import { DEFAULT_TEMPLATE, LIMITS, type Column, type Template } from '@roomtable/core';

/** One column as the facilitator edits it; `id` is only for React and focus, never sent. */
export interface DraftColumn {
  id: string;
  label: string;
  kind: Column['kind'];
  /** The default template's key this column came from, while its label is still that default. */
  defaultKey: string | null;
}

/** What is wrong with the draft: per column id, and for the table as a whole. */
export interface DraftProblems {
  columns: Record<string, 'labelRequired' | 'labelTooLong' | 'labelRepeated'>;
  table: 'needsText' | null;
}

/** Column keys the server accepts (a subset of core's rule, so a generated key is always valid). */
export const COLUMN_KEY_PATTERN = /^[a-z][a-zA-Z0-9_]{0,31}$/;

let counter = 0;
/** A fresh id for a draft column. */
export function newColumnId(): string {
  counter += 1;
  return `col-${counter}`;
}

/** The seed's table as a draft; `label` gives each default column's heading in the facilitator's language. */
export function defaultDraft(label: (key: string, english: string) => string): DraftColumn[] {
  return DEFAULT_TEMPLATE.columns.map((c) => ({ id: newColumnId(), label: label(c.key, c.label), kind: c.kind, defaultKey: c.key }));
}

/**
 * A key from a label: "What is needed?" → "whatIsNeeded". Letters outside a–z (accents aside) are
 * dropped, so a label in Chinese or Arabic falls back to `column<n>`; the label itself is what people see.
 */
export function keyFromLabel(label: string, position: number): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // A key starts with a letter, so leading digits go ("2024 budget" → "budget").
  while (words.length > 0 && /^[0-9]/.test(words[0] ?? '')) {
    const rest = (words[0] ?? '').replace(/^[0-9]+/, '');
    if (rest) words[0] = rest;
    else words.shift();
  }
  const key = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('').slice(0, 24);
  return key ? key : `column${position}`;
}

/** Problems a facilitator must fix before the draft can be sent; none when the draft is ready. */
export function draftProblems(draft: readonly DraftColumn[]): DraftProblems {
  const columns: DraftProblems['columns'] = {};
  const seen = new Map<string, number>();
  for (const c of draft) seen.set(c.label.trim().toLowerCase(), (seen.get(c.label.trim().toLowerCase()) ?? 0) + 1);
  for (const c of draft) {
    const label = c.label.trim();
    if (!label) columns[c.id] = 'labelRequired';
    else if (label.length > LIMITS.columnLabelMax) columns[c.id] = 'labelTooLong';
    else if ((seen.get(label.toLowerCase()) ?? 0) > 1) columns[c.id] = 'labelRepeated';
  }
  return { columns, table: draft.some((c) => c.kind === 'text') ? null : 'needsText' };
}

/** True when the draft has nothing to fix. */
export function draftIsValid(problems: DraftProblems): boolean {
  return problems.table === null && Object.keys(problems.columns).length === 0;
}

/**
 * The template to send. A default column whose heading is untouched keeps its key and English label,
 * so every reader sees it in their own language; other keys come from labels, made unique.
 */
export function draftToTemplate(draft: readonly DraftColumn[], isDefaultLabel: (key: string, label: string) => boolean): Template {
  const used = new Set<string>();
  const untouched = draft.map((c) => c.defaultKey !== null && isDefaultLabel(c.defaultKey, c.label.trim()));
  // Reserve the untouched default keys first so a generated key never takes one of them.
  draft.forEach((c, i) => {
    if (untouched[i] && c.defaultKey) used.add(c.defaultKey);
  });
  const columns = draft.map((c, i): Column => {
    if (untouched[i] && c.defaultKey) {
      const english = DEFAULT_TEMPLATE.columns.find((d) => d.key === c.defaultKey)?.label ?? c.label.trim();
      return { key: c.defaultKey, label: english, kind: c.kind };
    }
    const base = keyFromLabel(c.label, i + 1);
    let key = base;
    for (let n = 2; used.has(key); n += 1) key = `${base}_${n}`;
    used.add(key);
    return { key, label: c.label.trim(), kind: c.kind };
  });
  return { columns };
}

/** True when `template` is the seed's table exactly, so the form can leave the server's default in place. */
export function isDefaultTemplate(template: Template): boolean {
  return JSON.stringify(template.columns) === JSON.stringify(DEFAULT_TEMPLATE.columns);
}

/** Moves the item at `from` to `to`, returning a new list. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item === undefined || to < 0 || to > next.length) return [...list];
  next.splice(to, 0, item);
  return next;
}
