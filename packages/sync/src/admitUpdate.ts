import * as Y from 'yjs';
import type { DocumentPolicy, PolicyViolation, TextRoom } from './DocumentPolicy';
import { decodeUpdate, type DecodedUpdate } from './protocol';

// Any Yjs shared type: Yjs types each one's event handlers by its event, so only `any` takes them all.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SharedType = Y.AbstractType<any>;

/** What the server does with a client's update, and how it decided. */
export type Admission =
  /** Apply it: `fast` when it is a plain edit [SY13], `slow` when a checked copy took it [SY12]. */
  | { verdict: 'accept'; path: 'fast' | 'slow' }
  /** It breaks a rule: close its session with 4422 and this reason; nothing of it is applied. */
  | { verdict: 'refuse'; rule: string; reason: string }
  /** Yjs could not apply it (a scratch copy threw): close with 4400. */
  | { verdict: 'malformed'; reason: string }
  /** It builds on changes the server does not have: close with 1013 so the client resends them [SY15]. */
  | { verdict: 'incomplete'; reason: string };

/**
 * Decides whether a client's update may touch the live document, without touching it [SY10]–[SY15].
 * First every struct is placed (which type it goes into, through its parent, origin or right origin,
 * found in the update or in the document's store) and the generic rules are checked: allowed roots
 * and kinds, nesting depth. An update made only of plain edits (text and formatting in text the
 * policy's `edits` accept, rating-like attributes, deleting such things) is accepted at once (fast
 * path). Anything else (new types, deleted elements, garbage, gaps) is applied to a scratch copy of
 * the document, whose pending structs and schema are checked (slow path); a Yjs exception there costs
 * only the copy.
 */
export function admitUpdate(doc: Y.Doc, update: Uint8Array, policy: DocumentPolicy, decoded: DecodedUpdate = decodeUpdate(update)): Admission {
  const analysis = new UpdateAnalysis(doc, decoded, policy);
  const refusal = analysis.run();
  if (refusal) return { verdict: 'refuse', ...refusal };
  if (analysis.fast) return { verdict: 'accept', path: 'fast' };
  return checkOnCopy(doc, update, policy);
}

/** The violations of `after` that `before` did not have, or has only less of [SY12]. */
export function newViolations(before: PolicyViolation[], after: PolicyViolation[]): PolicyViolation[] {
  const known = new Map<string, number>();
  for (const v of before) known.set(v.key, Math.max(known.get(v.key) ?? 0, v.amount ?? 0));
  return after.filter((v) => !known.has(v.key) || (v.amount ?? 0) > (known.get(v.key) ?? 0));
}

function checkOnCopy(doc: Y.Doc, update: Uint8Array, policy: DocumentPolicy): Admission {
  const scratch = new Y.Doc({ gc: doc.gc });
  try {
    try {
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    } catch (error) {
      // The live document itself cannot be copied (stored before these rules): take no structural change.
      return { verdict: 'refuse', rule: 'SY12', reason: `this document cannot be checked, so it takes no structural change (${describe(error)})` };
    }
    const pendingBefore = pendingOf(scratch);
    try {
      Y.applyUpdate(scratch, update);
    } catch (error) {
      return { verdict: 'malformed', reason: describe(error) };
    }
    if (pendingOf(scratch) !== pendingBefore) {
      return { verdict: 'incomplete', reason: 'this change builds on changes the server does not have; reconnect to send them' };
    }
    const after = policy.violations?.(scratch) ?? [];
    if (after.length === 0) return { verdict: 'accept', path: 'slow' };
    const fresh = newViolations(policy.violations?.(doc) ?? [], after);
    const first = fresh[0];
    if (!first) return { verdict: 'accept', path: 'slow' };
    return { verdict: 'refuse', rule: first.rule, reason: `${first.message} [${first.rule}]` };
  } finally {
    scratch.destroy();
  }
}

// Pending structs or deletions, as bytes: a change that adds to them depends on something missing.
function pendingOf(doc: Y.Doc): string {
  const { pendingStructs, pendingDs } = doc.store;
  const hex = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('base64') : '');
  return `${hex(pendingStructs?.update)}|${hex(pendingDs)}`;
}

