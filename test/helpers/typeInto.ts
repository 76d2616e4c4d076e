import * as Y from 'yjs';

/** Appends `text` to the first paragraph of body row `row`, column `col` of a room table (a plain Yjs edit). */
export function typeInto(doc: Y.Doc, row: number, col: number, text: string): void {
  const table = doc.getXmlFragment('default').get(0) as Y.XmlElement;
  const tr = table.get(row + 1) as Y.XmlElement; // row 0 is the header
  const cell = tr.get(col) as Y.XmlElement;
  const paragraph = cell.get(0) as Y.XmlElement;
  let textNode = paragraph.get(0) as Y.XmlText | undefined;
  if (!textNode) {
    textNode = new Y.XmlText();
    paragraph.insert(0, [textNode]);
  }
  textNode.insert(textNode.length, text);
}
