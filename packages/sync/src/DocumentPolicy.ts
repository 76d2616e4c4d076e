import type * as Y from 'yjs';

/** What a root of a document holds: XML nodes (TipTap content), map entries, list items or text. */
export type RootKind = 'xml' | 'map' | 'array' | 'text';

/** One way a document breaks its kind's schema (the same shape as `@roomtable/core`'s). */
export interface PolicyViolation {
  /** The rule's id, e.g. "RT7". */
  rule: string;
  /** What is wrong, for a person; it leads the close reason. */
  message: string;
  /** Stable name of the offence: a change is refused only for one the document did not have [SY12]. */
  key: string;
  /** For bounds: how far over; a change may shrink it, never grow it. */
  amount?: number;
}

/** Where typed text counts against one length bound (a room's cell), for the fast path. */
export interface TextRoom {
  /** What the bound is for: every text node of one cell gives the same object. */
  group: object;
  /** Characters there now. */
  length: number;
  /** The bound. */
  max: number;
}

/**
 * The plain edits of a document kind: the fast path accepts an update made only of these without
 * copying and checking the whole document [SY13]. Each answer must be exact: an edit it accepts can
 * break no rule of the kind's `violations` but the text bound it reports.
 */
export interface PlainEdits {
  /** Text inserted into, formatted in or deleted from `text`: where it counts, or null when it needs the full check. */
  text(text: Y.XmlText): TextRoom | null;
  /** A new, empty text node created directly inside `element`: where its text counts, or null. */
  newText(element: Y.XmlElement): TextRoom | null;
  /** Formatting a client may set on such text. */
  format(key: string, value: unknown): boolean;
  /** Attribute `key` of `element` set to `value` (undefined: removed). */
  attribute(element: Y.XmlElement, key: string, value: unknown): boolean;
}

/**
 * The rules a client's update must keep for one document, given per document by the server
 * (`DocumentManager`'s `policyFor`). The generic part (roots, depth) holds for every kind; a kind
 * with a schema adds `violations` (the full check) and `edits` (what the fast path may accept).
 */
export interface DocumentPolicy {
  /** The roots a client may change, by name, with what each holds [SY10]; none: clients never change the document. */
  readonly roots: Readonly<Record<string, RootKind>>;
  /** Deepest nesting of shared types a change may create (a root's children are at depth 1) [SY11]. */
  readonly maxDepth: number;
  /** Every violation of the document's schema, or nothing: the slow path's check [SY12]. */
  violations?(doc: Y.Doc): PolicyViolation[];
  /** Edits the fast path accepts without the full check [SY13]. */
  readonly edits?: PlainEdits;
}
