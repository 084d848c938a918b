/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app';
import { type BrowserApp, startBrowserApp } from '../helpers/browser-app';
import { dmy } from '../helpers/days';

let app: BrowserApp;
let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  app = await startBrowserApp();
  ({ t, browser, base } = app);
}, 60_000);

afterAll(() => app?.close());

describe('a citizen reads the Gia Lai draft in a real browser', () => {
  it('finds it on the list, opens it, and reads section 2 addressed to Công an tỉnh', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Dự thảo văn bản lấy ý kiến góp ý' }).waitFor();
    await page.getByRole('link', { name: /Dự thảo Công văn của Ủy ban nhân dân tỉnh Gia Lai/u }).click();

    await page.getByRole('heading', { level: 2, name: 'Hạn góp ý' }).waitFor();
    expect(await page.getByText(`trước ngày ${dmy(6)}`).first().isVisible()).toBe(true);
    const toc = page.getByRole('navigation', { name: 'Mục lục dự thảo' });
    await toc.getByRole('link', { name: '2. Công an tỉnh' }).click();
    expect(page.url()).toMatch(/#muc-2$/u);
    const section = page.getByRole('region', { name: '2. Công an tỉnh' });
    expect(await section.getByRole('region', { name: '2.3.' }).textContent()).toContain('Tăng cường thu thập, phát hiện, điều tra');
    await page.close();
  });

  it('reaches the content by keyboard through the skip link, with a visible focus', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/consultations/${t.demoId}`);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/u);
    await page.close();
  });

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    for (const path of ['/', `/consultations/${t.demoId}`]) {
      await page.goto(`${base}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
    await page.close();
  });

  it('switches to English and prints without the navigation', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/consultations/${t.demoId}`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Comment deadline' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).isVisible()).toBe(false);
    expect(await page.getByRole('region', { name: '9.4.' }).isVisible()).toBe(true);
    await page.close();
  });
});
