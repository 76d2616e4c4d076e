import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MessageType,
  ProtocolError,
  decodeMessage,
  encodeAwareness,
  encodeQueryAwareness,
  encodeSaveCheck,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '../src/index';

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

describe('protocol', () => {
  it('decodes what y-protocols clients encode', () => {
    const doc = docWith('hi');
    const step1 = encoding.encode((e) => {
      encoding.writeVarUint(e, MessageType.Sync);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(decodeMessage(step1)).toEqual({ type: 'sync-step1', stateVector: Y.encodeStateVector(doc) });
    const update = encoding.encode((e) => {
      encoding.writeVarUint(e, MessageType.Sync);
      syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
    });
    expect(decodeMessage(update)).toEqual({ type: 'sync-update', update: Y.encodeStateAsUpdate(doc) });
    const aw = new awarenessProtocol.Awareness(doc);
    aw.setLocalState({ user: 'x' });
    const awareness = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(aw, [doc.clientID]));
    const decoded = decodeMessage(awareness);
    expect(decoded.type).toBe('awareness');
    expect(decoded.type === 'awareness' && decoded.entries).toEqual([{ clientID: doc.clientID, clock: 1, state: { user: 'x' } }]);
    aw.destroy();
    expect(decodeMessage(encodeQueryAwareness())).toEqual({ type: 'query-awareness' });
    expect(decodeMessage(new Uint8Array([2, 0, 5]))).toEqual({ type: 'auth' });
  });

  it('encodes what y-protocols clients decode', () => {
    const server = docWith('server text');
    const client = new Y.Doc();
    for (const frame of [encodeSyncStep2(Y.encodeStateAsUpdate(server)), encodeSyncUpdate(Y.encodeStateAsUpdate(docWith('!')))]) {
      const d = decoding.createDecoder(frame);
      expect(decoding.readVarUint(d)).toBe(MessageType.Sync);
      syncProtocol.readSyncMessage(d, encoding.createEncoder(), client, null);
    }
    expect(client.getText('t').toString()).toContain('server text');
    const step1 = decoding.createDecoder(encodeSyncStep1(Y.encodeStateVector(server)));
    decoding.readVarUint(step1);
    const reply = encoding.createEncoder();
    expect(syncProtocol.readSyncMessage(step1, reply, client, null)).toBe(syncProtocol.messageYjsSyncStep1);
    expect(encoding.length(reply)).toBeGreaterThan(0);
  });

  it('save check round-trips and rejects nonsense nonces', () => {
    expect(decodeMessage(encodeSaveCheck(0))).toEqual({ type: 'save-check', nonce: 0 });
    expect(decodeMessage(encodeSaveCheck(2 ** 40))).toEqual({ type: 'save-check', nonce: 2 ** 40 });
    expect(() => encodeSaveCheck(-1)).toThrow(RangeError);
    expect(() => encodeSaveCheck(1.5)).toThrow(RangeError);
    expect(() => decodeMessage(new Uint8Array([100]))).toThrow(ProtocolError);
    // Found by the sync endpoint fuzzer: this nonce once crashed the server when echoed back.
    expect(() => decodeMessage(new Uint8Array([100, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]))).toThrow(/nonce out of range/);
  });

  it('rejects bad frames with a ProtocolError naming the problem', () => {
    expect(() => decodeMessage(new Uint8Array([42]))).toThrow(/unknown message type 42/);
    expect(() => decodeMessage(new Uint8Array([0, 0, 3, 0xff, 0xff, 0xff]))).toThrow(/bad state vector/);
    expect(() => decodeMessage(new Uint8Array([0, 2, 2, 1, 0x80]))).toThrow(/bad update/);
    expect(() => decodeMessage('text' as unknown as Uint8Array)).toThrow(/not binary/);
  });
});
