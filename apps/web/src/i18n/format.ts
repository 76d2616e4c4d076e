/** Locale-aware formatting of clocks and times with `Intl`, so digits and order follow the language. */

/** "m:ss" (or "h:mm:ss") in the locale's digits, e.g. Arabic-Indic digits in Arabic. */
export function formatCountdown(ms: number, locale: string): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  const two = new Intl.NumberFormat(locale, { useGrouping: false, minimumIntegerDigits: 2 });
  return h > 0 ? `${plain.format(h)}:${two.format(m)}:${two.format(s)}` : `${plain.format(m)}:${two.format(s)}`;
}

/** The time left spoken in words for screen readers, e.g. "4 minutes, 5 seconds". */
export function spokenDuration(ms: number, locale: string): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const parts: string[] = [];
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) parts.push(unit(h, 'hour'));
  if (m > 0) parts.push(unit(m, 'minute'));
  if (s > 0 || parts.length === 0) parts.push(unit(s, 'second'));
  return new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(parts);
}

/** A clock time such as "14:35" or "2:35 PM", as the locale writes it. */
export function formatTime(at: number | string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(at));
}

/** A date with its time, such as "12 March 2026, 14:35", as the locale writes it. */
export function formatDateTime(at: number | string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}
