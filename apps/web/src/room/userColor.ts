// Dark enough for white caret labels (contrast ≥ 4.5:1) and distinct from each other.
const PALETTE = ['#1f5fa8', '#a2392b', '#2e6b30', '#7b3fa0', '#995000', '#00695c', '#ad1457', '#455a64'];

/** A stable colour for a name, so a person keeps their colour across reloads. */
export function userColor(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (Math.imul(hash, 31) + (ch.codePointAt(0) ?? 0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length] ?? '#1f5fa8';
}
