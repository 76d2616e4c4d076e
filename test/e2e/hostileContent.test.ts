import { describe, expect, it, vi } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';
import { parseCsv } from '../../packages/core/test/fixtures/parseCsv';

/** Markup and script payloads; each sets `window.__pwned` (or opens a dialog) if it ever runs. */
const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const JS_LINK = 'javascript:window.__pwned=1';
const MD_LINK = '[open](javascript:window.__pwned=1)';
const TEMPLATE = "{{constructor.constructor('window.__pwned=1')()}}";
const SVG = '"><svg onload=alert(1)>';
/** Spreadsheet formula payloads: a CSV export must not hand these to Excel as formulas. */
const FORMULAS = ['=HYPERLINK("http://evil.example","x")', '+cmd|calc!A0', '-2+3+cmd|calc', '@SUM(1+1)'];

/** Fails if anything in the page ran a payload: the flag, a dialog, or live elements made from content. */
async function expectInert(page: Page, dialogs: string[], where: string) {
  const found = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    liveImages: document.querySelectorAll('img[src="x"], img[onerror]').length,
    svgOnload: document.querySelectorAll('svg[onload], [onload]:not(body)').length,
    inlineHandlers: document.querySelectorAll('[onerror], [onclick], [onmouseover]').length,
    jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
    contentScripts: [...document.querySelectorAll('script')].filter((s) => (s.textContent ?? '').includes('__pwned')).length,
  }));
  expect(found, `payload live on ${where}`).toEqual({ pwned: undefined, liveImages: 0, svgOnload: 0, inlineHandlers: 0, jsLinks: 0, contentScripts: 0 });
  expect(dialogs, `dialog opened on ${where}`).toEqual([]);
}

async function person(context: BrowserContext, page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { context, page, dialogs };
}

