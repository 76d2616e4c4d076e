import { useEffect, useState } from 'react';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { LiveDocStatus } from '../live/LiveDoc';

/** Message type the server answers once everything received before it is on disk. */
const SAVE_CHECK = 100;
/** Typing produces a burst of updates; one check per pause is enough. */
const SAVE_CHECK_DEBOUNCE_MS = 300;

/** What the status line shows, in the order a session goes through them. */
export type RoomStatus = 'connecting' | 'connected' | 'reconnecting' | 'saving' | 'saved' | 'closed';

/**
 * Connection and save state of one room document, plus the reason when it closed for good and
 * whether that was the server refusing a change of ours. The connection and the close come from
 * the document's shared status (`useYDoc`, which handles the close codes); the save check is the
 * room's own.
 */
export function useRoomStatus(
  provider: WebsocketProvider,
  ydoc: Y.Doc,
  live: LiveDocStatus,
  /** Whether changes not from the server reached the document before this hook watched it (LiveDoc.changedHere). */
  changedBefore: () => boolean = () => false,
): { status: RoomStatus; closedKey: string | null; refused: boolean } {
  const [save, setSave] = useState<'idle' | 'saving' | 'saved'>('idle');

  useEffect(() => {
    let nonce = 0;
    let awaited = 0;
    // True from a local change until the server acknowledges a check sent after it.
    let unsaved = false;
    let changedSinceCheck = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const sendCheck = () => {
      timer = undefined;
      const ws = provider.ws;
      if (!provider.wsconnected || !provider.synced || !ws || ws.readyState !== WebSocket.OPEN) return;
      nonce += 1;
      awaited = nonce;
      changedSinceCheck = false;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, SAVE_CHECK);
      encoding.writeVarUint(encoder, nonce);
      ws.send(encoding.toUint8Array(encoder));
    };
    const scheduleCheck = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(sendCheck, SAVE_CHECK_DEBOUNCE_MS);
    };

    provider.messageHandlers[SAVE_CHECK] = (_encoder, decoder) => {
      const acked = decoding.readVarUint(decoder);
      if (acked === awaited && unsaved && !changedSinceCheck) {
        unsaved = false;
        setSave('saved');
      }
    };

    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) return;
      unsaved = true;
      changedSinceCheck = true;
      setSave('saving');
      scheduleCheck();
    };
    const onSync = (synced: boolean) => {
      if (!synced) return;
      // After a reconnect our offline edits travel in the sync exchange; the debounce lets our
      // sync-step-2 reply leave before the check, which the server orders after it.
      if (unsaved) {
        changedSinceCheck = true;
        scheduleCheck();
      }
    };

    ydoc.on('update', onUpdate);
    provider.on('sync', onSync);
    // The document is opened while the editor's code downloads (LazyRoomView), so this browser's
    // IndexedDB copy, offline edits included, may have loaded before this ran: unsaved until a
    // check sent once synced says the server has it (as when it loaded under this listener).
    if (changedBefore()) {
      unsaved = true;
      changedSinceCheck = true;
      setSave('saving');
      if (provider.synced) scheduleCheck();
    }
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      ydoc.off('update', onUpdate);
      provider.off('sync', onSync);
    };
  }, [provider, ydoc, changedBefore]);

  const { closedKey, refused, connection } = live;
  let status: RoomStatus;
  if (closedKey) status = 'closed';
  else if (connection !== 'connected') status = connection;
  else if (save === 'idle') status = 'connected';
  else status = save;
  return { status, closedKey, refused };
}
