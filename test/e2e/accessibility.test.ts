import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConfig, startServer, type RunningServer } from '@roomtable/server';
import { api, createWorkshopWith } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { CHROMIUM_PATH, screenshot, WEB_DIST } from '../helpers/browser';
import { startBreakout } from '../helpers/startBreakout';

/** Each page is checked, and photographed, in these four ways. */
const VARIANTS = [
  { tag: 'en', locale: 'en-US', width: 1280, height: 800 },
  { tag: 'ar', locale: 'ar-EG', width: 1280, height: 800 },
  { tag: 'zh', locale: 'zh-CN', width: 1280, height: 800 },
  { tag: 'phone', locale: 'en-US', width: 390, height: 844 },
] as const;

interface Session {
  workshopId: string;
  token: string;
  role: 'facilitator' | 'participant';
  participantId: string | null;
}

// One server and one browser for the whole file: every state below builds on the previous one.
let server: RunningServer;
let browser: Browser;
let dataDir: string;
let setup: Awaited<ReturnType<typeof createWorkshopWith>>;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-a11y-'));
  server = await startServer(readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIST }));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  setup = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dede'], {
    rooms: 2,
    purpose: 'The ccNSO is the body within ICANN that develops and recommends global policies for ccTLDs.',
    suggestions: ['Share information through TLD-OPS'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const participant = (name: string): Session => {
  const p = setup.participants.find((x) => x.name === name)!;
  return { workshopId: setup.workshopId, token: p.token, role: 'participant', participantId: p.id };
};
const facilitator = (): Session => ({
  workshopId: setup.workshopId,
  token: setup.facilitatorToken,
  role: 'facilitator',
  participantId: null,
});

/**
 * Opens `route` in each variant (a fresh person each time), waits for `ready`, checks the
 * language and direction on <html>, runs axe, checks nothing overflows a phone, and saves a screenshot.
 */
async function checkPage(name: string, route: string, session: Session | null, ready: (page: Page) => Promise<void>) {
  for (const variant of VARIANTS) {
    const context = await browser.newContext({ viewport: { width: variant.width, height: variant.height }, locale: variant.locale });
    try {
      if (session) {
        await context.addInitScript(
          ([key, value]) => localStorage.setItem(key!, value!),
          [`roomtable:${session.workshopId}`, JSON.stringify({ token: session.token, role: session.role, participantId: session.participantId })],
        );
      }
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(`${server.url}${route}`);
      await ready(page);

      const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
      const language = variant.tag === 'phone' ? 'en' : variant.tag;
      expect(html.lang.split('-')[0], `${name} ${variant.tag}: <html lang>`).toBe(language);
      expect(html.dir, `${name} ${variant.tag}: <html dir>`).toBe(language === 'ar' ? 'rtl' : 'ltr');

      const findings = await seriousViolations(page);
      expect(findings, `${name} ${variant.tag}: serious or critical axe violations`).toEqual([]);

      if (variant.tag === 'phone') {
        // Only the room table may scroll sideways (inside its own box); the page itself never does.
        const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(pageWidth, `${name}: page wider than a 390 px phone`).toBeLessThanOrEqual(variant.width);
      }
      await screenshot(page, `a11y-${name}-${variant.tag}`);
      expect(errors, `${name} ${variant.tag}: page errors`).toEqual([]);
    } finally {
      await context.close();
    }
  }
}

const visible = (testId: string) => (page: Page) => page.getByTestId(testId).first().waitFor({ timeout: 10_000 });

async function roomReady(page: Page) {
  await page.getByTestId('room-table').waitFor({ timeout: 10_000 });
  await vi.waitFor(async () => expect(await page.getByTestId('sync-status').textContent()).not.toMatch(/…|\.\.\./), 10_000);
}

describe('every page and state: WCAG AA (axe), six languages, right to left and phone width', () => {
  it('home', async () => {
    await checkPage('home', '/', null, visible('create-title'));
  });

  it('join, with the name form', async () => {
    await checkPage('join', `/join/${setup.joinCode}`, null, visible('join-name'));
  });

  it('a stale link and a sign-in no longer valid: their plain pages', async () => {
    await checkPage('stale-link', '/w/madeUpWorkshop', null, visible('no-session'));
    const ana = participant('Ana');
    const tampered = { ...ana, token: `${ana.token.slice(0, -2)}${ana.token.endsWith('xx') ? 'yy' : 'xx'}` };
    await checkPage('session-expired', `/w/${setup.workshopId}`, tampered, visible('session-expired'));
  });

  it('lobby, waiting to be placed', async () => {
    await checkPage('lobby', `/w/${setup.workshopId}`, participant('Ana'), visible('waiting'));
  });

  it('room in break-out, with a broadcast showing', async () => {
    const fac = setup.facilitatorToken;
    await startBreakout(server.url, setup.workshopId, fac, 'a11y');
    const sent = await api(server.url, 'POST', `/workshops/${setup.workshopId}/broadcast`, { message: 'Ten minutes left: please rate impact and effort.' }, fac);
    expect(sent.status).toBe(200);
    await checkPage('room-breakout', `/w/${setup.workshopId}`, participant('Ana'), async (page) => {
      await roomReady(page);
      await visible('broadcast')(page);
      // The move into the room was put into the live region screen readers announce.
      expect(await page.getByTestId('room-announcement').textContent()).toMatch(/\d|[٠-٩]/);
    });
  });

  it('read-only room (a room the person is not in)', async () => {
    const state = (await api(server.url, 'GET', `/workshops/${setup.workshopId}`, undefined, setup.facilitatorToken)).body;
    const anaRoom = state.participants.find((p: { name: string }) => p.name === 'Ana').room as number;
    const other = anaRoom === 1 ? 2 : 1;
    await checkPage('room-readonly', `/w/${setup.workshopId}/room/${other}`, participant('Ana'), async (page) => {
      await roomReady(page);
      await visible('read-only')(page);
      expect(await page.getByTestId('room-table').getAttribute('contenteditable')).toBe('false');
    });
  });

  it('facilitator console with rooms', async () => {
    await checkPage('facilitator', `/w/${setup.workshopId}/facilitate`, facilitator(), async (page) => {
      await visible('room-card-2')(page);
      await visible('room-rows-2')(page);
    });
  });
});

describe('what screen readers are told', () => {
  it('the room, the countdown warning, a new broadcast and who is presenting reach live regions', async () => {
    const w = await createWorkshopWith(server.url, ['Lee'], { rooms: 1, breakoutMinutes: 1 });
    const lee = w.participants[0]!;
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      await context.addInitScript(
        ([key, value]) => localStorage.setItem(key!, value!),
        [`roomtable:${w.workshopId}`, JSON.stringify({ token: lee.token, role: 'participant', participantId: lee.id })],
      );
      const page = await context.newPage();
      await page.goto(`${server.url}/w/${w.workshopId}`);
      await page.getByTestId('waiting').waitFor();
      const live = (testId: string) => page.getByTestId(testId).textContent();
      expect(await live('room-announcement')).toBe('');

      const fac = w.facilitatorToken;
      await startBreakout(server.url, w.workshopId, fac);
      await vi.waitFor(async () => expect(await live('room-announcement')).toBe('You are in room 1.'), 5000);
      // A one-minute break-out is inside its last minute at once: the 1-minute warning is spoken.
      await vi.waitFor(async () => expect(await live('clock-warning')).toBe('1 minute left.'), 5000);
      expect(await page.getByTestId('clock-warning').getAttribute('aria-live')).toBe('assertive');

      expect(await live('broadcast')).toBe('');
      await api(server.url, 'POST', `/workshops/${w.workshopId}/broadcast`, { message: 'Please wrap up.' }, fac);
      await vi.waitFor(async () => expect(await live('broadcast')).toContain('Please wrap up.'), 5000);
      expect(await page.getByTestId('broadcast').getAttribute('aria-live')).toBe('polite');

      // Reporting moves everyone to the plenary, whose presenter line is a polite live region.
      expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, fac)).status).toBe(200);
      await page.waitForURL(/\/plenary$/, { timeout: 10_000 });
      await page.getByTestId('presenting').waitFor();
      expect(await page.getByTestId('presenting').getAttribute('aria-live')).toBe('polite');
      expect((await api(server.url, 'PUT', `/workshops/${w.workshopId}/plenary/presenting`, { room: 1 }, fac)).status).toBe(200);
      await vi.waitFor(async () => expect(await live('presenting')).toMatch(/\b1\b/), 5000);
    } finally {
      await context.close();
    }
  });
});

describe('language choice', () => {
  it('follows the browser by default, and a picked language is remembered across reloads', async () => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await vi.waitFor(async () => expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru'), 5000);
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Присоединиться к семинару');

      await page.getByTestId('language-picker').selectOption('ar');
      await vi.waitFor(async () => expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl'), 5000);
      await page.reload();
      await page.getByTestId('create-title').waitFor();
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
      expect(await page.getByTestId('language-picker').inputValue()).toBe('ar');
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('الانضمام إلى ورشة عمل');
    } finally {
      await context.close();
    }
  });
});
