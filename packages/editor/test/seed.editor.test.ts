// @vitest-environment happy-dom
import { getSchema } from '@tiptap/core';
import { prosemirrorToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_TEMPLATE, ROOM_FIELD, readRows, seedRoomUpdate } from '@roomtable/core';
import type { Editor } from '@tiptap/core';
import type { Template } from '@roomtable/core';
import { assessmentSchemaExtensions } from '../src/index';
import { createRoomEditor } from './roomEditor';

const schema = getSchema(assessmentSchemaExtensions());
const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

function seededDoc(suggestions: string[], template: Template = DEFAULT_TEMPLATE): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seedRoomUpdate(template, suggestions));
  return doc;
}

describe('the seed on the editor schema', () => {
  it.each([
    ['with suggestions', ['Publish minutes', 'Two\nlines', '']],
    ['without suggestions', []],
  ])('is a valid ProseMirror document %s', (_name, suggestions) => {
    const node = yXmlFragmentToProseMirrorRootNode(seededDoc(suggestions).getXmlFragment(ROOM_FIELD), schema);
    expect(() => node.check()).not.toThrow();
    const table = node.child(0);
    expect(node.childCount).toBe(1);
    expect(table.type.name).toBe('table');
    expect(table.childCount).toBe(1 + Math.max(1, suggestions.length));
    const header = table.child(0);
    header.forEach((cell, _offset, i) => {
      expect(cell.type.name).toBe('tableHeader');
      expect(cell.attrs.column).toBe(DEFAULT_TEMPLATE.columns[i]?.key);
      expect(cell.textContent).toBe(DEFAULT_TEMPLATE.columns[i]?.label);
    });
    const body = table.child(1);
    expect(body.child(2).firstChild?.type.name).toBe('rating');
    expect(body.child(2).firstChild?.attrs.value).toBeNull();
    expect(body.child(1).firstChild?.type.name).toBe('paragraph');
  });

  it('is exactly what the editor binding itself would write for that document', () => {
    const seeded = seededDoc(['Publish minutes', 'Two\nlines']);
    const node = yXmlFragmentToProseMirrorRootNode(seeded.getXmlFragment(ROOM_FIELD), schema);
    const rewritten = prosemirrorToYDoc(node, ROOM_FIELD);
    expect(rewritten.getXmlFragment(ROOM_FIELD).toString()).toBe(seeded.getXmlFragment(ROOM_FIELD).toString());
    expect(rewritten.getXmlFragment(ROOM_FIELD).toJSON()).toBe(seeded.getXmlFragment(ROOM_FIELD).toJSON());
  });

  it('opens in a real editor without the binding changing the document', () => {
    const doc = seededDoc(['Publish minutes']);
    const before = Y.encodeStateVector(doc);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const editor = createRoomEditor(doc);
    editors.push(editor);
    expect(editor.state.doc.child(0).childCount).toBe(2);
    expect(editor.state.doc.child(0).child(1).child(0).textContent).toBe('Publish minutes');
    expect(updates).toEqual([]);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(readRows(doc, DEFAULT_TEMPLATE)[0]?.suggestion).toBe('Publish minutes');
  });

  it('is valid for a template that starts with a rating column', () => {
    const template: Template = {
      columns: [
        { key: 'score', label: 'Score', kind: 'rating' },
        { key: 'idea', label: 'Idea', kind: 'text' },
      ],
    };
    const node = yXmlFragmentToProseMirrorRootNode(seededDoc(['A'], template).getXmlFragment(ROOM_FIELD), schema);
    expect(() => node.check()).not.toThrow();
    expect(node.child(0).child(1).child(1).textContent).toBe('A');
  });
});
