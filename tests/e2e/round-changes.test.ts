/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app';
import { type BrowserApp, startBrowserApp } from '../helpers/browser-app';
import { ARTIFACTS } from '../helpers/libreoffice';
import { DEMO_OFFICE } from '../helpers/office';
import { PageChecks } from '../helpers/page-checks';
import { addStaff } from '../helpers/staff';
import { startLan2 } from '../helpers/rounds';

let app: BrowserApp;
let t: TestApp;
let browser: Browser;
let base: string;
let lan2: number;

beforeAll(async () => {
  app = await startBrowserApp();
  ({ t, browser, base } = app);
  await addStaff(t, 'api@gialai.example', { office: DEMO_OFFICE });
  const token = await t.deps.services.auth.createApiToken('api@gialai.example');
  lan2 = await startLan2(t, token, { publish: true });
}, 90_000);

afterAll(() => app?.close());

describe('a citizen reads what changed in Dự thảo lần 2 in a real browser', () => {
  const shots = path.join(ARTIFACTS, 'round-changes');

  it('finds the changes from lần 2, reads marked words underlined and struck, not by colour alone, and the page passes axe', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    page.setDefaultTimeout(15_000);
    const checks = new PageChecks(page);
    await page.goto(`${base}/consultations/${lan2}`);
    await page.getByRole('link', { name: 'Xem những thay đổi so với Dự thảo lần 1' }).click();
    await page.getByRole('heading', { level: 1, name: /Những thay đổi so với Dự thảo lần 1/u }).waitFor();
    expect(await checks.seriousAxeViolations()).toEqual([]);
    expect(await checks.inspect<string>("getComputedStyle(document.querySelector('ins')).textDecorationLine")).toContain('underline');
    expect(await checks.inspect<string>("getComputedStyle(document.querySelector('del')).textDecorationLine")).toContain('line-through');
    // What a screen reader reads: the hidden marks around the words.
    expect(await checks.inspect<string>("document.querySelector('ins').textContent")).toMatch(/^\[thêm: .+\]$/u);
    expect(await checks.inspect<string>("document.querySelector('del').textContent")).toMatch(/^\[bỏ: .+\]$/u);
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'changes.png') });
    await page.close();
  }, 60_000);

  it('filters to the changed clauses with JavaScript off, by a plain link', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 1100, height: 1400 } });
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/consultations/${lan2}/changes`);
    const items = page.locator('#current-heading + ol > li');
    const all = await items.count();
    await page.getByRole('link', { name: /Chỉ các mục có thay đổi/u }).click();
    await page.waitForURL(/\?only=changed$/u);
    expect(await items.count()).toBe(6);
    expect(all).toBeGreaterThan(30);
    expect(await page.getByRole('link', { name: /Chỉ các mục có thay đổi/u }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('heading', { level: 2, name: 'Các mục đã bỏ (1)' }).isVisible()).toBe(true);
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'changes-only-changed.png'), fullPage: true });
    await page.getByRole('link', { name: /Tất cả các mục/u }).click();
    expect(await items.count()).toBe(all);
    // From a clause of lần 2 to its wording in lần 1.
    await page.locator('#current-heading + ol > li').filter({ hasText: 'Sửa đổi' }).first().getByRole('link', { name: '1.2.', exact: true }).click();
    await page.getByText('Mục này đã sửa so với Dự thảo lần 1.').waitFor();
    await page.screenshot({ path: path.join(shots, 'clause-changed.png') });
    await page.getByRole('link', { name: 'Xem nội dung ở Dự thảo lần 1' }).click();
    await page.waitForURL(new RegExp(`/consultations/${t.demoId}/clauses/`, 'u'));
    await page.goto(`${base}/consultations/${lan2}`);
    await page.getByRole('heading', { level: 2, name: 'Các đợt lấy ý kiến của dự thảo này' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'consultation-rounds.png') });
    await page.close();
  }, 60_000);
});
