import { expect } from 'vitest';
import { api } from './api';

/**
 * Assigns the workshop's people to rooms (from `seed`, or a random seed when none is given) and starts
 * the break-out, asserting both succeed; returns the assignment's body (its `rooms`).
 */
export async function startBreakout(url: string, workshopId: string, facilitatorToken: string, seed?: string) {
  const assigned = await api(url, 'POST', `/workshops/${workshopId}/assignment`, seed === undefined ? {} : { seed }, facilitatorToken);
  expect(assigned.status).toBe(200);
  expect((await api(url, 'POST', `/workshops/${workshopId}/phase`, { phase: 'breakout' }, facilitatorToken)).status).toBe(200);
  return assigned.body;
}
