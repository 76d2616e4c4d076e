import { useEffect, useRef, type RefObject } from 'react';
import * as Y from 'yjs';
import { boardItemText, editBoardText, textChange } from '@roomtable/core';

type Field = HTMLTextAreaElement | HTMLInputElement;

/** Where the selection was, as positions in the shared text that move with what others type. */
interface SavedSelection {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  direction: Field['selectionDirection'];
}

/**
 * Binds a text box to note or frame `id`'s shared text (core's [BN5]). The box is uncontrolled:
 * each input event becomes the characters it changed (its value before and after, the caret after),
 * applied to the Y.Text; a change from anyone else rewrites the box's value and puts the selection
 * back where it was in the text. Before such a change the selection is saved as relative positions
 * (anchored to characters, not to offsets), so text another person inserts before the caret pushes
 * it along instead of the caret jumping or the next keystroke landing in their word.
 *
 * `shown` is the text as read (what the box shows while the note is an old `{text}` entry with no
 * shared text yet: its first edit upgrades it, and the binding moves to the new Y.Text).
 */
export function useSharedText<T extends Field>(doc: Y.Doc | null, id: string, shown: string): RefObject<T | null> {
  const ref = useRef<T | null>(null);
  // This binding's own writes, told apart from everyone else's by their transaction's origin.
  const origin = useRef({ binding: id }).current;
  const text = doc ? boardItemText(doc, id) : null;
  const plain = text ? null : shown;

  useEffect(() => {
    const el = ref.current;
    if (!el || !doc) return;
    let value = text ? text.toString() : (plain ?? '');
    if (el.value !== value) el.value = value;
    let saved: SavedSelection | null = null;

    const onBefore = (tr: Y.Transaction) => {
      if (!text || tr.origin === origin || document.activeElement !== el || el.selectionStart === null) return;
      saved = {
        start: Y.createRelativePositionFromTypeIndex(text, Math.min(el.selectionStart, text.length)),
        end: Y.createRelativePositionFromTypeIndex(text, Math.min(el.selectionEnd ?? el.selectionStart, text.length)),
        direction: el.selectionDirection,
      };
    };
    const onRemote = (_e: Y.YTextEvent, tr: Y.Transaction) => {
      if (!text || tr.origin === origin) return;
      const was = saved;
      saved = null;
      value = text.toString();
      if (el.value === value) return;
      el.value = value;
      if (was && document.activeElement === el) {
        const start = Y.createAbsolutePositionFromRelativePosition(was.start, doc);
        const end = Y.createAbsolutePositionFromRelativePosition(was.end, doc);
        if (start && end) el.setSelectionRange(start.index, end.index, was.direction ?? undefined);
      }
    };
    const onInput = () => {
      const next = el.value;
      const change = textChange(value, next, el.selectionEnd);
      if (!change) return;
      const target = editBoardText(doc, id, change, origin);
      if (!target) {
        // Deleted meanwhile by someone else: the keystroke has nowhere to go, the box goes back.
        el.value = value;
        return;
      }
      value = target.toString();
      if (value !== next) {
        // The insertion was cut at the limit: show what the note holds, the caret after what was kept.
        const caret = Math.min(value.length, change.index + change.insert.length - (next.length - value.length));
        el.value = value;
        el.setSelectionRange(caret, caret);
      }
    };

    el.addEventListener('input', onInput);
    doc.on('beforeTransaction', onBefore);
    text?.observe(onRemote);
    return () => {
      el.removeEventListener('input', onInput);
      doc.off('beforeTransaction', onBefore);
      text?.unobserve(onRemote);
    };
  }, [doc, id, text, plain, origin]);

  return ref;
}
