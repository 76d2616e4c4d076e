import type { Page, Route } from 'playwright-core';

/** A script of the build held back until `release()`: `requested` says whether the page asked for it. */
export interface HeldScript {
  readonly requested: boolean;
  release(): void;
}

/**
 * Holds back every script of `page` whose text contains `marker` (a string only one chunk of the
 * build carries), as a slow link would deliver it last. With routing on, nothing comes from the
 * HTTP cache, so the page's own request is what is held.
 */
export async function holdScript(page: Page, marker: string): Promise<HeldScript> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const state = { requested: false, release };
  await page.route('**/assets/*.js', async (route: Route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes(marker)) {
      state.requested = true;
      await held;
    }
    await route.fulfill({ response, body });
  });
  return state;
}
