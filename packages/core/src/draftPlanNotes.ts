import * as Y from 'yjs';

/**
 * The plain text of the plenary notes document (TipTap content in its `default` fragment): one line
 * per block, formatting dropped, so exports carry the words and nothing else.
 */
export function readNotesText(doc: Y.Doc): string {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment): void => {
    let inline = '';
    let hasInline = false;
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        inline += (child.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
        hasInline = true;
      } else if (child instanceof Y.XmlElement) {
        walk(child);
      }
    }
    if (hasInline) lines.push(inline);
  };
  walk(doc.getXmlFragment('default'));
  return lines.join('\n').trim();
}
