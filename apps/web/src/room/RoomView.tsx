import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndexeddbPersistence } from 'y-indexeddb';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { DEFAULT_TEMPLATE, roomDocName, type Template } from '@roomtable/core';
import { tokenHolder } from '../api/linkSession';
import type { LiveDocStatus } from '../live/LiveDoc';
import { useYDoc } from '../live/useYDoc';
import { PresenceList } from './PresenceList';
import { ROOM_DOC_OPTIONS } from './roomDocOptions';
import { RoomTable } from './RoomTable';
import { SyncStatus } from './SyncStatus';
import { useRoomStatus } from './useRoomStatus';
import { personColor } from './personColor';
import { personKey } from './presentPeople';
import './room.css';

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
  /** The round whose room this is [RN4]; 1 when absent. */
  round?: number | undefined;
}

interface Connection {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  local: IndexeddbPersistence;
}

/** A room's live table: connects, waits for the server's content, then shows the editor. */
export function RoomView(props: Props) {
  const { workshopId, room, token } = props;
  // Usually open already: LazyRoomView opened it while this chunk downloaded.
  const { live, status, dropLocalCopy } = useYDoc(roomDocName(workshopId, room, props.round ?? 1), token, ROOM_DOC_OPTIONS);
  const changedBefore = useCallback(() => live?.changedHere ?? false, [live]);
  if (!live?.local) return null;
  return (
    <RoomConnection
      key={live.doc.guid}
      {...props}
      ydoc={live.doc}
      provider={live.provider}
      local={live.local}
      liveStatus={status}
      changedBefore={changedBefore}
      // Drops this browser's copy, the refused change in it, and reconnects to the server's content.
      onDrop={dropLocalCopy}
    />
  );
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
  liveStatus,
  changedBefore,
}: Props & Connection & { liveStatus: LiveDocStatus; onDrop: () => Promise<void>; changedBefore: () => boolean }) {
  const { t } = useTranslation();
  const { status, closedKey, refused } = useRoomStatus(provider, ydoc, liveStatus, changedBefore);
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
  const who = meId ? { id: meId } : link ? { link } : {};
  const user = { ...who, name: userName, color: personColor(personKey({ ...who, name: userName })) };
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
