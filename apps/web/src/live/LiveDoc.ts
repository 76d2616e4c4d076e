import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { closeReasonKey, isRefusal, shouldReconnect } from './closeReasonKey';
import { syncUrl } from './syncUrl';

/** How a live document is connected, for everyone who shows it. */
export interface LiveDocStatus {
  /** The server's content has arrived over the current connection. */
  synced: boolean;
  /** `connected` once synced; `reconnecting` after a connection that had synced was lost. */
  connection: 'connecting' | 'connected' | 'reconnecting';
  /** Why the server closed the connection for good, as an i18n key; null while it is fine. */
  closedKey: string | null;
  /** The close was the server refusing one change of this browser's (see `isRefusal`). */
  refused: boolean;
  /** This document was destroyed (dropped, or its last user left); its holders open a new one. */
  destroyed: boolean;
}

/** What a user of a document may ask of it; the first user of a name decides (every user of a name asks the same). */
export interface LiveDocOptions {
  /**
   * Keep this browser's copy in IndexedDB: edits made while the connection is down are sent on
   * reconnect, so a closed laptop lid or a lost Wi-Fi costs nothing (the room tables).
   */
  persist?: boolean;
  /** Announce this browser in the document's awareness (carets, presence); others stay silent. */
  presence?: boolean;
}

/**
 * One document of the page: its Y.Doc, its one WebSocket (the token in the query), its optional
 * IndexedDB copy, and its connection status as one snapshot that changes by replacement (for
 * `useSyncExternalStore`). Close codes are handled here, once: final codes stop reconnecting
 * and set `closedKey`.
 */
export class LiveDoc {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly local: IndexeddbPersistence | null;
  private current: LiveDocStatus = { synced: false, connection: 'connecting', closedKey: null, refused: false, destroyed: false };
  private everSynced = false;
  private readonly listeners = new Set<() => void>();
  #changedHere = false;

  constructor(
    readonly name: string,
    token: string,
    options: LiveDocOptions = {},
  ) {
    // Before the IndexedDB copy loads into it, so its content counts too.
    this.doc.on('update', this.onUpdate);
    this.local = options.persist ? new IndexeddbPersistence(`roomtable:${name}`, this.doc) : null;
    // No BroadcastChannel: every edit goes through the server, which decides who may write.
    this.provider = new WebsocketProvider(syncUrl(), name, this.doc, {
      params: { token },
      disableBc: true,
      // A refused change would be refused again on every reconnect, and the 44xx codes say that
      // retrying is pointless: stop and say so instead (the contract's close table).
      shouldReconnect,
    });
    // Nobody needs to see who is reading a document without carets.
    if (!options.presence) this.provider.awareness.setLocalState(null);
    this.provider.on('sync', this.onSync);
    this.provider.on('status', this.onStatus);
    this.provider.on('closed', this.onClosed);
  }

  /**
   * Whether anything not from the server reached the document since it was opened: this
   * browser's typing, or its IndexedDB copy (which may hold edits made offline). A view that
   * starts to watch the document later (the room's table, mounted once the editor's code is here)
   * reads it to know there may be changes the server has not confirmed.
   */
  get changedHere(): boolean {
    return this.#changedHere;
  }

  /** The status now; the same object until it changes. */
  status = (): LiveDocStatus => this.current;

  /** Calls `listener` whenever the status changes; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Connects again after the server closed the connection for good (a retry the person asked for). */
  reconnect(): void {
    if (this.current.destroyed || !this.current.closedKey) return;
    this.set({ closedKey: null, refused: false, connection: this.everSynced ? 'reconnecting' : 'connecting' });
    this.provider.connect();
  }

  /** Closes the socket and drops this browser's copy (the refused change in it); the caller then discards this document. */
  async dropLocalCopy(): Promise<void> {
    this.provider.destroy();
    await this.local?.clearData();
  }

  destroy(): void {
    if (this.current.destroyed) return;
    this.provider.off('sync', this.onSync);
    this.provider.off('status', this.onStatus);
    this.provider.off('closed', this.onClosed);
    this.doc.off('update', this.onUpdate);
    this.provider.destroy();
    void this.local?.destroy();
    this.doc.destroy();
    this.set({ destroyed: true, synced: false });
    this.listeners.clear();
  }

  private set(change: Partial<LiveDocStatus>): void {
    this.current = { ...this.current, ...change };
    for (const listener of [...this.listeners]) listener();
  }

  private readonly onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== this.provider) this.#changedHere = true;
  };

  private readonly onSync = (synced: boolean) => {
    if (synced) this.everSynced = true;
    this.set(synced ? { synced, connection: 'connected' } : { synced });
  };

  private readonly onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    // An open socket is not yet "connected" for a person: that waits for the server's content.
    if (status !== 'connected') this.set({ connection: this.everSynced ? 'reconnecting' : 'connecting' });
  };

  private readonly onClosed = (event: { code: number }) => {
    this.provider.disconnect();
    this.set({ closedKey: closeReasonKey(event.code), refused: isRefusal(event.code) });
  };
}
