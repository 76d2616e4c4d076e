/** Every page of the app, by what its path names. */
export type Route =
  | { page: 'home' }
  | { page: 'join'; code: string | null }
  | { page: 'workshop'; workshopId: string }
  | { page: 'facilitate'; workshopId: string }
  | { page: 'plenary'; workshopId: string }
  | { page: 'screen'; workshopId: string }
  | { page: 'room'; workshopId: string; room: number }
  | { page: 'workshops' }
  | { page: 'review'; workshopId: string }
  | { page: 'print'; workshopId: string }
  | { page: 'notFound' };

const ID = '([A-Za-z0-9_-]{1,64})';

/** Reads the page out of a pathname; unknown paths give `notFound`. */
export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'home' };
  if (path === '/join') return { page: 'join', code: null };
  let m = /^\/join\/([^/]{1,64})$/.exec(path);
  if (m) return { page: 'join', code: decodeOrRaw(m[1] ?? '') };
  m = new RegExp(`^/w/${ID}$`).exec(path);
  if (m) return { page: 'workshop', workshopId: m[1] ?? '' };
  if (path === '/workshops') return { page: 'workshops' };
  m = new RegExp(`^/w/${ID}/review$`).exec(path);
  if (m) return { page: 'review', workshopId: m[1] ?? '' };
  m = new RegExp(`^/w/${ID}/print$`).exec(path);
  if (m) return { page: 'print', workshopId: m[1] ?? '' };
  m = new RegExp(`^/w/${ID}/facilitate$`).exec(path);
  if (m) return { page: 'facilitate', workshopId: m[1] ?? '' };
  m = new RegExp(`^/w/${ID}/screen$`).exec(path);
  if (m) return { page: 'screen', workshopId: m[1] ?? '' };
  m = new RegExp(`^/w/${ID}/plenary$`).exec(path);
  if (m) return { page: 'plenary', workshopId: m[1] ?? '' };
  m = new RegExp(`^/w/${ID}/room/([1-9][0-9]{0,3})$`).exec(path);
  if (m) return { page: 'room', workshopId: m[1] ?? '', room: Number(m[2]) };
  return { page: 'notFound' };
}

/**
 * The decoded path segment, or the segment as it is when it is not valid percent-encoding
 * (`/join/%`): decodeURIComponent throws a URIError there, and the whole app went blank. The
 * join page then looks the raw text up and says that no workshop has this code.
 */
function decodeOrRaw(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
