import * as Y from 'yjs';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { NODE, RATING_ATTR } from '@roomtable/core';

/** True when an element holds text or a rating someone set (deleted content does not count). */
function hasContent(element: Y.XmlElement): boolean {
  const stack: Array<Y.XmlElement | Y.XmlText> = [element];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node instanceof Y.XmlText) {
      if (node.length > 0) return true;
      continue;
    }
    if (node.nodeName === NODE.rating && node.getAttribute(RATING_ATTR) != null) return true;
    for (const child of node.toArray()) if (child instanceof Y.XmlElement || child instanceof Y.XmlText) stack.push(child);
  }
  return false;
}

/**
 * The undo manager of one person's room editor [TE9]: it undoes only what this editor did (the
 * binding's origin, as y-prosemirror's undo plugin tracks it), and never leaves the table broken.
 * Undo removes what I inserted, except structure someone still needs:
 * - a row only while it is empty (what somebody wrote in a row I added stays, in the whole row),
 *   or when redoing my removal of it;
 * - a paragraph only when it is empty and not its cell's first (a cell always keeps one);
 * - never a cell, a rating or a paragraph's text node on its own: they go with their row or
 *   paragraph (the letters in a text node are removed one by one as usual);
 * - of attributes only a rating's value: a cell's column goes with its row.
 */
export function createRoomUndoManager(fragment: Y.XmlFragment): Y.UndoManager {
  const manager: Y.UndoManager = new Y.UndoManager(fragment, {
    trackedOrigins: new Set([ySyncPluginKey]),
    captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
    deleteFilter: (item) => {
      // An attribute I set goes back only on a rating (the value I chose); the attributes of the
      // structure I added (a cell's column, colspan, rowspan) go with their row or not at all.
      // Before, undoing a row I had added that someone had written in kept the row, as it should,
      // but deleted its cells' attributes: cells without their column, which the server refuses
      // (torture: "page differs from the server", a row with null column attributes).
      if (item.parentSub !== null) {
        const parent = item.parent;
        return parent instanceof Y.XmlElement && parent.nodeName === NODE.rating && item.parentSub === RATING_ATTR;
      }
      if (!(item.content instanceof Y.ContentType)) return true;
      const type = item.content.type;
      if (type instanceof Y.XmlText) return false;
      if (!(type instanceof Y.XmlElement)) return true;
      if (type.nodeName === NODE.row) return manager.redoing || !hasContent(type);
      if (type.nodeName === NODE.paragraph) {
        let left = item.left;
        while (left && left.deleted) left = left.left;
        return left !== null && !hasContent(type);
      }
      return false;
    },
  });
  return manager;
}
