/** A live document of a workshop, by what it holds. */
export type DocRef =
  | { workshopId: string; kind: 'room'; room: number; round: number }
  | { workshopId: string; kind: 'plenary' }
  | { workshopId: string; kind: 'board' }
  | { workshopId: string; kind: 'state' };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const NUMBER = /^[1-9][0-9]{0,3}$/;

/**
 * `<workshopId>/room/<n>`: a room's table in round 1; `<workshopId>/round/<k>/room/<n>` in round k
 * [RN4]. Round 1 keeps the name rooms always had, so the documents of workshops stored before
 * rounds existed are their round 1.
 */
export const roomDocName = (workshopId: string, room: number, round = 1) =>
  round === 1 ? `${workshopId}/room/${room}` : `${workshopId}/round/${round}/room/${room}`;
/** `<workshopId>/plenary`: the full-group notes. */
export const plenaryDocName = (workshopId: string) => `${workshopId}/plenary`;
/** `<workshopId>/board`: the plenary board, built from the break-out's end snapshot. */
export const boardDocName = (workshopId: string) => `${workshopId}/board`;
/** `<workshopId>/state`: the server-authoritative live state. */
export const stateDocName = (workshopId: string) => `${workshopId}/state`;

/** Parses a document name of the public contract; null for anything else. */
export function parseDocName(name: string): DocRef | null {
  const parts = name.split('/');
  const workshopId = parts[0];
  if (workshopId === undefined || !ID.test(workshopId)) return null;
  if (parts.length === 2 && parts[1] === 'plenary') return { workshopId, kind: 'plenary' };
  if (parts.length === 2 && parts[1] === 'board') return { workshopId, kind: 'board' };
  if (parts.length === 2 && parts[1] === 'state') return { workshopId, kind: 'state' };
  if (parts.length === 3 && parts[1] === 'room' && /^[1-9][0-9]{0,3}$/.test(parts[2] ?? '')) {
    return { workshopId, kind: 'room', room: Number(parts[2]), round: 1 };
  }
  // Round 1 has only the short name, so one room has one document.
  if (parts.length === 5 && parts[1] === 'round' && parts[3] === 'room' && NUMBER.test(parts[4] ?? '') && NUMBER.test(parts[2] ?? '') && parts[2] !== '1') {
    return { workshopId, kind: 'room', room: Number(parts[4]), round: Number(parts[2]) };
  }
  return null;
}
