// Dark enough for white caret labels (contrast ≥ 4.5:1) and distinct from each other.
const PALETTE = ['#1f5fa8', '#a2392b', '#2e6b30', '#7b3fa0', '#995000', '#00695c', '#ad1457', '#455a64'];

/** Colours this page gave out, by person key (`personKey`), in the order it first saw each person. */
const given = new Map<string, string>();

/**
 * The colour this page draws a person in (caret, selection, presence swatch), by their person key.
 * Each person this page sees gets the next palette colour not yet given, so the first eight people
 * of a room are eight colours, and a person keeps theirs for the page's life (a reconnect or a
 * second tab of theirs is the same key). Before, the colour was a hash of the name into eight
 * colours: "Ana", "Facilitator" and "Facilitator · Bo (co-facilitator)" all hashed to the same
 * brown, so two people's carets in one cell could not be told apart. Colours are the viewer's:
 * two pages may draw the same person in different colours, as each keeps its own people apart.
 */
export function personColor(key: string): string {
  const known = given.get(key);
  if (known) return known;
  const color = PALETTE[given.size % PALETTE.length]!;
  given.set(key, color);
  return color;
}
