import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser, newPerson, screenshot, WEB_DIST } from '../helpers/browser';
import { startTestServer } from '../helpers/testServer';

// Issue 17 items 1–2 in Chromium: the facilitator defines a "Region" question (required, private)
// and a "Table host" yes/no question (public) in the set-up form, from the keyboard; eight people
// join through the join page at the same moment answering them; the console shows every answer;
// a participant's page and live state never hold another's private answer. [PF1]–[PF4]

const REGIONS = ['Africa', 'Asia Pacific', 'Europe', 'Latin America'];
/** A private answer as JSON writes it: the definitions say `"key":"…"`, an answer `"<key>":"…"`. */
const privateAnswer = (key: string) => new RegExp(`"${key}"\\s*:`);

async function joinAnswering(page: Page, url: string, code: string, name: string, region: string, host: 'yes' | 'no') {
  await page.goto(`${url}/join/${code}`);
  await page.getByTestId('join-name').fill(name);
  await page.getByLabel('Region (required)').selectOption(region);
  await page.getByLabel('Table host').selectOption(host);
  await page.getByTestId('join-submit').click();
  await page.waitForURL(/\/w\/[^/]+$/);
}

describe('participant fields, set up, answered and kept private', () => {
  it('keyboard set-up of two questions, eight joins at once, console shows answers, participants see public answers only', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const browser = await launchBrowser();
    const fac = (await newPerson(browser, { width: 1366, height: 900 })).page;
    await fac.goto(server.url);
    await fac.getByTestId('create-title').fill('Stakeholder day');
    await fac.getByTestId('create-rooms').fill('2');

    // From the keyboard: "Add a question" puts focus in the new question's text.
    await fac.getByTestId('field-add').focus();
    await fac.keyboard.press('Enter');
    await fac.keyboard.type('Region');
    await fac.getByLabel('Question 1: answers to choose from').fill(REGIONS.join('\n'));
    await fac.getByTestId('field-required').first().check();
    await fac.getByTestId('field-add').focus();
    await fac.keyboard.press('Enter');
    await fac.keyboard.type('Table host');
    // A question without answers is refused in the form, next to it.
    await fac.getByTestId('create-submit').click();
    expect(await fac.getByText('Give at least one answer to choose from.').isVisible()).toBe(true);
    await fac.getByLabel('Question 2: answers to choose from').fill('yes\nno');
    await fac.getByTestId('field-public').nth(1).check();
    expect(await fac.getByTestId('field-public').first().isChecked()).toBe(false);
    expect(await seriousViolations(fac)).toEqual([]);
    await screenshot(fac, 'fields-1-setup-1366');
    await fac.getByTestId('create-submit').click();
    await fac.waitForURL(/\/w\/[^/]+\/facilitate$/);
    await fac.getByTestId('keep-link-saved').click();
    const workshopId = fac.url().split('/w/')[1]!.split('/')[0]!;
    const token = await fac.evaluate((id) => JSON.parse(localStorage.getItem(`roomtable:${id}`) ?? '{}').token as string, workshopId);
    const created = (await api(server.url, 'GET', `/workshops/${workshopId}`, undefined, token)).body;
    expect(created.workshop.fields).toEqual([
      { key: 'field1', label: 'Region', options: REGIONS, required: true, public: false },
      { key: 'field2', label: 'Table host', options: ['yes', 'no'], required: false, public: true },
    ]);
    const code = created.workshop.joinCode as string;

    // The join form on a phone: both questions, who sees each answer; a missing required answer is refused there.
    const phone = (await newPerson(browser, { width: 390, height: 844 })).page;
    await phone.goto(`${server.url}/join/${code}`);
    await phone.getByTestId('join-name').fill('P0');
    await phone.getByTestId('join-submit').click();
    expect(await phone.getByText('Choose an answer.').isVisible()).toBe(true);
    expect(await phone.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('join-field-field1');
    expect(await phone.getByText('Only the facilitators see this answer.').isVisible()).toBe(true);
    expect(await phone.getByText('Everyone in the workshop sees this answer.').isVisible()).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);
    await screenshot(phone, 'fields-2-join-390');

    // Eight people join at the same moment (the phone among them), two of them table hosts.
    const pages = [phone, ...(await Promise.all(Array.from({ length: 7 }, async () => (await newPerson(browser)).page)))];
    await Promise.all(pages.map((p, i) => joinAnswering(p, server.url, code, `P${i}`, REGIONS[i % 4]!, i < 2 ? 'yes' : 'no')));

    // The console shows each person's answers, private ones included.
    await vi.waitFor(async () => expect(await fac.getByTestId('facilitator-participants').locator('li').count()).toBe(8), 10_000);
    const all = (await api(server.url, 'GET', `/workshops/${workshopId}/attributes`, undefined, token)).body.answers as Record<string, Record<string, string>>;
    expect(Object.values(all).map((a) => a.field1).sort()).toEqual([...REGIONS, ...REGIONS].sort());
    const state = (await api(server.url, 'GET', `/workshops/${workshopId}`, undefined, token)).body;
    const p5 = state.participants.find((p: { name: string }) => p.name === 'P5');
    await vi.waitFor(async () => expect(await fac.getByTestId(`answers-${p5.id}`).textContent()).toBe('Region: Asia Pacific · Table host: no'), 10_000);

    // The facilitator renames a question in the lobby; answers stay.
    await fac.getByTestId('fields-edit').click();
    await fac.getByTestId('fields-card').getByLabel('Question 2', { exact: true }).fill('Hosts a table');
    await fac.getByTestId('fields-save').click();
    await vi.waitFor(async () => expect(await fac.getByTestId(`answers-${p5.id}`).textContent()).toBe('Region: Asia Pacific · Hosts a table: no'), 10_000);
    expect(await seriousViolations(fac)).toEqual([]);
    await screenshot(fac, 'fields-3-console-1366');
    await fac.setViewportSize({ width: 390, height: 844 });
    expect(await fac.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(fac, 'fields-4-console-390');

    // Assigned: the questions lock; a participant's page and live state hold no private answer.
    await fac.setViewportSize({ width: 1366, height: 900 });

    // Rooms from the answers [AP1][AP2]: spread the region, exactly one table host per room.
    const panel = fac.getByTestId('assignment-panel');
    await panel.getByTestId('spread-field1').check();
    await panel.getByTestId('rule-add').click();
    await panel.getByTestId('rule-field').selectOption('field2');
    await panel.getByTestId('rule-value').selectOption('yes');
    await panel.getByTestId('rule-min').fill('1');
    await panel.getByTestId('rule-max').fill('1');
    await panel.getByTestId('preview-run').click();
    await panel.getByTestId('preview').waitFor();
    // Row text: the rule, then this preview's cell, then the random assignment's.
    const metNow = [expect.stringMatching(/^Region spread over the rooms\s*met/), expect.stringMatching(/^Hosts a table = yes per room\s*met/)];
    expect(await panel.getByTestId('score').allTextContents()).toEqual(metNow);
    const previewed = async () =>
      Promise.all([1, 2].map(async (n) => (await panel.getByTestId(`preview-room-${n}`).getByTestId('preview-person').allTextContents()).sort()));
    // Pin P5 to the room it is not in; the preview runs again with the pin.
    const before = await previewed();
    const other = before[0]!.includes('P5') ? 2 : 1;
    await panel.getByLabel('Pin P5 to a room').selectOption(String(other));
    await vi.waitFor(async () => expect((await previewed())[other - 1]).toContain('P5'), 10_000);
    // With the pin the hard rule still holds and the region is still in both rooms: the only other
    // Asia-Pacific person is a host, so the better rooms are two swaps away, where a search taking
    // only strictly better swaps stopped short about 1 seed in 4 [CA10]; never worse than random [CA8].
    await vi.waitFor(async () => expect((await panel.getByTestId('score').allTextContents())[1]).toMatch(/^Hosts a table = yes per room\s*met/), 10_000);
    const cells = await panel.getByTestId('score').first().locator('td').allTextContents();
    const misses = (cell: string) => (cell === 'met' ? 0 : Number(/\d+/.exec(cell)?.[0]));
    expect(misses(cells[0]!)).toBeLessThanOrEqual(misses(cells[1]!));
    expect(cells[0]).toBe('met');
    const shown = await previewed();
    expect(await seriousViolations(fac)).toEqual([]);
    await screenshot(fac, 'fields-6-preview-1366');
    await fac.setViewportSize({ width: 390, height: 844 });
    expect(await fac.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(fac, 'fields-7-preview-390');
    await fac.setViewportSize({ width: 1366, height: 900 });
    await panel.getByTestId('preview-apply').click();
    await vi.waitFor(async () => {
      const live = (await api(server.url, 'GET', `/workshops/${workshopId}`, undefined, token)).body;
      const names = (ids: string[]) => ids.map((pid) => live.participants.find((p: { id: string }) => p.id === pid).name as string).sort();
      expect(live.rooms.map((r: { participantIds: string[] }) => names(r.participantIds))).toEqual(shown);
      const hostsIn = live.rooms.map((r: { participantIds: string[] }) => r.participantIds.filter((pid) => all[pid]?.field2 === 'yes').length);
      expect(hostsIn).toEqual([1, 1]);
    }, 10_000);
    await vi.waitFor(async () => expect(await fac.getByTestId('fields-card').textContent()).toContain('can be changed until rooms are assigned'), 10_000);
    expect(await fac.getByTestId('fields-edit').count()).toBe(0);
    const reader = pages[3]!;
    await reader.reload();
    await vi.waitFor(async () => expect(await reader.locator('main').textContent()).toMatch(/Room \d/), 10_000);
    const seen = await reader.evaluate(async (id) => {
      const t = JSON.parse(localStorage.getItem(`roomtable:${id}`) ?? '{}').token as string;
      const res = await fetch(`/api/workshops/${id}`, { headers: { authorization: `Bearer ${t}` } });
      return { api: await res.text(), html: document.documentElement.outerHTML, storage: JSON.stringify({ ...localStorage }) };
    }, workshopId);
    for (const text of [seen.api, seen.html, seen.storage]) expect(text).not.toMatch(privateAnswer('field1'));
    // Nobody's region is on the participant's page; public host answers reach everyone.
    for (const r of REGIONS) expect(seen.html).not.toContain(r);
    const people = JSON.parse(seen.api).participants as { attributes?: Record<string, string> }[];
    expect(people.filter((p) => p.attributes?.field2 === 'yes')).toHaveLength(2);
    await screenshot(reader, 'fields-5-participant-1366');
  }, 120_000);
});

describe('importing people with personal join links', () => {
  it('[PI1][PI2] the facilitator pastes a list; a personal link opened on a phone signs that person in', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    const created = await api(server.url, 'POST', '/workshops', {
      title: 'Imported day',
      fields: [{ key: 'region', label: 'Region', options: REGIONS, required: true }],
    });
    const { workshop, facilitatorToken } = created.body;
    const browser = await launchBrowser();
    const fac = (await newPerson(browser, { width: 1366, height: 900 })).page;
    await fac.goto(`${server.url}/w/${workshop.id}/facilitate#key=${encodeURIComponent(facilitatorToken)}`);
    const card = fac.getByTestId('import-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('name,Region');
    await card.getByTestId('import-csv').fill('name,Region\nZoe,asia pacific\n"Diallo, Awa",Africa');
    await card.getByTestId('import-submit').click();
    await vi.waitFor(async () => expect(await card.getByTestId('import-links').locator('> li').count()).toBe(2), 10_000);
    await vi.waitFor(async () => expect(await fac.getByTestId('facilitator-participants').textContent()).toContain('Diallo, Awa'), 10_000);
    expect(await seriousViolations(fac)).toEqual([]);
    await screenshot(fac, 'fields-8-import-1366');
    const link = await card.locator('input[readonly]').first().inputValue();
    expect(link).toMatch(/#key=/);
    const phone = (await newPerson(browser, { width: 390, height: 844 })).page;
    await phone.goto(link);
    await vi.waitFor(async () => expect(await phone.locator('main').textContent()).toContain('Imported day'), 10_000);
    const me = await phone.evaluate((id) => JSON.parse(localStorage.getItem(`roomtable:${id}`) ?? '{}') as { participantId?: string }, workshop.id);
    const state = (await api(server.url, 'GET', `/workshops/${workshop.id}`, undefined, facilitatorToken)).body;
    expect(state.participants.find((p: { id: string }) => p.id === me.participantId)?.name).toBe('Zoe');
    // The token left the address bar once stored.
    expect(phone.url()).not.toContain('#key=');
    await screenshot(phone, 'fields-9-imported-person-390');
  }, 60_000);
});
