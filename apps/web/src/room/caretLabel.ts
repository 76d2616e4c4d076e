import { defaultSelectionBuilder } from '@tiptap/y-tiptap';
import { personColor } from './personColor';
import { personKey } from './presentPeople';

interface CaretUser {
  id?: unknown;
  link?: unknown;
  name?: unknown;
  color?: unknown;
  role?: unknown;
}

/** Who this page is, as the server shows it in `user` [SY17]: a participant id, or a facilitator's link. */
export interface CaretSelf {
  id?: string | undefined;
  link?: string | undefined;
}

/** A state of this same person from another tab, device, or the connection before a reload. */
function isMine(user: CaretUser, self: CaretSelf): boolean {
  if (self.id) return user.id === self.id;
  return !!self.link && user.link === self.link && user.id === undefined;
}

/**
 * Another person's caret in the table: a thin bar in their colour, and their name beside the cell
 * (on its top border, see app.css) rather than over the text, so a label never covers a cell's
 * text or a rating's H/M/L buttons (issue 15). The widget is hidden from screen readers: it is not
 * part of the cell's text, and the presence list names everyone in the room.
 *
 * `self` is this page's person: the server writes each state's `user.id` (or a facilitator's
 * `user.link`) from the token [SY17], so a state carrying it is this person's own (another tab, a
 * phone, or the connection before a reload the server has not seen close yet) and gets no caret.
 * Before, a reload showed a ghost caret with one's own name until the old connection timed out.
 */
export function caretLabelFor(self: CaretSelf): (user: CaretUser) => HTMLElement {
  return (user) => {
    const caret = document.createElement('span');
    caret.setAttribute('aria-hidden', 'true');
    if (isMine(user, self)) {
      caret.className = 'collaboration-carets__caret collaboration-carets__caret--mine';
      return caret;
    }
    // The page's own colour for this person, the same as their presence swatch (not the claim).
    const color = personColor(personKey(user));
    const name = typeof user.name === 'string' ? user.name : '';
    caret.className = 'collaboration-carets__caret';
    caret.style.borderColor = color;
    caret.dataset.testid = 'remote-caret';
    const label = document.createElement('span');
    label.className = 'collaboration-carets__label';
    label.style.backgroundColor = color;
    label.textContent = name;
    caret.append(label);
    return caret;
  };
}

/** Another person's selection highlighted in their colour; none for this person's own other states. */
export function caretSelectionFor(self: CaretSelf) {
  return (user: CaretUser & { color: string; name: string }) => (isMine(user, self) ? {} : defaultSelectionBuilder({ ...user, color: personColor(personKey(user)) }));
}
