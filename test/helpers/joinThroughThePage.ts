import type { Page } from 'playwright-core';

/** Joins a workshop as `name` the way a person does: the join page, the name field, the button. */
export async function joinThroughThePage(page: Page, baseUrl: string, joinCode: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/join/${joinCode}`);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await page.waitForURL(/\/w\/[^/]+$/);
}
