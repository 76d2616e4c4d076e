import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { Template } from '@roomtable/core';
import { roomExtensions } from './roomExtensions';
import { addRow, deleteRow, removableRow, rowHasContent } from './rowCommands';
import { TableKeyHelp } from './TableKeyHelp';

/** Shortcut to add a row below the cursor's row (Cmd on a Mac, Ctrl elsewhere). */
export const ADD_ROW_KEYS = 'Control+Enter';
/** Shortcut to remove the cursor's row. */
export const REMOVE_ROW_KEYS = 'Control+Shift+Backspace';

interface Props {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  writable: boolean;
  template: Template;
}

/** The room's assessment table, bound to the room document; mount only after the first sync. */
export function RoomTable({ ydoc, provider, user, writable, template }: Props) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [pending, setPending] = useState<PMNode | null>(null);
  const helpId = useId();
  const confirmButton = useRef<HTMLButtonElement>(null);

  const editor = useEditor(
    {
      immediatelyRender: true,
      // TipTap's base styles come from styles/prosemirror.css: an injected <style> breaks the CSP.
      injectCSS: false,
      shouldRerenderOnTransaction: false,
      editable: writable,
      extensions: [
        ...roomExtensions(),
        Collaboration.configure({ document: ydoc }),
        CollaborationCaret.configure({ provider, user }),
      ],
      editorProps: {
        attributes: {
          'data-testid': 'room-table',
          'aria-label': t('room.tableLabel'),
          'aria-describedby': helpId,
          class: 'room-table',
        },
      },
    },
    [ydoc, provider],
  );

  useEffect(() => {
    if (editor.isEditable !== writable) editor.setEditable(writable);
    if (!writable) setPending(null);
  }, [editor, writable]);

  const onAdd = () => {
    setPending(null);
    setMessage(addRow(editor, template) ? t('room.rowAdded') : t('room.rowAddFailed'));
  };

  const onRemove = () => {
    const row = removableRow(editor);
    if (row === 'noRow') return setMessage(t('room.removeNoRow'));
    if (row === 'header') return setMessage(t('room.removeHeader'));
    if (rowHasContent(row.node)) {
      setMessage('');
      setPending(row.node);
      return;
    }
    setMessage(deleteRow(editor, row.node) ? t('room.rowRemoved') : t('room.rowChanged'));
  };

  const onConfirm = () => {
    if (!pending) return;
    setMessage(deleteRow(editor, pending) ? t('room.rowRemoved') : t('room.rowChanged'));
    setPending(null);
    editor.view.focus();
  };

  const onCancel = () => {
    setPending(null);
    editor.view.focus();
  };

  // A keyboard user asked to remove a row with content: take them straight to the question.
  useEffect(() => {
    if (pending) confirmButton.current?.focus();
  }, [pending]);

  // Row shortcuts work from a text cell and from a rating control alike, so they live here.
  const onKeyDown = (event: KeyboardEvent) => {
    if (!writable || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      onAdd();
    } else if (event.key === 'Backspace' && event.shiftKey) {
      event.preventDefault();
      onRemove();
    }
  };

  // Keeping the editor focused means the cursor row stays the one the person chose.
  const keepFocus = (event: MouseEvent) => event.preventDefault();

  return (
    <div className="room-table-block" onKeyDown={onKeyDown}>
      {writable ? (
        <div className="toolbar" role="toolbar" aria-label={t('room.toolbar')}>
          <button type="button" onMouseDown={keepFocus} onClick={onAdd} aria-keyshortcuts={ADD_ROW_KEYS} data-testid="add-row">
            {t('room.addRow')}
          </button>
          <button
            type="button"
            className="secondary"
            onMouseDown={keepFocus}
            onClick={onRemove}
            aria-keyshortcuts={REMOVE_ROW_KEYS}
            data-testid="remove-row"
          >
            {t('room.removeRow')}
          </button>
          <span role="status" className="toolbar-message">
            {message}
          </span>
        </div>
      ) : null}
      {pending ? (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby="confirm-remove-text"
          onKeyDown={(e) => {
            if (e.key === 'Escape') onCancel();
          }}
        >
          <p id="confirm-remove-text">{t('room.confirmRemove')}</p>
          <button
            ref={confirmButton}
            type="button"
            className="danger"
            onMouseDown={keepFocus}
            onClick={onConfirm}
            data-testid="confirm-remove-row"
          >
            {t('room.confirmRemoveYes')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('action.cancel')}
          </button>
        </div>
      ) : null}
      {/* Read-only, the editor takes no focus: the scroll box does, so keyboards can scroll it on a phone. */}
      <div
        className="table-scroll"
        tabIndex={writable ? undefined : 0}
        role={writable ? undefined : 'region'}
        aria-label={writable ? undefined : t('room.tableLabel')}
      >
        <EditorContent editor={editor} />
      </div>
      <TableKeyHelp id={helpId} writable={writable} hasRatings={template.columns.some((c) => c.kind === 'rating')} />
    </div>
  );
}
