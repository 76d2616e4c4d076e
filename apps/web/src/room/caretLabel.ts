/**
 * Another person's caret in the table: a thin bar in their colour, and their name beside the cell
 * (on its top border, see app.css) rather than over the text, so a label never covers a cell's
 * text or a rating's H/M/L buttons (issue 15). The widget is hidden from screen readers: it is not
 * part of the cell's text, and the presence list names everyone in the room.
 */
export function caretLabel(user: { name?: unknown; color?: unknown }): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : '#455a64';
  const name = typeof user.name === 'string' ? user.name : '';
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.style.borderColor = color;
  caret.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  label.style.backgroundColor = color;
  label.textContent = name;
  caret.append(label);
  return caret;
}
