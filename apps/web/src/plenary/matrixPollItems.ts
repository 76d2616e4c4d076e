import type { PollItem, PublicPoll } from '@roomtable/core';

/**
 * What the matrix draws: each room's own rating of each row (outlined), and the rating poll's means
 * (filled). A poll made from the board asks about clusters ([BP1]), whose ratings are the rooms'
 * mean, not any one room's: drawn as a room's marker it would claim "room 1 rated it High" for a
 * mean of three rooms. So the rooms' markers come from the rows, and a board poll's items add only
 * their poll markers. A poll of rows (made before the board) is both, as it always was.
 */
export function matrixPollItems(ratingPoll: PublicPoll | null, rows: PollItem[]): PollItem[] {
  if (!ratingPoll) return rows;
  if (!ratingPoll.items.some((i) => i.cards)) return ratingPoll.items;
  return [...rows, ...ratingPoll.items.map((i) => ({ ...i, ratings: {}, impact: null, effort: null }))];
}
