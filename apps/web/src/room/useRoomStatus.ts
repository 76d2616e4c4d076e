import { useEffect, useState } from 'react';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { closeReasonKey, isRefusal } from '../live/closeReasonKey';

/** Message type the server answers once everything received before it is on disk. */
const SAVE_CHECK = 100;
/** Typing produces a burst of updates; one check per pause is enough. */
const SAVE_CHECK_DEBOUNCE_MS = 300;

/** What the status line shows, in the order a session goes through them. */
export type RoomStatus = 'connecting' | 'connected' | 'reconnecting' | 'saving' | 'saved' | 'closed';

/**
 * Connection and save state of one room document, plus the reason when it closed for good and
 * whether that was the server refusing a change of ours (see {@link isRefusal}).
 */
export function useRoomStatus(
  provider: WebsocketProvider,
  ydoc: Y.Doc,
): { status: RoomStatus; closedKey: string | null; refused: boolean } {
  const [connection, setConnection] = useState<'connecting' | 'connected' | 'reconnecting'>(
    provider.synced ? 'connected' : 'connecting',
  );
  const [save, setSave] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [closedKey, setClosedKey] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    let everSynced = provider.synced;
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
      everSynced = true;
      setConnection('connected');
      // After a reconnect our offline edits travel in the sync exchange; the debounce lets our
      // sync-step-2 reply leave before the check, which the server orders after it.
      if (unsaved) {
        changedSinceCheck = true;
        scheduleCheck();
      }
    };
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (status !== 'connected') setConnection(everSynced ? 'reconnecting' : 'connecting');
    };
    const onClosed = (event: { code: number }) => {
      provider.disconnect();
      setClosedKey(closeReasonKey(event.code));
      setRefused(isRefusal(event.code));
    };

    ydoc.on('update', onUpdate);
    provider.on('sync', onSync);
    provider.on('status', onStatus);
    provider.on('closed', onClosed);
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      ydoc.off('update', onUpdate);
      provider.off('sync', onSync);
      provider.off('status', onStatus);
      provider.off('closed', onClosed);
    };
  }, [provider, ydoc]);

  let status: RoomStatus;
  if (closedKey) status = 'closed';
  else if (connection !== 'connected') status = connection;
  else if (save === 'idle') status = 'connected';
  else status = save;
  return { status, closedKey, refused };
}
