/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { evaluateIn, seriousAxeViolations } from '../helpers/axe';
import { type BrowserApp, startBrowserApp } from '../helpers/browser-app';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'public-comments');
const TIMEOUT_MS = 90_000;

// A citizen with JavaScript off comments on a clause of the seed draft, then reads the published comments.
describe('a citizen comments on the draft in a real browser', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, TIMEOUT_MS);
  afterAll(() => app.close());

  async function check(page: Page, name: string): Promise<void> {
    expect([name, await seriousAxeViolations(evaluateIn(page))]).toEqual([name, []]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    expect([name, await page.evaluate('document.documentElement.scrollWidth')]).toEqual([name, 360]);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-360.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  it(
    'when the citizen follows the clause page to the form and sends it then they are told to confirm by mail, and a published comment reads on the draft page',
    async () => {
      const { t, base, browser } = app;
      // No page here runs a script; axe-core needs the page's JavaScript, so the checked pages have it on
      // and the comment is sent once more below from a page with it off.
      const page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      const clause = (await t.deps.services.drafts.publishedDraft(t.demoId!))!.flat.find((k) => k.label === '3.2.')!;
      await page.goto(`${base}/consultations/${t.demoId}/clauses/${clause.anchor}`);
      await page.getByRole('link', { name: /Góp ý về 3\.2\./u }).click();
      await page.getByRole('heading', { level: 1, name: /Gửi ý kiến góp ý dự thảo/u }).waitFor();
      await check(page, 'form');
      await page.getByLabel('Họ và tên').fill('Lê Thị Cúc');
      await page.getByLabel('Thư điện tử').fill('cuc@example.vn');
      await page.getByLabel('Cơ quan, tổ chức (nếu có)').fill('Hội Tin học tỉnh Gia Lai');
      await page.getByLabel('Nội dung góp ý').fill('Đề nghị làm rõ trách nhiệm của doanh nghiệp cung cấp dịch vụ Internet khi phát hiện thông tin vi phạm.');
      t.clock.advance(30_000);
      await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
      await page.getByRole('heading', { level: 1, name: 'Hãy kiểm tra thư điện tử' }).waitFor();
      await check(page, 'sent');

      // A refusal keeps what was written and names the field.
      await page.goto(`${base}/consultations/${t.demoId}/comment`);
      await page.getByLabel('Thư điện tử').fill('không phải thư');
      t.clock.advance(30_000);
      await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
      await page.getByRole('alert').waitFor();
      await check(page, 'form-refused');

      const noScript = await browser.newPage({ javaScriptEnabled: false });
      await noScript.goto(`${base}/consultations/${t.demoId}/comment`);
      await noScript.getByLabel('Họ và tên').fill('Phạm Văn Dũng');
      await noScript.getByLabel('Thư điện tử').fill('dung@example.vn');
      await noScript.getByLabel('Nội dung góp ý').fill('Góp ý chung: đề nghị bổ sung thời hạn thực hiện cho từng nhiệm vụ.');
      t.clock.advance(30_000);
      await noScript.getByRole('button', { name: 'Gửi ý kiến' }).click();
      await noScript.getByRole('heading', { level: 1, name: 'Hãy kiểm tra thư điện tử' }).waitFor();
      await noScript.close();

      // Published (the moderator's part is tested on its own): the draft page and the list show it, without an e-mail address.
      await t.write((db) => db.updateTable('public_comments').set({ state: 'published', published_at: t.clock.now().toISOString(), confirm_token_hash: null, expires_at: null }).execute());
      await page.goto(`${base}/consultations/${t.demoId}`);
      const section = page.getByRole('region', { name: 'Ý kiến của tổ chức, cá nhân' });
      expect(await section.textContent()).toContain('Đề nghị làm rõ trách nhiệm của doanh nghiệp');
      expect(await section.textContent()).toContain('Lê Thị Cúc');
      expect(await page.content()).not.toContain('cuc@example.vn');
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, 'draft-page-section.png') });
      await page.goto(`${base}/consultations/${t.demoId}/public-comments`);
      await check(page, 'list');
      await page.close();
    },
    TIMEOUT_MS,
  );
});
