import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { TokenSigner } from '@roomtable/server';
import { api, createWorkshopWith } from '../helpers/api';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { joinThroughThePage } from '../helpers/joinThroughThePage';
import { waitForEditableTable } from '../helpers/roomPeople';
import { storeFacilitatorSession } from '../helpers/storeFacilitatorSession';
import { startTestServer } from '../helpers/testServer';

// Deleted workshop, stale link, removed person, a sign-in no longer valid: each its own plain,
// translated page (issue 15), never the socket's "This document does not exist. Try again" or the
// server's `There is no workshop with id "…"` with a retry that cannot work.

const LAPTOP = { width: 1366, height: 860 };
const PHONE = { width: 390, height: 844 };
const I18N = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/web/src/i18n');
const catalogue = (lang: string) => JSON.parse(readFileSync(path.join(I18N, `${lang}.json`), 'utf8')) as Record<string, string>;
const en = catalogue('en');

/** What the technical pages used to say; none of it may show on a plain page. */
const TECHNICAL = [en['sync.closed.notFound']!, en['action.retry']!, 'There is no workshop with id', en['sync.closed.unauthorized']!];

async function expectPlain(page: Page, testId: string, lang: Record<string, string>, keys: string[]): Promise<void> {
  await page.getByTestId(testId).waitFor({ timeout: 10_000 });
  const text = (await page.locator('main').textContent()) ?? '';
  for (const key of keys) expect(text, key).toContain(lang[key]);
  for (const technical of TECHNICAL) expect(text).not.toContain(technical);
  expect(await page.getByRole('button', { name: lang['action.retry'] }).count()).toBe(0);
  expect(await page.getByTestId('problem-home').getAttribute('href')).toBe('/');
}

const PARTICIPANT_SESSION = (page: Page, workshopId: string, token: string, participantId: string) =>
  page.evaluate(
    ([id, t, pid]) => localStorage.setItem(`roomtable:${id}`, JSON.stringify({ token: t, role: 'participant', participantId: pid })),
    [workshopId, token, participantId] as const,
  );

