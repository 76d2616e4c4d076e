import { mergeAttributes, Node } from '@tiptap/core';
import { NODE, RATING_ATTR } from '@roomtable/core';

const RATINGS = new Set(['H', 'M', 'L']);

/**
 * An H/M/L choice living alone in a rating cell. It is an atom: people pick a value, they never
 * type one, so a rating can never become free text. The web app adds a React node view to it.
 */
export const RatingNode = Node.create({
  name: NODE.rating,
  group: 'block',
  atom: true,
  selectable: true,
  draggable: false,

  addAttributes() {
    return {
      [RATING_ATTR]: {
        default: null,
        parseHTML: (el: HTMLElement) => {
          const v = el.getAttribute('data-value');
          return v && RATINGS.has(v) ? v : null;
        },
        renderHTML: (attrs: Record<string, unknown>) =>
          attrs[RATING_ATTR] ? { 'data-value': attrs[RATING_ATTR] } : {},
      },
    };
  },

  parseHTML() {
    return [{ tag: 'div[data-rating]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['div', mergeAttributes({ 'data-rating': '' }, HTMLAttributes)];
  },
});
