import * as Y from 'yjs';

/** The marks TipTap's StarterKit writes into the plenary notes (`link` is switched off there). */
export const NOTES_MARKS: readonly string[] = ['bold', 'italic', 'strike', 'code', 'underline'];

/** One way the plenary notes break their rules (same shape as a room's). */
export interface NotesViolation {
  rule: string;
  message: string;
  key: string;
}

/**
 * The plenary notes' own rule [NT1]: the `default` fragment holds only elements (paragraphs,
 * headings, lists …), never bare text, which every TipTap client would fail to open. Nesting is
 * bounded by the sync layer for every document; the notes' node names are TipTap's to judge.
 */
export function notesViolations(doc: Y.Doc): NotesViolation[] {
  if (!doc.share.has('default')) return [];
  const out: NotesViolation[] = [];
  let fragment: Y.XmlFragment;
  try {
    fragment = doc.getXmlFragment('default');
  } catch {
    return [{ rule: 'NT1', message: 'the notes cannot be read as a document', key: 'NT1:unreadable' }];
  }
  for (let item = fragment._start; item !== null && out.length < 20; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) continue;
    out.push({ rule: 'NT1', message: 'the notes hold only paragraphs, headings and lists at the top', key: `NT1:${item.id.client}.${item.id.clock}` });
  }
  return out;
}

/** The notes' plain edits for the sync layer's fast path: text anywhere in an element, StarterKit's marks. */
export function notesPlainEdits() {
  const unbounded = { group: NOTES_MARKS, length: 0, max: Number.POSITIVE_INFINITY };
  return {
    text: (text: Y.XmlText) => (text.parent instanceof Y.XmlElement ? unbounded : null),
    newText: () => unbounded,
    format: (key: string) => NOTES_MARKS.includes(key),
    attribute: () => false,
  };
}