describe('plain pages for what cannot be opened', () => {
  it('a workshop deleted while its pages are open, and on a fresh load: "This workshop was deleted"', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, ['Bo'], { rooms: 1, title: 'Purpose review' });
    const ana = await newPerson(browser, PHONE);
    await joinThroughThePage(ana.page, server.url, w.joinCode, 'Ana');
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, w.facilitatorToken)).status).toBe(200);
    await waitForEditableTable(ana.page);
    const console = await newPerson(browser, LAPTOP);
    await storeFacilitatorSession(console.page, server.url, w.workshopId, w.facilitatorToken);
    await console.page.goto(`${server.url}/w/${w.workshopId}/facilitate`);
    await console.page.getByTestId('facilitator-phase').waitFor();

    const deleted = await api(server.url, 'DELETE', `/workshops/${w.workshopId}`, { confirm: 'Purpose review' }, w.facilitatorToken);
    expect(deleted.status).toBe(200);
    const keys = ['problem.deleted.title', 'problem.deleted.body', 'problem.deleted.todo'];
    await expectPlain(ana.page, 'workshop-deleted', en, keys);
    await expectPlain(console.page, 'workshop-deleted', en, keys);
    await screenshot(ana.page, 'plain-deleted-open-390');
    await screenshot(console.page, 'plain-deleted-console-1366');

    // A fresh load (the browser still holds the token): the same page, not the API's English.
    await ana.page.reload();
    await expectPlain(ana.page, 'workshop-deleted', en, keys);
    await ana.page.goto(`${server.url}/w/${w.workshopId}/plenary`);
    await expectPlain(ana.page, 'workshop-deleted', en, keys);
    await console.page.goto(`${server.url}/w/${w.workshopId}/review`);
    await expectPlain(console.page, 'workshop-deleted', en, keys);
    await console.page.getByTestId('problem-home').click();
    await console.page.waitForURL(`${server.url}/`);
  });

  it('a stale or made-up link: no such workshop, no such join code', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const { page } = await newPerson(browser, PHONE);
    await page.goto(`${server.url}/w/t71hocMadeUpWorkshop`);
    await page.getByTestId('no-session').waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(en['noSession.title']);
    expect(text).toContain(en['noSession.body']);
    for (const technical of TECHNICAL) expect(text).not.toContain(technical);
    await screenshot(page, 'plain-stale-link-390');
    // A join code nobody has: said so, with the form to type it again.
    await page.goto(`${server.url}/join/ZZZZZZ`);
    await vi.waitFor(async () => expect(await page.getByRole('alert').textContent()).toBe(en['join.unknownCode']!.replace('{{code}}', 'ZZZZZZ')), 5000);
    expect(await page.getByTestId('join-code').inputValue()).toBe('ZZZZZZ');
  });

  it('[PE1] a removed person who opens the workshop again is told so, with no retry', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 1 });
    const ana = w.participants[0]!;
    expect((await api(server.url, 'DELETE', `/workshops/${w.workshopId}/participants/${ana.id}`, undefined, w.facilitatorToken)).status).toBe(200);
    const { page } = await newPerson(browser, PHONE);
    await page.goto(server.url);
    await PARTICIPANT_SESSION(page, w.workshopId, ana.token, ana.id);
    for (const where of ['', '/plenary', '/room/1']) {
      await page.goto(`${server.url}/w/${w.workshopId}${where}`);
      await expectPlain(page, 'removed', en, ['people.removed.title', 'people.removed.body']);
    }
    expect(await page.getByTestId('problem-join').getAttribute('href')).toBe('/join');
    await screenshot(page, 'plain-removed-fresh-390');
  });

  it('an expired or tampered sign-in: "no longer valid", join again or ask for a new link', async () => {
    const secret = 'a-test-secret-of-at-least-32-bytes-long!';
    const server = await startTestServer({ env: { WEB_DIST, ROOMTABLE_SECRET: secret } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, ['Ana'], { rooms: 1 });
    const ana = w.participants[0]!;
    // The server's own signer, with a lifetime already over.
    const expired = new TokenSigner(Buffer.from(secret, 'utf8')).sign({ w: w.workshopId, r: 'participant', p: ana.id }, -60_000);
    expect((await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, expired)).body.error.code).toBe('unauthorized');
    const keys = ['problem.expired.title', 'problem.expired.body', 'problem.expired.todo'];

    const { page } = await newPerson(browser, PHONE);
    await page.goto(server.url);
    await PARTICIPANT_SESSION(page, w.workshopId, expired, ana.id);
    await page.goto(`${server.url}/w/${w.workshopId}`);
    await expectPlain(page, 'session-expired', en, keys);
    expect(await page.getByTestId('problem-join').getAttribute('href')).toBe('/join');
    await screenshot(page, 'plain-expired-390');

    // A facilitator token with one character of its signature changed.
    const tampered = w.facilitatorToken.slice(0, -2) + (w.facilitatorToken.endsWith('A') ? 'BB' : 'AA');
    const laptop = await newPerson(browser, LAPTOP);
    await storeFacilitatorSession(laptop.page, server.url, w.workshopId, tampered);
    await laptop.page.goto(`${server.url}/w/${w.workshopId}/facilitate`);
    await expectPlain(laptop.page, 'session-expired', en, keys);
    await screenshot(laptop.page, 'plain-expired-console-1366');
    await laptop.page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(laptop.page, 'plain-expired-console-1920');
  });

  it('in Arabic and Chinese: the plain pages and an API error are in the language, right-to-left in Arabic', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const w = await createWorkshopWith(server.url, ['Bo'], { rooms: 1, title: 'Purpose review' });
    for (const [lang, locale] of [['ar', 'ar-EG'], ['zh', 'zh-CN']] as const) {
      const cat = catalogue(lang);
      const { page } = await newPerson(browser, { ...PHONE, locale });
      // An API refusal, shown from the error code's catalogue key: a name nobody can have.
      await page.goto(`${server.url}/join/${w.joinCode}`);
      await page.getByTestId('join-name').fill('Ana');
      await page.route('**/api/workshops/*/participants', (route) =>
        route.continue({ postData: JSON.stringify({ name: '\u0000', joinCode: w.joinCode }) }),
      );
      await page.getByTestId('join-submit').click();
      await vi.waitFor(async () => expect(await page.getByRole('alert').last().textContent()).toBe(cat['error.invalid_name']), 5000);
      await page.unroute('**/api/workshops/*/participants');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      await screenshot(page, `plain-api-error-${lang}-390`);

      // A made-up link, then a removed seat.
      await page.goto(`${server.url}/w/madeUpWorkshop${lang}`);
      await page.getByTestId('no-session').waitFor();
      expect(await page.getByTestId('no-session').textContent()).toBe(cat['noSession.title']);
      const joined = await api(server.url, 'POST', `/workshops/${w.workshopId}/participants`, { name: `Chen ${lang}`, joinCode: w.joinCode });
      expect(joined.status).toBe(201);
      await PARTICIPANT_SESSION(page, w.workshopId, joined.body.token, joined.body.participant.id);
      await page.goto(`${server.url}/w/${w.workshopId}`);
      await page.getByTestId('waiting').waitFor();
      expect((await api(server.url, 'DELETE', `/workshops/${w.workshopId}/participants/${joined.body.participant.id}`, undefined, w.facilitatorToken)).status).toBe(200);
      await expectPlain(page, 'removed', cat, ['people.removed.title', 'people.removed.body']);
      expect(await page.getByTestId('problem-home').textContent()).toBe(cat['problem.home']);
      await screenshot(page, `plain-removed-${lang}-390`);
    }
  });
});
