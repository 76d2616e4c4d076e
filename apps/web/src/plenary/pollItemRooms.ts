import type { TFunction } from 'i18next';
import type { PollItem } from '@roomtable/core';

/**
 * Which rooms a poll item came from: every room of a board cluster ("Rooms 1, 2, 3"), or the one
 * room of a row. A cluster is one item, so the rooms are named once instead of the suggestion
 * being repeated per room ([BP1]).
 */
export function pollItemRooms(item: Pick<PollItem, 'room' | 'rooms'>, t: TFunction): string {
  const rooms = item.rooms && item.rooms.length > 0 ? item.rooms : [item.room];
  return t('plenary.roomList', { count: rooms.length, rooms: rooms.join(', ') });
}
