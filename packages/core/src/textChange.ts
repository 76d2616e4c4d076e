/** One edit of a plain text: `remove` characters at `index` replaced by `insert`. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The one change that turns `before` into `after` ([BN5]), as a text box reports it: the value
 * before and after one input event, and the caret after it. The common prefix and suffix are kept;
 * where they could overlap (typing "a" into "aa" could be at 0, 1 or 2), the caret after the event
 * says where the person typed, so the change lands where they typed and not at the first place it
 * could. Null when nothing changed.
 */
export function textChange(before: string, after: string, caretAfter: number | null = null): TextChange | null {
  if (before === after) return null;
  const grew = after.length - before.length;
  // Without a caret (or with one that cannot be right), the end of the longest common prefix.
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // The caret after an insertion is at its end: the change starts no later than caret − inserted.
  if (caretAfter !== null && caretAfter >= 0 && caretAfter <= after.length) {
    prefix = Math.min(prefix, Math.max(0, caretAfter - Math.max(0, grew)));
  }
  let suffix = 0;
  const room = Math.min(before.length, after.length) - prefix;
  while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never split a surrogate pair (an emoji): a change starting or ending inside one takes it whole.
  if (prefix > 0 && isLowSurrogate(after.charCodeAt(prefix)) && isHighSurrogate(after.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix)) && isHighSurrogate(before.charCodeAt(before.length - suffix - 1))) suffix--;
  return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
