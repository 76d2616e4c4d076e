import * as Y from 'yjs';

/**
 * The plain text of the plenary notes document (TipTap content in its `default` fragment): one line
 * per block, formatting dropped, so exports carry the words and nothing else. A block's own text
 * follows the lines of the blocks inside it. The walk keeps a stack of its own instead of
 * recursing, so stored notes of any depth read without overflowing [RT10].
 */
export function readNotesText(doc: Y.Doc): string {
  interface Frame {
    children: unknown[];
    next: number;
    inline: string;
    hasInline: boolean;
  }
  const lines: string[] = [];
  const stack: Frame[] = [{ children: doc.getXmlFragment('default').toArray(), next: 0, inline: '', hasInline: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (child instanceof Y.XmlText) {
        top.inline += (child.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
        top.hasInline = true;
      } else if (child instanceof Y.XmlElement) {
        stack.push({ children: child.toArray(), next: 0, inline: '', hasInline: false });
      }
      continue;
    }
    stack.pop();
    if (top.hasInline) lines.push(top.inline);
  }
  return lines.join('\n').trim();
}
