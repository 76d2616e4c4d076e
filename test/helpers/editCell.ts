import * as Y from 'yjs';
import type { TestServer } from './testServer';

/** Appends `extra` to the first text run equal to `text` in a room table on the server, as an editor would. */
export async function editCell(server: TestServer, docName: string, text: string, extra: string): Promise<void> {
  await server.documents.withDocument(docName, (doc) => {
    const find = (node: Y.XmlElement | Y.XmlFragment): Y.XmlText | null => {
      for (const child of node.toArray()) {
        if (child instanceof Y.XmlText && child.toString() === text) return child;
        if (child instanceof Y.XmlElement) {
          const hit = find(child);
          if (hit) return hit;
        }
      }
      return null;
    };
    const target = find(doc.getXmlFragment('default'));
    if (!target) throw new Error(`no cell with "${text}"`);
    target.insert(text.length, extra);
  });
}
