import type { WorkshopInfo } from '@roomtable/contract';

/** Milliseconds left on the workshop's clock at `now` (server time); null when no clock runs. */
export function remainingMs(workshop: WorkshopInfo, serverNow: number): number | null {
  if (workshop.paused) return workshop.remainingMs ?? null;
  if (workshop.endsAt === null || workshop.endsAt === undefined) return null;
  const endsAt = typeof workshop.endsAt === 'string' ? Date.parse(workshop.endsAt) : workshop.endsAt;
  if (!Number.isFinite(endsAt)) return null;
  return Math.max(0, endsAt - serverNow);
}

/** "m:ss", or "h:mm:ss" for an hour or more. */
export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
