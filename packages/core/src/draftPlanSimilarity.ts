/**
 * Words too common to say whether two suggestions mean the same thing. English only, on purpose:
 * the list is short and visible so a facilitator can understand why two rows were grouped.
 */
const STOPWORDS = new Set(
  'a an and are as at be by do does for from has have in is it its of on or our that the their this to we with'.split(' '),
);

/** Lower-cased word tokens of `text` without punctuation, accents or stopwords; "NOT" is kept as meaning. */
export function suggestionTokens(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  // Negation flips a suggestion's meaning ("do NOT focus on X" vs "focus on X"), so it stays a token.
  return words.filter((w) => w === 'not' || w === 'no' || !STOPWORDS.has(w));
}

/**
 * Jaccard similarity of the two texts' token sets, 0 (nothing shared) to 1 (same words): the share
 * of distinct words the two have in common. Simple enough to explain next to every grouping.
 */
export function suggestionSimilarity(a: string, b: string): number {
  const ta = new Set(suggestionTokens(a));
  const tb = new Set(suggestionTokens(b));
  if (ta.size === 0 || tb.size === 0) return 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}
