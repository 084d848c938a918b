import { mkdirSync } from 'node:fs';
import { type BrowserApp, startBrowserApp } from '../helpers/browser-app';
import { evaluateIn, seriousAxeViolations } from '../helpers/axe';
import { DEMO_OFFICE } from '../helpers/office';
import { pendingComments } from '../helpers/public-comments';
import { STAFF_PASSWORD, addStaff } from '../helpers/staff';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
}, 60_000);
afterAll(() => app?.close());

describe('the moderation queue in a real browser without JavaScript', () => {
  it('the moderator reads the flags, ticks comments by their labels, is told a reason is missing, and rejects them with one', async () => {
    const { t, base, browser } = app;
    await addStaff(t, 'kiemduyet@gialai.example', { office: DEMO_OFFICE, name: 'Phạm Kiểm Duyệt' });
    const ids = await pendingComments(t, 3);
    const clause = (await t.deps.services.drafts.publishedDraft(t.demoId!))!.flat.find((k) => k.label === '1.2.')!;
    await t.write((db) => db.updateTable('public_comments').set({ flags: 'abuse,link', clause_id: clause.id, organisation: 'Hội Tin học Gia Lai', show_name: 1, text: 'Đề nghị xem lại mục này, đồ ngu. Tham khảo www.example.vn.\nDòng thứ hai của ý kiến.' }).where('id', '=', ids[1]!).execute());

    const page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByLabel('Địa chỉ thư điện tử').fill('kiemduyet@gialai.example');
    await page.getByLabel('Mật khẩu').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Các đợt lấy ý kiến của cơ quan' }).waitFor();
    await page.goto(`${base}/office/consultations/${t.demoId}`);
    await page.getByRole('link', { name: 'Kiểm duyệt ý kiến' }).click();
    await page.getByRole('heading', { level: 1, name: /Kiểm duyệt ý kiến của tổ chức, cá nhân/u }).waitFor();
    expect(await page.getByText('Có từ ngữ cần xem').isVisible()).toBe(true);
    expect(await page.getByText('Có đường liên kết').isVisible()).toBe(true);

    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/moderation-queue.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test-artifacts/moderation-queue-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });

    await page.getByLabel(`Chọn ý kiến số ${ids[0]} của Người góp ý 1`).check();
    await page.getByLabel(`Chọn ý kiến số ${ids[2]} của Người góp ý 3`).check();
    await page.getByRole('button', { name: 'Từ chối ý kiến đã chọn' }).click();
    expect(await page.locator('.error-summary').innerText()).toContain('Hãy chọn lý do từ chối hoặc ẩn.');
    expect(await page.getByLabel(`Chọn ý kiến số ${ids[0]} của Người góp ý 1`).isChecked()).toBe(true);
    await page.screenshot({ path: 'test-artifacts/moderation-queue-refused.png', fullPage: true });

    await page.getByLabel('Lý do từ chối hoặc ẩn').selectOption('spam');
    await page.getByRole('button', { name: 'Từ chối ý kiến đã chọn' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã từ chối 2 ý kiến' }).waitFor();
    expect(await t.repos.publicComments.counts(t.demoId!)).toMatchObject({ pending: 1, rejected: 2 });

    const axePage = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await axePage.context().addCookies(await page.context().cookies());
    await axePage.goto(`${base}/office/consultations/${t.demoId}/public-comments?status=pending`);
    await axePage.getByRole('heading', { level: 1, name: /Kiểm duyệt ý kiến/u }).waitFor();
    expect(await seriousAxeViolations(evaluateIn(axePage))).toEqual([]);
    await axePage.close();
    await page.close();
  });
});
