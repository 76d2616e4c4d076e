import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// axe-core ships one self-contained script; evaluated as-is in the page under test.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One axe violation, reduced to what a failing assertion should show. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.0–2.2 A/AA rules and best practices) in the page; returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated by the browser's DevTools protocol, outside the page's Content-Security-Policy: an
  // injected <script> is an inline script, which the app's policy (script-src 'self') refuses.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return (result.violations as any[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id as string,
        impact: v.impact as string | null,
        help: v.help as string,
        targets: (v.nodes as any[]).slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${String(n.failureSummary ?? '').split('\n')[1] ?? ''}`),
      }));
  });
}
