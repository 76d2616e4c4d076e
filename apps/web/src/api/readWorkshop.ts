import { apiRequest } from './apiRequest';
import { SharedReads } from './SharedReads';

const reads = new SharedReads((path, token, signal) => apiRequest('GET', path, { token, signal }));

/** GET /api/workshops/:id, shared with any identical read of the page already in flight. */
export function readWorkshop<T>(workshopId: string, token: string, signal: AbortSignal): Promise<T> {
  return reads.get<T>(`/api/workshops/${encodeURIComponent(workshopId)}`, token, signal);
}
