import { mergeAttributes, type AnyExtension, type Node } from '@tiptap/core';
import { ReactNodeViewRenderer } from '@tiptap/react';
import { NODE } from '@roomtable/core';
import { assessmentSchemaExtensions } from '@roomtable/editor';
import { RatingView } from './RatingView';

/**
 * The shared schema with the web app's rendering on top: the React rating control, and a
 * `data-testid="row"` on body rows. Only rendering changes, so documents stay identical.
 */
export function roomExtensions(): AnyExtension[] {
  return assessmentSchemaExtensions().map((ext) => {
    if (ext.name === NODE.rating) {
      return (ext as Node).extend({
        addNodeView() {
          // The control handles its own clicks and keys; ProseMirror must not turn them into selections.
          return ReactNodeViewRenderer(RatingView, { stopEvent: () => true });
        },
      });
    }
    if (ext.name === NODE.row) {
      return (ext as Node).extend({
        renderHTML({ node, HTMLAttributes }) {
          const header = node.firstChild?.type.name === NODE.header;
          return ['tr', mergeAttributes(HTMLAttributes, header ? {} : { 'data-testid': 'row' }), 0];
        },
      });
    }
    return ext;
  });
}
