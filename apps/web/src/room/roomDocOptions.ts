import type { LiveDocOptions } from '../live/LiveDoc';

/**
 * How a room's document is opened, by RoomView and by LazyRoomView before it (the first holder
 * of a document decides its options): edits made while the connection is down are kept in this
 * browser and sent on reconnect; carets and presence go through the room document's awareness.
 */
export const ROOM_DOC_OPTIONS: LiveDocOptions = { persist: true, presence: true };
