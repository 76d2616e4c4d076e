import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DEFAULT_TEMPLATE, roomDocName, type Template } from '@roomtable/core';
import { tokenHolder } from '../api/linkSession';
import { shouldReconnect } from '../live/closeReasonKey';
import { syncUrl } from '../live/syncUrl';
import { PresenceList } from './PresenceList';
import { RoomTable } from './RoomTable';
import { SyncStatus } from './SyncStatus';
import { useRoomStatus } from './useRoomStatus';
import { userColor } from './userColor';

interface Props {
  workshopId: string;
  room: number;
  token: string;
  userName: string;
  /** This page's participant (null: a facilitator, known by the link of their token): their other tabs show no caret here */
  meId?: string | null;
  writable: boolean;
  /** Why the person may not write, shown as the read-only note; ignored when writable. */
  readOnlyReason: string;
  template?: Template | undefined;
}

interface Connection {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  local: IndexeddbPersistence;
}

/** A room's live table: connects, waits for the server's content, then shows the editor. */
export function RoomView(props: Props) {
  const { workshopId, room, token } = props;
  const [connection, setConnection] = useState<Connection | null>(null);
  // Bumped to start over with the server's content after dropping a refused change.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const ydoc = new Y.Doc();
    const name = roomDocName(workshopId, room);
    // Edits made while the connection is down are kept in this browser and sent on reconnect,
    // so a closed laptop lid or a lost Wi-Fi costs nothing.
    const local = new IndexeddbPersistence(`roomtable:${name}`, ydoc);
    // No BroadcastChannel: every edit goes through the server, which decides who may write.
    const provider = new WebsocketProvider(syncUrl(), name, ydoc, {
      params: { token },
      disableBc: true,
      // A refused change would be refused again on every reconnect: stop and say so instead.
      shouldReconnect,
    });
    setConnection({ ydoc, provider, local });
    return () => {
      provider.destroy();
      void local.destroy();
      ydoc.destroy();
    };
  }, [workshopId, room, token, generation]);

  if (!connection) return null;
  // Drops this browser's copy, the refused change in it, and reconnects to the server's content.
  const dropLocalChanges = async () => {
    connection.provider.destroy();
    await connection.local.clearData();
    setGeneration((g) => g + 1);
  };
  return <RoomConnection key={connection.ydoc.guid} {...props} {...connection} onDrop={dropLocalChanges} />;
}

function RoomConnection({
  ydoc,
  provider,
  local,
  token,
  userName,
  meId,
  writable,
  readOnlyReason,
  template,
  onDrop,
}: Props & Connection & { onDrop: () => Promise<void> }) {
  const { t } = useTranslation();
  const { status, closedKey, refused } = useRoomStatus(provider, ydoc);
  const [dropping, setDropping] = useState(false);
  const [ready, setReady] = useState(false);
  const [synced, setSynced] = useState(provider.synced);

  useEffect(() => {
    const fragment = ydoc.getXmlFragment('default');
    // The server seeds every table; an editor on an empty fragment would invent one, so wait
    // for the server's content, or for this browser's copy of it when reloaded while offline.
    let localLoaded = false;
    const check = () => {
      setSynced(provider.synced);
      if ((provider.synced || localLoaded) && fragment.length > 0) setReady(true);
    };
    check();
    void local.whenSynced.then(() => {
      localLoaded = true;
      check();
    });
    provider.on('sync', check);
    fragment.observe(check);
    return () => {
      provider.off('sync', check);
      fragment.unobserve(check);
    };
  }, [provider, ydoc, local]);

  const link = meId ? null : tokenHolder(token)?.linkId;
  const user = { ...(meId ? { id: meId } : link ? { link } : {}), name: userName, color: userColor(userName) };
  return (
    <section className="room-view" aria-label={t('room.sectionLabel')}>
      <div className="room-status-bar">
        <SyncStatus status={status} />
        {!writable ? (
          <p className="read-only-note" data-testid="read-only">
            {readOnlyReason}
          </p>
        ) : null}
      </div>
      {closedKey && refused ? (
        <div role="alert" className="error-note" data-testid="sync-closed">
          <p>{t(closedKey)}</p>
          <p>{t('sync.refused.explain')}</p>
          <button
            type="button"
            data-testid="drop-refused-change"
            aria-disabled={dropping || undefined}
            onClick={() => {
              if (dropping) return;
              setDropping(true);
              void onDrop();
            }}
          >
            {t('sync.refused.drop')}
          </button>
        </div>
      ) : closedKey ? (
        <p role="alert" className="error-note" data-testid="sync-closed">
          {t(closedKey)}
        </p>
      ) : null}
      {ready ? (
        <RoomTable ydoc={ydoc} provider={provider} user={user} writable={writable && !closedKey} template={template ?? DEFAULT_TEMPLATE} />
      ) : closedKey ? null : (
        <p className="loading">{synced ? t('room.notSeeded') : t('room.loading')}</p>
      )}
      <PresenceList provider={provider} />
    </section>
  );
}
