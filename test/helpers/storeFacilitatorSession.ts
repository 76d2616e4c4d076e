import type { Page } from 'playwright-core';

/** Leaves the facilitator's session in the page's storage, as the set-up page does after creating the workshop. */
export async function storeFacilitatorSession(page: Page, baseUrl: string, workshopId: string, token: string): Promise<void> {
  await page.goto(baseUrl);
  await page.evaluate(
    ([id, t]) => localStorage.setItem(`roomtable:${id}`, JSON.stringify({ token: t, role: 'facilitator', participantId: null })),
    [workshopId, token] as const,
  );
}