type Struct = DecodedUpdate['structs'][number];

/** Where an item of the update goes. */
type Where =
  | { kind: 'type'; type: SharedType; sub: string | null }
  /** a root that does not exist in this document yet */
  | { kind: 'root'; name: string; sub: string | null }
  /** into a type this update creates */
  | { kind: 'created'; item: Y.Item; sub: string | null }
  /** nowhere: Yjs keeps it as garbage */
  | { kind: 'gc' }
  /** not decidable here (missing, odd): the scratch copy decides */
  | { kind: 'unknown' };

/** A type's root and depth (a root is at 0), or too deep to count. */
type Location = { root: string; depth: number } | 'too deep' | null;

// Each document's root types by name, built once per document instead of for every update (one
// Map and a walk of the share per keystroke). Checked on every use: a root can be added, and
// `doc.get(name, Type)` replaces a root an update created untyped by a typed one of the same name.
const rootNameCache = new WeakMap<Y.Doc, Map<SharedType, string>>();

function rootNameOf(doc: Y.Doc, type: SharedType): string | undefined {
  const name = rootNameCache.get(doc)?.get(type);
  if (name !== undefined && doc.share.get(name) === type) return name;
  const names = new Map<SharedType, string>();
  for (const [root, shared] of doc.share) names.set(shared, root);
  rootNameCache.set(doc, names);
  return names.get(type);
}

const UNKNOWN: Where = { kind: 'unknown' };
const GARBAGE: Where = { kind: 'gc' };