describe('hostile content never executes', () => {
  it('names, cells, broadcast, questions and exports with script and markup payloads stay text everywhere', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', {
      title: `Purpose ${IMG}`,
      purpose: `${SCRIPT} ${MD_LINK} ${TEMPLATE}`,
      suggestions: [IMG, SCRIPT, JS_LINK, TEMPLATE, ...FORMULAS],
      rooms: 1,
    });
    expect(created.status).toBe(201);
    const { workshop, facilitatorToken, joinCode } = created.body;
    const id = workshop.id as string;
    // The payloads carry inline handlers (onload=…); the CSP blocks them and Chromium logs each
    // block as a console error. Blocked is what this test wants; any other error still fails it.
    const browser = await launchBrowser({ allowConsoleErrors: [/^Executing inline event handler violates the following Content Security Policy directive/] });

    // The facilitator's browser holds the session the home page would have stored.
    const facPerson = await newPerson(browser, { width: 1440, height: 900 });
    await facPerson.context.addInitScript(
      ([wid, token]) => localStorage.setItem(`roomtable:${wid}`, JSON.stringify({ token, role: 'facilitator', participantId: null })),
      [id, facilitatorToken] as const,
    );
    const fac = await person(facPerson.context, facPerson.page);

    // Two people join through the page with payloads as names; more join by the API.
    const ana = await newPerson(browser);
    const anaP = await person(ana.context, ana.page);
    await joinThroughThePage(ana.page, server.url, joinCode, IMG);
    for (const name of [SCRIPT, JS_LINK, TEMPLATE, SVG]) {
      expect((await api(server.url, 'POST', `/workshops/${id}/participants`, { name, joinCode })).status).toBe(201);
    }
    await vi.waitFor(async () => expect(await ana.page.locator('body').innerText()).toContain('Purpose'), 5000);
    await expectInert(ana.page, anaP.dialogs, 'the lobby');

    await fac.page.goto(`${server.url}/w/${id}/facilitate`);
    await vi.waitFor(async () => expect(await fac.page.getByTestId('facilitator-participants').innerText()).toContain('window.__pwned'), 10_000);
    // Shown as the literal text, not swallowed by an HTML parser.
    expect(await fac.page.getByTestId('facilitator-participants').innerText()).toContain(IMG);
    await expectInert(fac.page, fac.dialogs, 'the facilitator console (lobby)');

    // Break-out: payloads typed and pasted into cells; a broadcast with payloads.
    await startBreakout(server.url, id, facilitatorToken, 'x');
    await ana.page.getByTestId('room-table').waitFor({ timeout: 10_000 });
    await vi.waitFor(async () => expect(await ana.page.getByTestId('sync-status').textContent()).toMatch(/connected|saved/i), 10_000);
    const row = ana.page.getByTestId('row').first();
    await row.locator('[data-column="benefit"]').click();
    await ana.page.keyboard.type(`${IMG} ${SCRIPT}`);
    await row.locator('[data-column="needed"]').click();
    await ana.page.keyboard.type(`${TEMPLATE} ${FORMULAS[0]}`);
    // A paste of rich HTML is where editors usually let markup in.
    await ana.page.getByTestId('row').nth(1).locator('[data-column="benefit"]').click();
    await ana.page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'pasted');
      document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, `<p>pasted ${IMG}<script>window.__pwned=1</script><a href="${JS_LINK}">link</a><svg onload="window.__pwned=1"></svg></p>`);
    await vi.waitFor(async () => expect(await ana.page.getByTestId('sync-status').textContent()).toMatch(/all changes saved/i), 5000);
    expect((await api(server.url, 'POST', `/workshops/${id}/broadcast`, { message: `${IMG} ${SCRIPT} ${MD_LINK} ${TEMPLATE}` }, facilitatorToken)).status).toBe(200);
    await vi.waitFor(async () => expect(await ana.page.locator('body').innerText()).toContain(MD_LINK), 5000);
    expect(await row.locator('[data-column="benefit"]').innerText()).toContain(IMG);
    await expectInert(ana.page, anaP.dialogs, 'the room');
    await screenshot(ana.page, 'hostile-room');

    await fac.page.reload();
    await vi.waitFor(async () => expect(await fac.page.getByTestId('facilitator-phase').innerText()).toMatch(/break/i), 10_000);
    await expectInert(fac.page, fac.dialogs, 'the facilitator console (break-out)');
    await screenshot(fac.page, 'hostile-console');

    // Reporting: the plenary shows the room's snapshot and a question full of payloads.
    expect((await api(server.url, 'POST', `/workshops/${id}/phase`, { phase: 'reporting' }, facilitatorToken)).status).toBe(200);
    await api(server.url, 'PUT', `/workshops/${id}/plenary/presenting`, { room: 1 }, facilitatorToken);
    const anaToken = await ana.page.evaluate((wid) => JSON.parse(localStorage.getItem(`roomtable:${wid}`) ?? '{}').token as string, id);
    const asked = await api(server.url, 'POST', `/workshops/${id}/questions`, { room: 1, text: `${IMG} ${SCRIPT} ${MD_LINK}` }, anaToken);
    console.log(`[hostile] question asked: ${asked.status}`);
    await ana.page.goto(`${server.url}/w/${id}/plenary`);
    await vi.waitFor(async () => expect(await ana.page.locator('body').innerText()).toContain('window.__pwned'), 10_000);
    await expectInert(ana.page, anaP.dialogs, 'the plenary');
    await screenshot(ana.page, 'hostile-plenary');

    // The facilitator's later pages (each checked whatever it shows, so pages added later are covered).
    for (const pagePath of ['facilitate', 'plenary', 'review', 'print']) {
      await fac.page.goto(`${server.url}/w/${id}/${pagePath}`);
      await fac.page.waitForLoadState('networkidle');
      await expectInert(fac.page, fac.dialogs, `/w/:id/${pagePath}`);
    }
    await screenshot(fac.page, 'hostile-print');

    // Exports: formulas neutralised in CSV, no live markup in HTML (and nothing runs when it is opened).
    const exported = async (format: string) => {
      const res = await fetch(`${server.url}/api/workshops/${id}/export?format=${format}`, { headers: { authorization: `Bearer ${facilitatorToken}` } });
      expect(res.status, `export ${format}`).toBe(200);
      return res.text();
    };
    const csv = await exported('csv');
    const cells = parseCsv(csv).flat();
    const formulaCells = cells.filter((cell) => /HYPERLINK|cmd\|calc|SUM\(1\+1\)/.test(cell));
    expect(formulaCells.length).toBeGreaterThan(0);
    for (const cell of formulaCells) expect(cell, 'CSV cell would run as a formula').not.toMatch(/^[=+\-@\t\r]/);

    const html = await exported('html');
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toMatch(/<svg[^>]*onload/i);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    expect(html).toContain('window.__pwned'); // the content is there, as text
    const viewer = await newPerson(browser);
    const viewerP = await person(viewer.context, viewer.page);
    // Control, in a page of its own: the probe does see a payload that runs, so its silence means something.
    const control = await viewer.context.newPage();
    await control.setContent(`<p>${IMG}</p>`, { waitUntil: 'load' });
    await vi.waitFor(async () => expect(await control.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBe(1), 5000);
    await control.close();
    await viewer.page.setContent(html, { waitUntil: 'load' });
    await expectInert(viewer.page, viewerP.dialogs, 'the HTML export');

    const markdown = await exported('markdown');
    // Markdown viewers render inline HTML: content must not arrive as raw (unescaped) tags or links.
    expect(markdown).not.toMatch(/(^|[^\\])<img[^>]*onerror/im);
    expect(markdown).not.toMatch(/(^|[^\\])<script/im);
    expect(markdown).not.toMatch(/(^|[^\\])\]\(\s*javascript:/im);
    expect(markdown).toContain('window.'); // the content is there, escaped
    const json = JSON.parse(await exported('json'));
    expect(JSON.stringify(json)).toContain(IMG.replace(/"/g, '\\"')); // JSON keeps the text exactly
  });
});
