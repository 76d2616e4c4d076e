import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import type { Editor } from '@tiptap/core';
import { COLUMN_ATTR, RATINGS, RATING_ATTR, isRating } from '@roomtable/core';

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

/** The H/M/L radio group inside a rating cell; labelled by the cell's column, e.g. "Impact". */
export function RatingView({ node, editor, getPos, updateAttributes }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const name = useId();
  const editable = useEditable(editor);
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

  return (
    <NodeViewWrapper className="rating" data-value={isRating(value) ? value : undefined}>
      <div role="radiogroup" aria-label={label} aria-disabled={!editable || undefined} className="segmented">
        {RATINGS.map((rating) => (
          <label key={rating} className={value === rating ? 'segment checked' : 'segment'} title={t(`rating.${rating}`)}>
            <input
              type="radio"
              name={name}
              value={rating}
              checked={value === rating}
              disabled={!editable}
              onChange={() => updateAttributes({ [RATING_ATTR]: rating })}
            />
            <span>{rating}</span>
          </label>
        ))}
      </div>
    </NodeViewWrapper>
  );
}
