import type { Template } from '@roomtable/core';
import { apiRequest } from '../api/apiRequest';
import type { DraftPlan } from './reviewTypes';

const base = (id: string) => `/api/workshops/${encodeURIComponent(id)}`;

/** One round as `GET /api/workshops/:id/rounds` gives it [RN5]. */
export interface RoundSummary {
  number: number;
  purpose: string;
  /** The round's table: its snapshots are drawn with it [RN9]. */
  template: Template;
  assignment: 'fresh' | 'same' | 'newPeople';
  breakoutMinutes: number;
  reportingMinutes: number;
  rooms: number;
  endSnapshotId: string | null;
  /** An earlier round's board as its plenary left it [RN8]; null for the current round (the live board) or none. */
  boardSnapshotId: string | null;
}

/** The workshop's rounds so far, and the one it is in. */
export function loadRounds(id: string, token: string) {
  return apiRequest<{ current: number; rounds: RoundSummary[] }>('GET', `${base(id)}/rounds`, { token });
}

/** One round's draft plan [RN6]. */
export async function loadRoundPlan(id: string, token: string, round: number): Promise<DraftPlan> {
  return (await apiRequest<{ plan: DraftPlan }>('GET', `${base(id)}/plan?round=${round}`, { token })).plan;
}

/** Every round's draft plan, oldest first [RN6]. */
export async function loadAllRoundPlans(id: string, token: string): Promise<Array<{ round: number; plan: DraftPlan }>> {
  return (await apiRequest<{ rounds: Array<{ round: number; plan: DraftPlan }> }>('GET', `${base(id)}/plan?round=all`, { token })).rounds;
}