class UpdateAnalysis {
  /** False once anything needs the slow path. */
  fast: boolean;
  readonly #store: Y.Doc['store'];
  readonly #byClient = new Map<number, Struct[]>();
  /** Items added and live items deleted: none means the update changes nothing. */
  #changes = 0;
  /** Structs the document has already (resent). */
  #known = 0;
  readonly #placed = new Map<Y.Item, Where>();
  readonly #typeDepth = new Map<SharedType, Location>();
  readonly #createdDepth = new Map<Y.Item, Location>();
  readonly #textRooms = new Map<SharedType | Y.Item, TextRoom | null>();
  readonly #added = new Map<object, { room: TextRoom; chars: number }>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly decoded: DecodedUpdate,
    private readonly policy: DocumentPolicy,
  ) {
    this.#store = doc.store;
    this.fast = policy.edits !== undefined;
  }

  /** Checks every struct and deletion; returns the first broken generic rule, if any. */
  run(): { rule: string; reason: string } | null {
    const fresh = this.#groupStructs();
    for (const struct of fresh) {
      if (!(struct instanceof Y.Item)) {
        this.fast = false; // garbage or a skip: only whole-state encodings carry these
        continue;
      }
      const refusal = this.#checkItem(struct);
      if (refusal) return refusal;
    }
    const refusal = this.#checkDeletions();
    if (refusal) return refusal;
    if (this.#changes === 0 && this.#known === 0) this.fast = true; // it changes nothing (an empty update)
    for (const { room, chars } of this.#added.values()) if (room.length + chars > room.max) this.fast = false;
    return null;
  }

  // Structs by client in clock order; returns those the document does not have yet.
  #groupStructs(): Struct[] {
    const fresh: Struct[] = [];
    let lastClient = -1;
    for (const struct of this.decoded.structs) {
      const client = struct.id.client;
      let list = this.#byClient.get(client);
      if (client !== lastClient && list) this.fast = false; // a client twice: Yjs would read only one part
      if (!list) this.#byClient.set(client, (list = []));
      list.push(struct);
      lastClient = client;
    }
    for (const [client, list] of this.#byClient) {
      const state = Y.getState(this.#store, client);
      list.sort((a, b) => a.id.clock - b.id.clock);
      if (list[0]!.id.clock > state) this.fast = false; // a gap: Yjs would keep these pending
      for (const struct of list) {
        if (struct.id.clock + struct.length <= state) {
          // Known already, yet Yjs still resolves its origins (and splits items at them): a bogus one
          // throws half-way (found by the fuzzer), so only the scratch copy may try it.
          this.#known++;
          this.fast = false;
          continue;
        }
        if (struct.id.clock < state) this.fast = false; // partly known: Yjs splits it
        fresh.push(struct);
        this.#changes++;
      }
    }
    return fresh;
  }

  #checkItem(item: Y.Item): { rule: string; reason: string } | null {
    const where = this.#where(item);
    if (where.kind === 'unknown' || where.kind === 'gc') {
      this.fast = false;
      return null;
    }
    const location = this.#locate(where);
    if (location === 'too deep') return tooDeep(this.policy.maxDepth);
    if (location === null) {
      this.fast = false;
      return null;
    }
    const kind = this.policy.roots[location.root];
    if (kind === undefined) return outsideRoots(location.root);
    const content = item.content;
    const sub = where.sub;
    if (location.depth === 0) {
      const fits =
        kind === 'map'
          ? sub !== null
          : sub === null &&
            (kind === 'array' ||
              (kind === 'xml' && (content instanceof Y.ContentDeleted || (content instanceof Y.ContentType && (content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText)))) ||
              (kind === 'text' && (content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed || content instanceof Y.ContentDeleted)));
      if (!fits) return { rule: 'SY10', reason: `"${clip(location.root)}" holds ${describeKind(kind)} only [SY10]` };
    }
    if (content instanceof Y.ContentType && location.depth + 1 > this.policy.maxDepth) return tooDeep(this.policy.maxDepth);
    if (content instanceof Y.ContentDoc) return { rule: 'SY10', reason: 'a change may not embed a document [SY10]' };
    if (this.fast) this.fast = this.#isPlainItem(item, where);
    return null;
  }

  // The fast path's question for one new item [SY13].
  #isPlainItem(item: Y.Item, where: Where): boolean {
    const edits = this.policy.edits!;
    const content = item.content;
    const textual = content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentDeleted;
    if (content instanceof Y.ContentFormat && !edits.format(content.key, content.value)) return false;
    if (where.kind === 'created') {
      // Text going into a text node this update creates, accepted just before.
      const room = this.#textRooms.get(where.item);
      return where.sub === null && textual && room !== undefined && room !== null && this.#count(room, content);
    }
    if (where.kind !== 'type') return false;
    const parent = where.type;
    if (where.sub !== null) {
      if (!(parent instanceof Y.XmlElement)) return false;
      const key = where.sub;
      if (content instanceof Y.ContentDeleted) return edits.attribute(parent, key, undefined);
      return content instanceof Y.ContentAny && content.arr.every((value) => edits.attribute(parent, key, value));
    }
    if (parent instanceof Y.XmlText) {
      const room = this.#textRoom(parent);
      return textual && room !== null && this.#count(room, content);
    }
    if (parent instanceof Y.XmlElement && content instanceof Y.ContentType && content.type instanceof Y.XmlText) {
      const room = edits.newText(parent);
      this.#textRooms.set(item, room);
      return room !== null;
    }
    return false;
  }

  #count(room: TextRoom, content: Y.Item['content']): boolean {
    if (!(content instanceof Y.ContentString)) return true;
    const entry = this.#added.get(room.group) ?? { room, chars: 0 };
    entry.chars += content.str.length;
    this.#added.set(room.group, entry);
    return true;
  }

  #textRoom(text: Y.XmlText): TextRoom | null {
    if (!this.#textRooms.has(text)) this.#textRooms.set(text, this.policy.edits!.text(text));
    return this.#textRooms.get(text)!;
  }

  #checkDeletions(): { rule: string; reason: string } | null {
    for (const [client, ranges] of this.decoded.ds.clients) {
      const state = Y.getState(this.#store, client);
      const structs = this.#store.clients.get(client);
      for (const { clock, len } of ranges) {
        const end = clock + len;
        if (structs && clock < state) {
          const stop = Math.min(end, state);
          for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < stop; i++) {
            const struct = structs[i]!;
            if (!(struct instanceof Y.Item) || struct.deleted) continue;
            this.#changes++;
            const parent = struct.parent as SharedType;
            const location = this.#typeLocation(parent);
            if (location === 'too deep') return tooDeep(this.policy.maxDepth);
            if (location !== null && this.policy.roots[location.root] === undefined) return outsideRoots(location.root);
            // Yjs deletes (and collects) a type's whole subtree recursively: a deep one would overflow.
            if (location !== null && struct.content instanceof Y.ContentType && !fitsBelow(struct.content.type, this.policy.maxDepth - location.depth - 1)) {
              return tooDeep(this.policy.maxDepth);
            }
            if (this.fast) this.fast = this.#isPlainDeletion(struct, parent);
          }
        }
        // Deleting what this same update adds is fine; anything else past the store would stay pending.
        if (end > state) {
          this.#changes++;
          if (!this.#updateCovers(client, Math.max(clock, state), end)) this.fast = false;
        }
      }
    }
    return null;
  }

  #isPlainDeletion(item: Y.Item, parent: SharedType): boolean {
    const edits = this.policy.edits!;
    if (item.parentSub !== null) return parent instanceof Y.XmlElement && edits.attribute(parent, item.parentSub, undefined);
    const content = item.content;
    if (parent instanceof Y.XmlText) return (content instanceof Y.ContentString || content instanceof Y.ContentFormat) && this.#textRoom(parent) !== null;
    // A whole text node may go (the editor drops an emptied one): it holds text only, nothing nested.
    return (
      parent instanceof Y.XmlElement &&
      content instanceof Y.ContentType &&
      content.type instanceof Y.XmlText &&
      holdsOnlyText(content.type) &&
      edits.newText(parent) !== null
    );
  }

  #updateCovers(client: number, from: number, to: number): boolean {
    const list = this.#byClient.get(client);
    if (!list || list.length === 0) return false;
    const first = list[0]!;
    const last = list[list.length - 1]!;
    return first.id.clock <= from && to <= last.id.clock + last.length;
  }

  // Where an item goes, following origins through the update without recursion.
  #where(item: Y.Item): Where {
    const chain: Y.Item[] = [];
    const seen = new Set<Y.Item>();
    let current = item;
    let result: Where;
    for (;;) {
      const known = this.#placed.get(current);
      if (known) {
        result = known;
        break;
      }
      if (seen.has(current)) {
        result = UNKNOWN;
        break;
      }
      seen.add(current);
      chain.push(current);
      const step = this.#step(current);
      if (step instanceof Y.Item) {
        current = step;
        continue;
      }
      result = step;
      break;
    }
    for (const link of chain) this.#placed.set(link, result);
    // Yjs takes the parent from the left neighbour; a right neighbour elsewhere is odd.
    if (result.kind === 'type' && item.origin && item.rightOrigin) {
      const right = this.#siblingWhere(item.rightOrigin);
      const same = right instanceof Y.Item ? this.#placed.get(right) : right;
      if (!same || same.kind !== 'type' || same.type !== result.type || same.sub !== result.sub) this.fast = false;
    }
    return result;
  }

  // One step of placement: a final answer, or the update item whose placement this item shares.
  #step(item: Y.Item): Where | Y.Item {
    if (item.origin) return this.#siblingWhere(item.origin);
    if (item.rightOrigin) return this.#siblingWhere(item.rightOrigin);
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      const type = this.doc.share.get(parent);
      return type ? { kind: 'type', type, sub: item.parentSub } : { kind: 'root', name: parent, sub: item.parentSub };
    }
    if (!(parent instanceof Y.ID)) return UNKNOWN;
    const found = this.#lookup(parent);
    if (found === null) return UNKNOWN;
    const { struct } = found;
    if (struct instanceof Y.GC) return GARBAGE;
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return UNKNOWN;
    return found.stored ? { kind: 'type', type: struct.content.type, sub: item.parentSub } : { kind: 'created', item: struct, sub: item.parentSub };
  }

  #siblingWhere(id: Y.ID): Where | Y.Item {
    const found = this.#lookup(id);
    if (found === null || found.struct instanceof Y.Skip) return UNKNOWN;
    const { struct } = found;
    if (struct instanceof Y.GC) return GARBAGE;
    if (!found.stored) return struct;
    const parent = struct.parent;
    return parent instanceof Y.AbstractType ? { kind: 'type', type: parent, sub: struct.parentSub } : UNKNOWN;
  }

  // The struct holding `id`: the document's if it has that clock, else this update's.
  #lookup(id: Y.ID): { struct: Struct; stored: boolean } | null {
    if (id.clock < Y.getState(this.#store, id.client)) {
      const structs = this.#store.clients.get(id.client)!;
      return { struct: structs[Y.findIndexSS(structs, id.clock)]!, stored: true };
    }
    const list = this.#byClient.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return { struct: s, stored: false };
    }
    return null;
  }

  #locate(where: Where): Location {
    switch (where.kind) {
      case 'type':
        return this.#typeLocation(where.type);
      case 'root':
        return { root: where.name, depth: 0 };
      case 'created':
        return this.#createdLocation(where.item);
      default:
        return null;
    }
  }

  // Walks up from an existing type to its root, at most maxDepth steps.
  #typeLocation(type: SharedType): Location {
    const known = this.#typeDepth.get(type);
    if (known !== undefined) return known;
    let current = type;
    let depth = 0;
    let result: Location = null;
    for (;;) {
      const name = current._item === null ? rootNameOf(this.doc, current) : undefined;
      if (current._item === null) {
        result = name === undefined ? null : { root: name, depth };
        break;
      }
      if (++depth > this.policy.maxDepth) {
        result = 'too deep';
        break;
      }
      const parent = current._item.parent;
      if (!(parent instanceof Y.AbstractType)) break;
      current = parent;
    }
    this.#typeDepth.set(type, result);
    return result;
  }

  // The location of a type this update creates (its depth is its parent's plus one), without recursion.
  #createdLocation(item: Y.Item): Location {
    const chain: Y.Item[] = [];
    const seen = new Set<Y.Item>();
    let current: Y.Item = item;
    // Where the last link of the chain goes: the location of its parent.
    let base: Location;
    for (;;) {
      const known = this.#createdDepth.get(current);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (seen.has(current)) {
        base = null;
        break;
      }
      seen.add(current);
      chain.push(current);
      const where = this.#where(current);
      if (where.kind !== 'created') {
        base = this.#locate(where);
        break;
      }
      current = where.item;
    }
    // Unwind: each link sits one deeper than the type it goes into.
    for (let i = chain.length - 1; i >= 0; i--) {
      if (base !== null && base !== 'too deep') base = base.depth + 1 > this.policy.maxDepth ? 'too deep' : { root: base.root, depth: base.depth + 1 };
      this.#createdDepth.set(chain[i]!, base);
    }
    return this.#createdDepth.get(item) ?? base;
  }
}

// Whether no type below `type` is more than `levels` deeper than it (walked with a stack, stopping early).
function fitsBelow(type: SharedType, levels: number): boolean {
  const stack: Array<[SharedType, number]> = [[type, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    const children: Array<Y.Item | null> = [...current._map.values()];
    for (let item = current._start; item !== null; item = item.right) children.push(item);
    for (const item of children) {
      if (!item || item.deleted || !(item.content instanceof Y.ContentType)) continue;
      if (depth + 1 > levels) return false;
      stack.push([item.content.type, depth + 1]);
    }
  }
  return true;
}

function holdsOnlyText(text: Y.XmlText): boolean {
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentType) return false;
  }
  return text._map.size === 0;
}

function tooDeep(max: number): { rule: string; reason: string } {
  return { rule: 'SY11', reason: `nesting deeper than ${max} levels is not allowed [SY11]` };
}

function outsideRoots(root: string): { rule: string; reason: string } {
  return { rule: 'SY10', reason: `this document has no part "${clip(root)}" a change may write [SY10]` };
}

function describeKind(kind: string): string {
  return kind === 'xml' ? 'document nodes' : kind === 'map' ? 'named entries' : kind === 'array' ? 'list items' : 'text';
}

function clip(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
