import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import type { Editor } from '@tiptap/core';
import { NodeSelection } from '@tiptap/pm/state';
import { COLUMN_ATTR, RATINGS, RATING_ATTR, isRating, type Rating } from '@roomtable/core';
import { moveToCell } from './cellNavigation';

/** Follows `editor.isEditable`, which changes without a transaction. */
function useEditable(editor: Editor): boolean {
  const [editable, setEditable] = useState(editor.isEditable);
  useEffect(() => {
    const sync = () => setEditable(editor.isEditable);
    editor.on('update', sync);
    editor.on('transaction', sync);
    return () => {
      editor.off('update', sync);
      editor.off('transaction', sync);
    };
  }, [editor]);
  return editable;
}

/**
 * The H/M/L radio group inside a rating cell; labelled by the cell's column, e.g. "Impact".
 * Keyboard: reached by moving the table selection onto the cell (Tab, arrows); the arrow keys
 * choose, Tab / Shift+Tab go on to the next / previous cell, Escape returns to the table.
 */
export function RatingView({ node, editor, getPos, updateAttributes, selected }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const name = useId();
  const editable = useEditable(editor);
  const group = useRef<HTMLDivElement>(null);
  const value: unknown = node.attrs[RATING_ATTR];
  const pos = getPos();
  let column = '';
  if (typeof pos === 'number') {
    try {
      column = String(editor.state.doc.resolve(pos).parent.attrs[COLUMN_ATTR] ?? '');
    } catch {
      // The node is being removed; the label is irrelevant then.
    }
  }
  const label = column
    ? t(`column.${column}`, { defaultValue: column.charAt(0).toUpperCase() + column.slice(1) })
    : t('rating.label');

  // The table selection landed on this cell: hand the keyboard to the control.
  useEffect(() => {
    if (!selected || !editable || group.current?.contains(document.activeElement)) return;
    const input = group.current?.querySelector<HTMLInputElement>('input:checked') ?? group.current?.querySelector('input');
    input?.focus();
  }, [selected, editable]);

  const focusRadio = (rating: Rating) => group.current?.querySelector<HTMLInputElement>(`input[value="${rating}"]`)?.focus();

  // Keeps the table selection on this cell, so "remove row" acts on the row the person is in.
  const onFocus = () => {
    const at = getPos();
    if (typeof at !== 'number') return;
    const sel = editor.state.selection;
    if (sel instanceof NodeSelection && sel.from === at) return;
    editor.view.dispatch(editor.state.tr.setSelection(NodeSelection.create(editor.state.doc, at)));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!editable || event.altKey || event.ctrlKey || event.metaKey) return;
    const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
    const index = isRating(value) ? RATINGS.indexOf(value) : -1;
    let next: Rating | undefined;
    if (event.key === forward || event.key === 'ArrowDown') next = RATINGS[index < 0 ? 0 : (index + 1) % RATINGS.length];
    if (event.key === backward || event.key === 'ArrowUp')
      next = RATINGS[index < 0 ? RATINGS.length - 1 : (index - 1 + RATINGS.length) % RATINGS.length];
    if (next) {
      event.preventDefault();
      updateAttributes({ [RATING_ATTR]: next });
      focusRadio(next);
      return;
    }
    if (event.key === 'Tab') {
      const at = getPos();
      if (typeof at !== 'number') return;
      // At either end of the table the browser's own Tab takes focus out of the table.
      if (moveToCell(editor, event.shiftKey ? -1 : 1, at + 1)) {
        event.preventDefault();
        editor.view.focus();
      }
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      editor.view.focus();
    }
  };

  return (
    <NodeViewWrapper className="rating" data-value={isRating(value) ? value : undefined}>
      <div
        ref={group}
        role="radiogroup"
        aria-label={label}
        aria-disabled={!editable || undefined}
        className="segmented"
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        {RATINGS.map((rating) => (
          <label key={rating} className={value === rating ? 'segment checked' : 'segment'} title={t(`rating.${rating}`)}>
            <input
              type="radio"
              name={name}
              value={rating}
              checked={value === rating}
              disabled={!editable}
              // Reached through the table's own cell navigation, not as extra Tab stops.
              tabIndex={-1}
              onChange={() => updateAttributes({ [RATING_ATTR]: rating })}
            />
            <span>{t(`rating.short.${rating}`)}</span>
          </label>
        ))}
      </div>
    </NodeViewWrapper>
  );
}
