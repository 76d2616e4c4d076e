import * as Y from 'yjs';

/**
 * Writes `text` into the plenary notes held by `doc` the way the notes editor does: a new paragraph
 * at the end of the `default` fragment, or `text` appended to the paragraph `at` (one transaction
 * either way). Tests that need a large or growing document use the notes: a room table bounds every
 * cell, and the server refuses whatever a room table may not hold.
 */
export function writeNotes(doc: Y.Doc, text: string, at?: number): void {
  const fragment = doc.getXmlFragment('default');
  doc.transact(() => {
    const existing = at === undefined ? undefined : fragment.get(at);
    if (existing instanceof Y.XmlElement) {
      const inline = existing.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);
      if (inline) inline.insert(inline.length, text);
      else existing.insert(0, [new Y.XmlText(text)]);
      return;
    }
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    fragment.insert(fragment.length, [paragraph]);
  });
}
