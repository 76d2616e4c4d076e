import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { ROOM_FIELD, type Template } from '@roomtable/core';
import { EDITOR_LIMITS, createRoomUndoManager, type SkeletonProblem } from '@roomtable/editor';
import { caretLabelFor, caretSelectionFor } from './caretLabel';
import { roomExtensions } from './roomExtensions';
import type { UndoResult } from './RoomUndo';
import { addRow, deleteRow, removableRow, rowHasContent } from './rowCommands';
import { TableKeyHelp } from './TableKeyHelp';

/** Shortcut to add a row below the cursor's row (Cmd on a Mac, Ctrl elsewhere). */
export const ADD_ROW_KEYS = 'Control+Enter';
/** Shortcut to remove the cursor's row. */
export const REMOVE_ROW_KEYS = 'Control+Shift+Backspace';
/** Shortcuts to undo this person's last change, and to redo it. */
export const UNDO_KEYS = 'Control+Z';
export const REDO_KEYS = 'Control+Shift+Z Control+Y';

/** Whether there is anything of this person's to undo or redo. */
function useUndoStacks(undoManager: Y.UndoManager): { canUndo: boolean; canRedo: boolean } {
  const [stacks, setStacks] = useState({ canUndo: false, canRedo: false });
  useEffect(() => {
    const update = () => setStacks({ canUndo: undoManager.undoStack.length > 0, canRedo: undoManager.redoStack.length > 0 });
    const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared', 'stack-item-updated'] as const;
    for (const e of events) undoManager.on(e, update);
    update();
    return () => {
      for (const e of events) undoManager.off(e, update);
    };
  }, [undoManager]);
  return stacks;
}

interface Props {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  /** `id` (a participant) or `link` (a facilitator): this page's person, whose own other tabs and devices get no caret here */
  user: { id?: string; link?: string; name: string; color: string };
  writable: boolean;
  template: Template;
}

/** The room's assessment table, bound to the room document; mount only after the first sync. */
export function RoomTable({ ydoc, provider, user, writable, template }: Props) {
  const { t, i18n } = useTranslation();
  const [message, setMessage] = useState('');
  const [pending, setPending] = useState<PMNode | null>(null);
  const helpId = useId();
  const confirmButton = useRef<HTMLButtonElement>(null);
  // Undoes only this person's changes; one per document, shared by the editors made on it.
  const undoManager = useMemo(() => createRoomUndoManager(ydoc.getXmlFragment(ROOM_FIELD)), [ydoc]);
  useEffect(() => () => undoManager.destroy(), [undoManager]);
  const { canUndo, canRedo } = useUndoStacks(undoManager);
  // The editor is made once; what it reports goes through refs to the current render's state.
  const onUndo = useRef<(result: UndoResult) => void>(() => {});
  onUndo.current = ({ what, done }) => setMessage(t(done ? `room.${what}Done` : `room.${what}Nothing`));
  // A change the locked skeleton refused is said, not silently dropped.
  const onRefused = useRef<(problem: SkeletonProblem) => void>(() => {});
  onRefused.current = (problem) => {
    const n = (value: number) => value.toLocaleString(i18n.language);
    setMessage(
      t(`room.refused.${problem}`, {
        max: n(EDITOR_LIMITS.maxRows),
        chars: n(EDITOR_LIMITS.maxCellChars),
        lines: n(EDITOR_LIMITS.maxParagraphs),
      }),
    );
  };

  const editor = useEditor(
    {
      immediatelyRender: true,
      // TipTap's base styles come from styles/prosemirror.css: an injected <style> breaks the CSP.
      injectCSS: false,
      shouldRerenderOnTransaction: false,
      editable: writable,
      extensions: [
        ...roomExtensions(template, { onUndo: (r) => onUndo.current(r), onRefused: (p) => onRefused.current(p) }),
        Collaboration.configure({ document: ydoc, yUndoOptions: { undoManager } }),
        CollaborationCaret.configure({ provider, user, render: caretLabelFor(user), selectionRender: caretSelectionFor(user) }),
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

  const onUndoButton = (what: UndoResult['what']) => {
    setPending(null);
    const done = what === 'undo' ? editor.commands.undo() : editor.commands.redo();
    onUndo.current({ what, done });
    editor.view.focus();
  };

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
          <button
            type="button"
            className="secondary"
            onMouseDown={keepFocus}
            onClick={() => onUndoButton('undo')}
            aria-keyshortcuts={UNDO_KEYS}
            aria-disabled={!canUndo || undefined}
            data-testid="undo"
          >
            {t('room.undo')}
          </button>
          <button
            type="button"
            className="secondary"
            onMouseDown={keepFocus}
            onClick={() => onUndoButton('redo')}
            aria-keyshortcuts={REDO_KEYS}
            aria-disabled={!canRedo || undefined}
            data-testid="redo"
          >
            {t('room.redo')}
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
