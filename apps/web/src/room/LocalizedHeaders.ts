import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { COLUMN_ATTR, NODE } from '@roomtable/core';
import { defaultColumnKey } from '../i18n/columnLabel';
import { i18n } from '../i18n/i18n';

const KEY = new PluginKey('localizedHeaders');

/**
 * Shows the default template's column headings in the reader's language. The heading text is
 * shared document content, so only decorations change: the stored English stays, is hidden from
 * sight and from screen readers, and the translation is drawn by CSS from `data-label`. A heading
 * somebody edited no longer matches the default and shows as written.
 */
export const LocalizedHeaders = Extension.create<Record<string, never>, { off: () => void }>({
  name: 'localizedHeaders',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: KEY,
        props: {
          decorations(state) {
            const decorations: Decoration[] = [];
            state.doc.descendants((node, pos) => {
              if (node.type.name !== NODE.header) return true;
              const key = defaultColumnKey(String(node.attrs[COLUMN_ATTR] ?? ''), node.textContent);
              if (!key) return false;
              decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'localized-header', 'data-label': i18n.t(key) }));
              node.forEach((child, offset) => {
                const from = pos + 1 + offset;
                decorations.push(Decoration.node(from, from + child.nodeSize, { class: 'localized-source', 'aria-hidden': 'true' }));
              });
              return false;
            });
            return DecorationSet.create(state.doc, decorations);
          },
        },
      }),
    ];
  },
  onCreate() {
    // Decorations are drawn from the state; a language change alone must ask for a redraw.
    const redraw = () => {
      if (!this.editor.isDestroyed) this.editor.view.dispatch(this.editor.state.tr.setMeta(KEY, true).setMeta('addToHistory', false));
    };
    i18n.on('languageChanged', redraw);
    this.storage.off = () => i18n.off('languageChanged', redraw);
  },
  addStorage() {
    return { off: () => {} };
  },
  onDestroy() {
    this.storage.off();
  },
});
