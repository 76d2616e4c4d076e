import { useTranslation } from 'react-i18next';

/** True on Apple devices, where the shortcuts use ⌘ instead of Ctrl. */
function isApple(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** The room table's keyboard shortcuts, written out under the table (and its accessible description). */
export function TableKeyHelp({ id, writable, hasRatings = true }: { id: string; writable: boolean; hasRatings?: boolean }) {
  const { t } = useTranslation();
  const mod = isApple() ? '⌘' : 'Ctrl';
  const rows: Array<[string[], string]> = [[['Tab', 'Shift+Tab'], t('room.keys.cells')]];
  if (writable) {
    rows.push(
      [[`${mod}+A`], t('room.keys.selectCell')],
      [[`${mod}+Enter`], t('room.keys.addRow')],
      [[`${mod}+Shift+Backspace`], t('room.keys.removeRow')],
      [[`${mod}+Z`], t('room.keys.undo')],
      [[`${mod}+Shift+Z`, `${mod}+Y`], t('room.keys.redo')],
    );
    // A custom table may have no rating column; then the rating keys mean nothing there.
    if (hasRatings) rows.push([['←', '→', '↑', '↓'], t('room.keys.rating')], [['Esc'], t('room.keys.exitRating')]);
  }
  return (
    <section className="key-help" id={id} data-testid="key-help">
      <h3 className="key-help-heading">{t('room.keyboardHeading')}</h3>
      <dl>
        {rows.map(([keys, what]) => (
          <div key={what}>
            <dt>
              {keys.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ' ' : null}
                  <kbd dir="ltr">{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
