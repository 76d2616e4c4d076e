import { DomainError } from './errors';
import type { Workshop } from './workshop';

/** How many item ids the facilitator may keep ungrouped; far above any real workshop's rows. */
const UNGROUPED_MAX = 5000;
const ID_MAX = 200;

/** The facilitator's review choices; records stored before review existed have none. */
export function reviewOf(w: Workshop): { ungrouped: string[] } {
  return { ungrouped: [...(w.review?.ungrouped ?? [])] };
}

/** Replaces the list of plan items kept out of any group (the facilitator's "undo grouping"). */
export function setUngrouped(w: Workshop, ids: readonly string[]): Workshop {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id.length === 0 || id.length > ID_MAX)) {
    throw new DomainError('invalid_ungrouped', `ungrouped must be a list of item ids of 1–${ID_MAX} characters.`);
  }
  if (ids.length > UNGROUPED_MAX) throw new DomainError('invalid_ungrouped', `At most ${UNGROUPED_MAX} items can be ungrouped.`);
  const ungrouped = [...new Set(ids)].sort();
  if (JSON.stringify(ungrouped) === JSON.stringify(reviewOf(w).ungrouped)) return w;
  return { ...w, review: { ungrouped } };
}
