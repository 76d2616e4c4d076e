import { DomainError } from './errors';
import { requireText } from './workshopSettings';
import type { Workshop } from './workshop';

/**
 * One private facilitator link: the owner's (made with the workshop) or a co-facilitator's. The
 * record keeps only its id, label and whether it was revoked; the link's token is signed by the
 * server and names this id, so revoking it here (in storage) refuses it in every process [FL2].
 */
export interface FacilitatorLink {
  id: string;
  /** For the console's list: "Owner", "Ana's phone", "Co-facilitator Bo". */
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/** A workshop keeps at most this many links, revoked ones included (the record stays small). */
export const FACILITATOR_LINKS_MAX = 50;
const LABEL_MAX = 80;

/** The workshop's facilitator links; records stored before links existed have none. */
export function facilitatorLinksOf(w: Workshop): FacilitatorLink[] {
  return w.facilitatorLinks ?? [];
}

/** Adds a facilitator link [FL1]: label 1–80 characters, at most 50 links, ids unique. */
export function addFacilitatorLink(w: Workshop, input: { id: string; label: string; now: number }): Workshop {
  const label = requireText(input.label, 'label', 1, LABEL_MAX);
  const links = facilitatorLinksOf(w);
  if (links.some((l) => l.id === input.id)) throw new DomainError('duplicate_link', `A facilitator link "${input.id}" exists already.`);
  if (links.length >= FACILITATOR_LINKS_MAX) {
    throw new DomainError('too_many_links', `This workshop has ${FACILITATOR_LINKS_MAX} facilitator links, its limit; revoked links count too, so show an existing link again instead of making a new one.`);
  }
  return { ...w, facilitatorLinks: [...links, { id: input.id, label, createdAt: input.now, revokedAt: null }] };
}

/** Revokes a link for good [FL2]; unknown link 404; revoking twice changes nothing. */
export function revokeFacilitatorLink(w: Workshop, id: string, now: number): Workshop {
  const links = facilitatorLinksOf(w);
  const link = links.find((l) => l.id === id);
  if (!link) throw new DomainError('unknown_link', `There is no facilitator link "${id}" in this workshop.`);
  if (link.revokedAt !== null) return w;
  return { ...w, facilitatorLinks: links.map((l) => (l.id === id ? { ...l, revokedAt: now } : l)) };
}

/**
 * Whether a facilitator token naming link `linkId` still speaks for the facilitator [FL3]: a token
 * without a link id was signed before links existed and stays valid; a link that is revoked, or
 * that the record does not know, is refused.
 */
export function facilitatorLinkActive(w: Workshop, linkId: string | undefined): boolean {
  if (linkId === undefined) return true;
  const link = facilitatorLinksOf(w).find((l) => l.id === linkId);
  return link !== undefined && link.revokedAt === null;
}
