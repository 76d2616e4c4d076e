import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DEFAULT_TEMPLATE, roomDocName, type Template } from '@roomtable/core';
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
  writable: boolean;
  /** Why the person may not write, shown as the read-only note; ignored when writable. */
  readOnlyReason: string;
  template?: Template | undefined;
}

interface Connection {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
}

/** A room's live table: connects, waits for the server's content, then shows the editor. */
export function RoomView(props: Props) {
  const { workshopId, room, token } = props;
  const [connection, setConnection] = useState<Connection | null>(null);

  useEffect(() => {
    const ydoc = new Y.Doc();
    // No BroadcastChannel: every edit goes through the server, which decides who may write.
    const provider = new WebsocketProvider(syncUrl(), roomDocName(workshopId, room), ydoc, {
      params: { token },
      disableBc: true,
    });
    setConnection({ ydoc, provider });
    return () => {
      provider.destroy();
      ydoc.destroy();
    };
  }, [workshopId, room, token]);

  if (!connection) return null;
  return <RoomConnection key={connection.ydoc.guid} {...props} {...connection} />;
}

function RoomConnection({ ydoc, provider, userName, writable, readOnlyReason, template }: Props & Connection) {
  const { t } = useTranslation();
  const { status, closedKey } = useRoomStatus(provider, ydoc);
  const [ready, setReady] = useState(false);
  const [synced, setSynced] = useState(provider.synced);

  useEffect(() => {
    const fragment = ydoc.getXmlFragment('default');
    // The server seeds every table; an editor on an empty fragment would invent one, so wait.
    const check = () => {
      setSynced(provider.synced);
      if (provider.synced && fragment.length > 0) setReady(true);
    };
    check();
    provider.on('sync', check);
    fragment.observe(check);
    return () => {
      provider.off('sync', check);
      fragment.unobserve(check);
    };
  }, [provider, ydoc]);

  const user = { name: userName, color: userColor(userName) };
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
      {closedKey ? (
        <p role="alert" className="error-note" data-testid="sync-closed">
          {t(closedKey)}
        </p>
      ) : null}
      {ready ? (
        <RoomTable ydoc={ydoc} provider={provider} user={user} writable={writable} template={template ?? DEFAULT_TEMPLATE} />
      ) : closedKey ? null : (
        <p className="loading">{synced ? t('room.notSeeded') : t('room.loading')}</p>
      )}
      <PresenceList provider={provider} />
    </section>
  );
}
