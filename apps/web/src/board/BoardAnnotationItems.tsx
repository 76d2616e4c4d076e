import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import {
  BOARD_CARD,
  BOARD_NOTE_SIZE,
  LIMITS,
  deleteFrame,
  deleteNote,
  updateFrame,
  updateNote,
  type BoardFrame,
  type BoardNote,
} from '@roomtable/core';
import { usePlaneDrag } from './usePlaneDrag';
import { useSharedText } from './useSharedText';

/** Arrow keys move a note or frame this far (Shift: a card's width), as they move a cluster. */
const KEY_STEP = BOARD_CARD.gap;

interface ItemProps {
  scale: number;
  /** The board document to write in; null when this person may only look. */
  doc: Y.Doc | null;
  /** The others dragging this item now. */
  movers: readonly string[];
  /** Says that this person starts (the item's id) or stops (null) dragging. */
  onDragging: (id: string | null) => void;
  /**
   * The plane is drawn too small for text boxes and buttons a finger can hit (a phone, zoomed out):
   * the whole item drags, and a tap or Enter opens it in the editor above the plane (`onEdit`).
   */
  compact: boolean;
  onEdit: () => void;
}

/** Arrow keys as a move of `step` board units (Shift: a card's width); null for any other key. */
function arrowDelta(e: KeyboardEvent): [number, number] | null {
  const step = e.shiftKey ? BOARD_CARD.width : KEY_STEP;
  const deltas: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  return deltas[e.key] ?? null;
}

/** Who else is moving it, shown as a labelled outline (names only). */
function MoverLabel({ movers }: { movers: readonly string[] }) {
  const { t } = useTranslation();
  if (movers.length === 0) return null;
  return (
    <span className="board-mover" data-testid="board-mover">
      {t('board.movedBy', { names: movers.join(', ') })}
    </span>
  );
}

/** A sticky note: its text (a text box for the facilitator and note-takers), dragged by its bar, deleted by its ×. */
export function NoteItem({ note, scale, doc, movers, onDragging, compact, onEdit }: ItemProps & { note: BoardNote }) {
  const { t } = useTranslation();
  const drag = usePlaneDrag({
    scale,
    from: { x: note.x, y: note.y },
    onMove: doc ? (to) => updateNote(doc, note.id, to) : null,
    onDragging: (on) => onDragging(on ? note.id : null),
    onClick: doc && compact ? onEdit : undefined,
  });
  const editsHere = doc !== null && !compact;
  const textRef = useSharedText<HTMLTextAreaElement>(editsHere ? doc : null, note.id, note.text);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!doc || e.target !== e.currentTarget) return;
    if (compact && e.key === 'Enter') {
      e.preventDefault();
      onEdit();
      return;
    }
    const d = arrowDelta(e);
    if (!d) return;
    e.preventDefault();
    updateNote(doc, note.id, { x: note.x + d[0], y: note.y + d[1] });
  };
  const label = note.text.trim() ? t('board.note.label', { text: note.text.trim().slice(0, 80) }) : t('board.note.empty');
  return (
    <div
      className={`board-note${doc ? ' movable' : ''}${movers.length > 0 ? ' moving' : ''}`}
      style={{ left: note.x, top: note.y, width: BOARD_NOTE_SIZE.width, height: BOARD_NOTE_SIZE.height }}
      tabIndex={0}
      role="group"
      aria-roledescription={t('board.note.role')}
      aria-label={label}
      data-testid="board-note"
      data-note={note.id}
      data-x={note.x}
      data-y={note.y}
      onKeyDown={onKeyDown}
      {...(compact ? drag : {})}
    >
      <div className="board-note-bar" {...(compact ? {} : drag)} aria-hidden={editsHere ? undefined : true}>
        <span className="board-note-kind">{t('board.note.role')}</span>
        {editsHere ? (
          <button type="button" className="board-item-delete" onClick={() => deleteNote(doc, note.id)} aria-label={t('board.note.delete', { text: note.text.trim().slice(0, 40) })} data-testid="board-note-delete">
            ×
          </button>
        ) : null}
      </div>
      {editsHere ? (
        <textarea
          ref={textRef}
          className="board-note-text"
          defaultValue={note.text}
          maxLength={LIMITS.boardNoteTextMax}
          aria-label={t('board.note.text')}
          placeholder={t('board.note.placeholder')}
          data-testid="board-note-text"
        />
      ) : (
        <p className="board-note-text" data-testid="board-note-text">
          {note.text}
        </p>
      )}
      <MoverLabel movers={movers} />
    </div>
  );
}

/**
 * A frame around a group: its name on top (a text box for writers), dragged by that bar, resized by
 * its corner (or Alt + arrow keys), deleted by its ×. Its inside lets presses through to the
 * clusters it holds: a frame never moves them ([BN2]).
 */
