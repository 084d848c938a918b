import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seedLan2Text } from '../fixtures/seed-lan-2';
import { evaluateIn, seriousAxeViolations } from '../helpers/axe';
import { type BrowserApp, startBrowserApp } from '../helpers/browser-app';
import { dmy } from '../helpers/days';
import { DEMO_OFFICE } from '../helpers/office';
import { STAFF_PASSWORD, addStaff } from '../helpers/staff';

// Dự thảo lần 2 in a real browser: the officer starts it from the demo's page through the
// follow-up form (refused once, then sent), and reviews its comparison with lần 1, correcting one
// pair. Each page passes axe-core and is photographed, wide and on a 360 px phone, into
// test-artifacts/rounds/.

const OFFICER = 'chuyenvien@rounds-e2e.gialai.example';
const ARTIFACTS = path.join(__dirname, '../../test-artifacts/rounds');
const TIMEOUT_MS = 180_000;

describe('the follow-up form and the review of lần 2 in a browser', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp();
    await addStaff(app.t, OFFICER, { office: DEMO_OFFICE });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, TIMEOUT_MS);
  afterAll(() => app.close());

  /** axe-core's serious findings, none expected, and a photograph wide and on a phone. */
  async function check(page: Page, name: string): Promise<void> {
    expect([name, await seriousAxeViolations(evaluateIn(page))]).toEqual([name, []]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-1280.png`), fullPage: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-1280-screen.png`) });
    await page.setViewportSize({ width: 360, height: 740 });
    const wide = await page.evaluate('document.documentElement.scrollWidth');
    expect([name, wide]).toEqual([name, 360]);
    expect([name, await seriousAxeViolations(evaluateIn(page))]).toEqual([name, []]);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-360.png`), fullPage: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-360-screen.png`) });
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  it(
    'when the officer starts lần 2 and corrects a pair then every page passes axe-core',
    async () => {
      const context = await app.browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${app.base}/login?next=/office/consultations/${app.t.demoId}`);
      await page.getByLabel('Địa chỉ thư điện tử').fill(OFFICER);
      await page.getByLabel('Mật khẩu').fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await page.getByRole('link', { name: 'Tạo đợt lấy ý kiến tiếp theo (Dự thảo lần 2)' }).click();
      await page.getByRole('heading', { level: 1, name: 'Đợt lấy ý kiến tiếp theo: Dự thảo lần 2' }).waitFor();
      await check(page, 'follow-up-form');

      // Sent without its number or file: the errors at the fields.
      await page.getByLabel('Ngày công văn').fill(dmy(0));
      await page.locator('#deadlineDate').fill(dmy(10));
      await page.getByRole('button', { name: 'Tạo đợt tiếp theo' }).click();
      await page.locator('.error-summary').waitFor();
      await check(page, 'follow-up-form-errors');

      await page.getByLabel('Số, ký hiệu công văn').fill('700/STTTT-BCVT');
      await page.locator('#draft').setInputFiles({ name: 'du-thao-lan-2.txt', mimeType: 'text/plain', buffer: Buffer.from(seedLan2Text()) });
      await page.getByRole('button', { name: 'Tạo đợt tiếp theo' }).click();
      await page.getByText('Đã tạo đợt lấy ý kiến tiếp theo.').waitFor();
      await check(page, 'follow-up-created');

      await page.getByRole('link', { name: 'Đối chiếu với Dự thảo lần 1' }).click();
      await page.getByRole('heading', { level: 1, name: 'Đối chiếu với Dự thảo lần 1' }).waitFor();
      await check(page, 'changes-review');

      // 1.2. of lần 2 said to be a new clause, from its row's list.
      const select = page.getByLabel(/Ghép với mục của dự thảo lần trước — 1\.2\./u).first();
      await select.selectOption({ label: '— không ghép (mục mới) —' });
      await page.getByRole('button', { name: /^Lưu — 1\.2\./u }).first().click();
      await page.getByText('Đã lưu đối chiếu.').waitFor();
      expect(page.url()).toMatch(/\/changes\?saved=1#row-a\d+$/u);
      await check(page, 'changes-saved');
      await context.close();
    },
    TIMEOUT_MS,
  );
});
