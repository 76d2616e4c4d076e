import { exportFilename, type Board, type BoardAnnotations, type ExportFormat } from '@roomtable/core';
import { apiRequest } from '../api/apiRequest';
import { ApiError } from '../api/ApiError';
import { apiErrorFrom } from '../api/apiErrorFrom';
import { i18n } from '../i18n/i18n';
import type { DiffResponse, DraftPlan, SnapshotDetail, WorkshopSummary } from './reviewTypes';

const base = (id: string) => `/api/workshops/${encodeURIComponent(id)}`;

/** Every snapshot of the workshop with its rows, oldest first. */
export async function loadSnapshots(id: string, token: string): Promise<SnapshotDetail[]> {
  const { snapshots } = await apiRequest<{ snapshots: Array<{ id: string }> }>('GET', `${base(id)}/snapshots`, { token });
  return Promise.all(
    snapshots.map(async (s) => (await apiRequest<{ snapshot: SnapshotDetail }>('GET', `${base(id)}/snapshots/${encodeURIComponent(s.id)}`, { token })).snapshot),
  );
}

/** The board snapshot `sid` holds, as it was then; null when it holds none. */
/** The board snapshot `sid` holds, with its notes and frames ([BO1][BO7]); null when it holds none. */
export async function loadSnapshotBoard(id: string, token: string, sid: string): Promise<{ board: Board; annotations: BoardAnnotations } | null> {
  const body = await apiRequest<{ board: Board | null; annotations?: BoardAnnotations | null }>('GET', `${base(id)}/snapshots/${encodeURIComponent(sid)}/board`, { token });
  return body.board ? { board: body.board, annotations: body.annotations ?? { notes: [], frames: [] } } : null;
}

/** The draft plan from the rooms' current tables. */
export async function loadPlan(id: string, token: string): Promise<DraftPlan> {
  return (await apiRequest<{ plan: DraftPlan }>('GET', `${base(id)}/plan`, { token })).plan;
}

/** Rows added, removed and changed in a room between two snapshots ("live": the current table). */
export function loadDiff(id: string, token: string, room: number, from: string, to: string): Promise<DiffResponse> {
  const q = new URLSearchParams({ room: String(room), from, to });
  return apiRequest<DiffResponse>('GET', `${base(id)}/diff?${q}`, { token });
}

/** Restores a room to a snapshot (the server snapshots the current table first). */
export function restoreRoom(id: string, token: string, room: number, snapshotId: string) {
  return apiRequest('POST', `${base(id)}/rooms/${room}/restore`, { token, body: { snapshotId } });
}

/** Saves which plan items the facilitator keeps out of groups. */
export function saveUngrouped(id: string, token: string, ungrouped: string[]) {
  return apiRequest<{ ungrouped: string[] }>('PUT', `${base(id)}/review/ungrouped`, { token, body: { ungrouped } });
}

/** Deletes the workshop and all of its data; `confirm` is its title. */
export function deleteWorkshop(id: string, token: string, confirm: string) {
  return apiRequest('DELETE', base(id), { token, body: { confirm } });
}

/** Summaries of the workshops these facilitator tokens belong to. */
export function lookupWorkshops(tokens: string[]) {
  return apiRequest<{ workshops: WorkshopSummary[]; skipped: number }>('POST', '/api/workshops/lookup', { body: { tokens } });
}

/**
 * Downloads an export. The API wants the token in a header, which a plain link cannot send, so
 * the file is fetched and handed to the browser as a blob under the server's file name.
 */
export async function downloadExport(path: string, token: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'network', i18n.t('error.network'));
  }
  if (!res.ok) {
    throw apiErrorFrom(res.status, await res.json().catch(() => null));
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Path of the workshop's draft-plan export in `format`. */
export const planExportPath = (id: string, format: ExportFormat, round?: number | 'all') => `${base(id)}/export?format=${format}${round === undefined ? '' : `&round=${round}`}`;

/** Path of one snapshot's download in `format`. */
export const snapshotExportPath = (id: string, sid: string, format: ExportFormat) => `${base(id)}/snapshots/${encodeURIComponent(sid)}/download?format=${format}`;

/** A file name to use if the server's is missing. */
export const fallbackName = (title: string, what: string, format: ExportFormat) => exportFilename(title, what, Date.now(), format);

/** The facilitator tokens this browser holds, from the sessions it saved (`roomtable:<id>`). */
export function facilitatorTokens(): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith('roomtable:')) continue;
    try {
      const value = JSON.parse(localStorage.getItem(key) ?? 'null') as { token?: unknown; role?: unknown } | null;
      if (value && value.role === 'facilitator' && typeof value.token === 'string') tokens.push(value.token);
    } catch {
      // Other settings (the language) and corrupted entries share the prefix: skip them.
    }
  }
  return tokens;
}
