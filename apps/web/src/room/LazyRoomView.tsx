import { lazy, Suspense, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { roomDocName } from '@roomtable/core';
import { useYDoc } from '../live/useYDoc';
import { ROOM_DOC_OPTIONS } from './roomDocOptions';

/** The room view with TipTap and ProseMirror in their own chunk, fetched only when a table shows. */
const RoomViewChunk = lazy(() => import('./RoomView').then((m) => ({ default: m.RoomView })));

type Props = ComponentProps<typeof RoomViewChunk>;

/**
 * The room's table: opens the room's document at once and shows the table when the editor's code
 * is here. The document used to be opened by RoomView itself, so its socket, the token check and
 * the first sync waited for the editor's chunk (the largest of the page, ~90 KiB gzip: ~2 s on
 * venue Wi-Fi) and came one after the other after it; now they run while it downloads, and
 * RoomView finds the document open (useYDoc shares one per name and token, same options).
 * The Suspense is here, below the hook, so the hook's effect runs while the chunk is on its way.
 */
export function LazyRoomView(props: Props) {
  const { t } = useTranslation();
  // Only for someone who is to type: a table shown read-only (a room of the break-out that ended,
  // as the page moves on to the plenary) waits for its code as before, and costs no socket if the
  // page leaves first.
  // The same name as RoomView's, round included, or the page would open two documents.
  useYDoc(props.writable ? roomDocName(props.workshopId, props.room, props.round ?? 1) : null, props.token, ROOM_DOC_OPTIONS);
  return (
    <Suspense fallback={<p className="loading">{t('room.loading')}</p>}>
      <RoomViewChunk {...props} />
    </Suspense>
  );
}