export function FrameItem({ frame, scale, doc, movers, onDragging, compact, onEdit }: ItemProps & { frame: BoardFrame }) {
  const { t } = useTranslation();
  const move = usePlaneDrag({
    scale,
    from: { x: frame.x, y: frame.y },
    onMove: doc ? (to) => updateFrame(doc, frame.id, to) : null,
    onDragging: (on) => onDragging(on ? frame.id : null),
    onClick: doc && compact ? onEdit : undefined,
  });
  const editsHere = doc !== null && !compact;
  const nameRef = useSharedText<HTMLInputElement>(editsHere ? doc : null, frame.id, frame.name);
  const resize = usePlaneDrag({
    scale,
    from: { x: frame.width, y: frame.height },
    onMove: doc ? (to) => updateFrame(doc, frame.id, { width: to.x, height: to.y }) : null,
    onDragging: (on) => onDragging(on ? frame.id : null),
  });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!doc || e.target !== e.currentTarget) return;
    if (compact && e.key === 'Enter') {
      e.preventDefault();
      onEdit();
      return;
    }
    const d = arrowDelta(e);
    if (!d) return;
    e.preventDefault();
    if (e.altKey) updateFrame(doc, frame.id, { width: frame.width + d[0], height: frame.height + d[1] });
    else updateFrame(doc, frame.id, { x: frame.x + d[0], y: frame.y + d[1] });
  };
  const name = frame.name.trim();
  return (
    <div
      className={`board-group-frame${doc ? ' movable' : ''}${movers.length > 0 ? ' moving' : ''}`}
      style={{ left: frame.x, top: frame.y, width: frame.width, height: frame.height }}
      tabIndex={0}
      role="group"
      aria-roledescription={t('board.frame.role')}
      aria-label={name ? t('board.frame.label', { name }) : t('board.frame.unnamed')}
      data-testid="board-group-frame"
      data-frame={frame.id}
      data-x={frame.x}
      data-y={frame.y}
      onKeyDown={onKeyDown}
    >
      <div className="board-group-frame-bar" {...move}>
        {editsHere ? (
          <input
            ref={nameRef}
            className="board-group-frame-name"
            defaultValue={frame.name}
            maxLength={LIMITS.boardFrameNameMax}
            aria-label={t('board.frame.name')}
            placeholder={t('board.frame.placeholder')}
            data-testid="board-group-frame-name"
          />
        ) : (
          <span className="board-group-frame-name" data-testid="board-group-frame-name">
            {name}
          </span>
        )}
        {editsHere ? (
          <button type="button" className="board-item-delete" onClick={() => deleteFrame(doc, frame.id)} aria-label={t('board.frame.delete', { name })} data-testid="board-group-frame-delete">
            ×
          </button>
        ) : null}
      </div>
      {editsHere ? <div className="board-group-frame-resize" {...resize} aria-hidden="true" data-testid="board-group-frame-resize" /> : null}
      <MoverLabel movers={movers} />
    </div>
  );
}

/**
 * The note or frame opened for editing at full size, above the plane: where the plane is drawn too
 * small to type in (a phone), a tap on a note or frame brings its text or name here.
 */
export function BoardItemEditor({ doc, note, frame, onClose }: { doc: Y.Doc; note: BoardNote | null; frame: BoardFrame | null; onClose: () => void }) {
  const { t } = useTranslation();
  const item = note ?? frame;
  const fieldRef = useSharedText<HTMLTextAreaElement & HTMLInputElement>(item ? doc : null, item?.id ?? '', note ? note.text : (frame?.name ?? ''));
  if (!note && !frame) return null;
  return (
    <div className="board-item-editor" role="group" aria-label={note ? t('board.note.role') : t('board.frame.role')} data-testid="board-item-editor">
      {note ? (
        <textarea
          ref={fieldRef}
          className="board-item-editor-text"
          defaultValue={note.text}
          maxLength={LIMITS.boardNoteTextMax}
          aria-label={t('board.note.text')}
          placeholder={t('board.note.placeholder')}
          autoFocus
          data-testid="board-note-editor-text"
        />
      ) : frame ? (
        <input
          ref={fieldRef}
          className="board-item-editor-name"
          defaultValue={frame.name}
          maxLength={LIMITS.boardFrameNameMax}
          aria-label={t('board.frame.name')}
          placeholder={t('board.frame.placeholder')}
          autoFocus
          data-testid="board-frame-editor-name"
        />
      ) : null}
      <div className="button-row">
        <button type="button" className="secondary" onClick={onClose} data-testid="board-item-editor-done">
          {t('board.editor.done')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (note) deleteNote(doc, note.id);
            if (frame) deleteFrame(doc, frame.id);
            onClose();
          }}
          data-testid="board-item-editor-delete"
        >
          {note ? t('board.editor.deleteNote') : t('board.editor.deleteFrame')}
        </button>
      </div>
    </div>
  );
}
