/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO_LOGIN_FILE } from '../../src/demo/demo-access';
import type { TestApp } from '../helpers/app';
import { type BrowserApp, startBrowserApp } from '../helpers/browser-app';
import { PDF_FIXTURE } from '../helpers/office';

let app: BrowserApp;
let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  app = await startBrowserApp();
  ({ t, browser, base } = app);
  await t.deps.mail.delivery.deliverDue();
}, 60_000);

afterAll(() => app?.close());

describe('the demo played in a real browser without JavaScript', () => {
  it('the officer signs in, opens an invitation from the outbox, and Công an tỉnh comments, attaches and submits', async () => {
    const login = readFileSync(path.join(t.dataDir, DEMO_LOGIN_FILE), 'utf8');
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${base}/login`);
    await page.getByLabel('Địa chỉ thư điện tử').fill(/e-mail: (\S+)/u.exec(login)![1]!);
    await page.getByLabel('Mật khẩu').fill(/password: (\S+)/u.exec(login)![1]!);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Các đợt lấy ý kiến của cơ quan' }).waitFor();

    await page.getByRole('link', { name: 'Thư đi' }).click();
    const congAn = page.getByRole('row').filter({ hasText: 'congan@gialai.example' });
    await congAn.getByRole('link', { name: /Công văn số 532/u }).click();
    await page.getByRole('link', { name: /\/invite\//u }).click();

    await page.getByRole('heading', { level: 1, name: 'Góp ý của Công an tỉnh' }).waitFor();
    await page.getByRole('link', { name: '2. Công an tỉnh' }).click();
    const item = page.locator('#k-muc-2-3');
    await item.locator('summary').first().click();
    await item.getByLabel(/^Ý kiến góp ý/u).first().fill('Đề nghị làm rõ đầu mối phối hợp.');
    await page.getByLabel('Số, ký hiệu văn bản').fill('123/CAT-PV05');
    await page.getByLabel(/Tệp văn bản đã ký/u).setInputFiles(PDF_FIXTURE);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();

    await page.getByRole('heading', { level: 1, name: /biên nhận số BN-/u }).waitFor();
    expect(await page.getByText('Đề nghị làm rõ đầu mối phối hợp.').isVisible()).toBe(true);
    await page.close();
  });

  it('the agency page fits a 360 px screen and is reachable by keyboard', async () => {
    const row = await t.deps.db.selectFrom('outbox').select(['id']).where('to_address', '=', 'tinhdoan@gialai.example').executeTakeFirstOrThrow();
    const eml = readFileSync(path.join(t.dataDir, 'outbox', `${String(row.id).padStart(6, '0')}-invitation.eml`), 'utf8');
    const link = /\/invite\/[A-Za-z0-9_-]{43}/u.exec(eml.replace(/=\r?\n/gu, ''))![0];
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${base}${link}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const summary = page.locator('#k-muc-5 summary').first();
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#k-muc-5 textarea').first().isVisible()).toBe(true);
    await page.close();
  });
});
