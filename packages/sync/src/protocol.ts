import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Top-level message types of the y-websocket wire protocol, plus Roomtable's save check. */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /** Roomtable extension: `[100, nonce]`, answered once the sender's earlier updates are on disk. */
  SaveCheck: 100,
} as const;
/** One of the {@link MessageType} values. */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Sub-types of a sync message, as in y-protocols/sync. */
export const SyncMessageType = { Step1: 0, Step2: 1, Update: 2 } as const;

/** One awareness entry as carried on the wire; `state` null means the client left. */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  state: unknown;
}

/** A fully decoded and validated incoming frame. */
export type IncomingMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { type: 'auth' }
  | { type: 'query-awareness' }
  | { type: 'save-check'; nonce: number };

/** A frame that does not follow the protocol. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/**
 * Decodes one frame completely before anything acts on it, so a garbage frame is rejected
 * whole instead of half-applied. Throws {@link ProtocolError}.
 */
export function decodeMessage(data: Uint8Array): IncomingMessage {
  if (!(data instanceof Uint8Array)) throw new ProtocolError('frame is not binary');
  const decoder = decoding.createDecoder(data);
  const message = guard('frame', () => decodeBody(decoder));
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError(`${decoder.arr.length - decoder.pos} unexpected trailing bytes`);
  }
  return message;
}

function decodeBody(decoder: decoding.Decoder): IncomingMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync: {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      switch (syncType) {
        case SyncMessageType.Step1:
          guard('state vector', () => Y.decodeStateVector(payload));
          return { type: 'sync-step1', stateVector: payload };
        case SyncMessageType.Step2:
          validateUpdate(payload);
          return { type: 'sync-step2', update: payload };
        case SyncMessageType.Update:
          validateUpdate(payload);
          return { type: 'sync-update', update: payload };
        default:
          throw new ProtocolError(`unknown sync message type ${syncType}`);
      }
    }
    case MessageType.Awareness: {
      const update = decoding.readVarUint8Array(decoder);
      return { type: 'awareness', update, entries: decodeAwarenessUpdate(update) };
    }
    case MessageType.Auth:
      // Auth is decided before the socket reaches us; the stock client never sends it anyway.
      decoder.pos = decoder.arr.length;
      return { type: 'auth' };
    case MessageType.QueryAwareness:
      return { type: 'query-awareness' };
    case MessageType.SaveCheck: {
      // lib0 checks varint overflow only when another byte follows, so an 8-byte nonce decodes
      // to a number past 2^53 that could never be encoded back in the answer.
      const nonce = decoding.readVarUint(decoder);
      if (!Number.isSafeInteger(nonce)) throw new ProtocolError('save check nonce out of range');
      return { type: 'save-check', nonce };
    }
    default:
      throw new ProtocolError(`unknown message type ${type}`);
  }
}

/** A Yjs update decoded into its structs and delete set (`Y.decodeUpdate`), without any document. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

// What validateUpdate decoded, so admission reads the structs without decoding the frame twice.
const decodedUpdates = new WeakMap<Uint8Array, DecodedUpdate>();

/** Throws {@link ProtocolError} unless `update` is a complete, well-formed Yjs (v1) update. */
export function validateUpdate(update: Uint8Array): void {
  // Y.applyUpdate integrates structs before it reads the delete set, so a truncated update
  // could half-apply; decoding it fully first (no doc involved) rules that out.
  // Trailing bytes inside the payload are ignored, exactly as Y.applyUpdate ignores them.
  decodedUpdates.set(update, guard('update', () => Y.decodeUpdate(update)));
}

/** The structs and delete set of a well-formed update (decoded once: {@link validateUpdate} keeps them); throws {@link ProtocolError} otherwise. */
export function decodeUpdate(update: Uint8Array): DecodedUpdate {
  const known = decodedUpdates.get(update);
  if (known) return known;
  validateUpdate(update);
  return decodedUpdates.get(update)!;
}

/** Decodes an awareness update fully (including each JSON state) without applying it. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  return guard('awareness update', () => {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      entries.push({ clientID, clock, state });
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update');
    return entries;
  });
}

/** Encodes entries as a y-protocols awareness update (what {@link decodeAwarenessUpdate} reads). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const { clientID, clock, state } of entries) {
      encoding.writeVarUint(e, clientID);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, JSON.stringify(state));
    }
  });
}

/** `[0, 0, stateVector]`: asks the peer for what it has that we lack. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Step1, stateVector);
}

/** `[0, 1, update]`: the answer to a step 1. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Step2, update);
}

/** `[0, 2, update]`: one incremental document change. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Update, update);
}

/** `[1, awarenessUpdate]`. */
export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });
}

/** `[3]`: asks the peer for every awareness state it knows. */
export function encodeQueryAwareness(): Uint8Array {
  return encoding.encode((e) => encoding.writeVarUint(e, MessageType.QueryAwareness));
}

/** `[100, nonce]`: a save check request (client) or its answer (server). */
export function encodeSaveCheck(nonce: number): Uint8Array {
  if (!Number.isSafeInteger(nonce) || nonce < 0) throw new RangeError(`save check nonce must be a non-negative integer, got ${nonce}`);
  return encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.SaveCheck);
    encoding.writeVarUint(e, nonce);
  });
}

function encodeSync(syncType: number, payload: Uint8Array): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });
}

function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtocolError(`bad ${what}: ${reason}`);
  }
}
