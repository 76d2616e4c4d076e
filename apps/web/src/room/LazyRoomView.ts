import { lazy } from 'react';

/** The room view with TipTap and ProseMirror in their own chunk, fetched only when a table shows. */
export const LazyRoomView = lazy(() => import('./RoomView').then((m) => ({ default: m.RoomView })));
