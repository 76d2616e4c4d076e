/** "6 minutes" in the locale's words and digits (whole minutes, rounded down, at least 1). */
export function minutesText(ms: number, locale: string): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
}
