import type { DraftPlan, Row, SnapshotDiff } from '@roomtable/core';

/** One snapshot with the rows of every room (`GET /api/workshops/:id/snapshots/:sid`). */
export interface SnapshotDetail {
  id: string;
  takenAt: number;
  reason: string;
  phase?: string;
  /** The round whose rooms these are [RN5]; 1 on snapshots from before rounds. */
  round?: number;
  rooms: Array<{ number: number; rows: Row[] }>;
  /** Whether it holds the plenary board (read with `loadSnapshotBoard`). */
  hasBoard?: boolean;
}

/** `GET /api/workshops/:id/diff`. */
export interface DiffResponse {
  room: number;
  from: string;
  to: string;
  diff: SnapshotDiff;
}

/** A workshop in the facilitator's list (`POST /api/workshops/lookup`). */
export interface WorkshopSummary {
  id: string;
  title: string;
  phase: string;
  createdAt: number;
  rooms: number;
  people: number;
}

export type { DraftPlan };
