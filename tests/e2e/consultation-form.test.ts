import type { BrowserContext, Locator, Page, Response } from 'playwright-core';
import { DEMO_SEED_FILE } from '../../src/demo/load-demo';
import { seedDraftDocx } from '../fixtures/make-docx';
import { evaluateIn, seriousAxeViolations } from '../helpers/axe';
import { type BrowserApp, startBrowserApp } from '../helpers/browser-app';
import { dmy } from '../helpers/days';
import { type UploadFile, tabTo, uploadByKeyboard } from '../helpers/keyboard';
import { DEMO_OFFICE } from '../helpers/office';
import { STAFF_PASSWORD, addStaff } from '../helpers/staff';

// The new-consultation form in a real browser: a refused form with one ticked agency comes back
// with its errors and everything typed, and a request letter fills the form in; with a mouse
// (axe-core checking the pages), by keyboard alone, and on a 360 px phone without JavaScript.

const OFFICER = 'chuyenvien@form.gialai.example';
const SUBJECT = 'tham gia góp ý Dự thảo văn bản tăng cường công tác quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng trên địa bàn tỉnh Gia Lai';
/** The "Kính gửi" of letter 532/STTTT-BCVT, as the demo's directory names it. */
const KINH_GUI_AGENCIES = ['Công an tỉnh', 'Sở Kế hoạch và Đầu tư', 'Sở Giáo dục và Đào tạo', 'Sở Lao động - Thương binh và Xã hội', 'Tỉnh đoàn Gia Lai', 'Cục Quản lý thị trường Gia Lai'];
const KINH_GUI_GROUPS = ['Ủy ban nhân dân các huyện, thị xã, thành phố', 'Các doanh nghiệp cung cấp dịch vụ Internet trên địa bàn tỉnh'];

interface Way {
  keyboard: boolean;
  width: number;
  javaScript: boolean;
}

const MOUSE: Way = { keyboard: false, width: 1280, javaScript: true };
const KEYBOARD: Way = { keyboard: true, width: 1280, javaScript: true };
const PHONE: Way = { keyboard: false, width: 360, javaScript: false };
/** A browser on two shared cores: each way takes a while. */
const WAY_TIMEOUT_MS = 180_000;

/** A user at the form, by mouse or by keyboard. */
class User {
  constructor(
    readonly page: Page,
    readonly way: Way,
  ) {}

  tabTo(target: Locator): Promise<void> {
    return tabTo(this.page, target);
  }

  async fill(target: Locator, text: string): Promise<void> {
    if (!this.way.keyboard) return target.fill(text);
    await this.tabTo(target);
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  async tick(target: Locator): Promise<void> {
    if (!this.way.keyboard) return target.check();
    await this.tabTo(target);
    await this.page.keyboard.press('Space');
  }

  async upload(target: Locator, file: UploadFile): Promise<void> {
    if (!this.way.keyboard) return target.setInputFiles(file);
    await uploadByKeyboard(this.page, file, () => this.tabTo(target));
  }

  /** Presses a button and returns the answer to the form it sends. */
  async submit(button: Locator): Promise<Response> {
    const answer = this.page.waitForResponse((r) => r.request().method() === 'POST');
    if (this.way.keyboard) {
      await this.tabTo(button);
      await this.page.keyboard.press('Enter');
    } else {
      await button.click();
    }
    const response = await answer;
    await this.page.waitForLoadState();
    return response;
  }

  /** What every page must pass: no _csrf in the address, no sideways scrolling on a phone, axe-core where JavaScript runs. */
  async check(where: string): Promise<void> {
    expect(this.page.url()).not.toContain('_csrf');
    // Through the debugging protocol, which runs even where the page's own scripts are turned off.
    const cdp = await this.page.context().newCDPSession(this.page);
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'document.documentElement.scrollWidth', returnByValue: true });
    await cdp.detach();
    expect(`${where}: ${String(result.value)} px wide`).toBe(`${where}: ${Math.min(Number(result.value), this.way.width)} px wide`);
    if (this.way.javaScript && !this.way.keyboard) expect(await seriousAxeViolations(evaluateIn(this.page))).toEqual([]);
  }
}

describe('the new-consultation form in a browser', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp();
    await addStaff(app.t, OFFICER, { office: DEMO_OFFICE });
  }, WAY_TIMEOUT_MS);
  afterAll(() => app.close());

  async function open(way: Way): Promise<{ user: User; context: BrowserContext }> {
    const context = await app.browser.newContext({ locale: 'vi-VN', viewport: { width: way.width, height: 800 }, javaScriptEnabled: way.javaScript });
    const page = await context.newPage();
    const user = new User(page, way);
    await page.goto(`${app.base}/login?next=/office/consultations/new`);
    await user.fill(page.getByLabel('Địa chỉ thư điện tử'), OFFICER);
    await user.fill(page.getByLabel('Mật khẩu'), STAFF_PASSWORD);
    await user.submit(page.getByRole('button', { name: 'Đăng nhập', exact: true }));
    await page.getByRole('heading', { level: 1, name: 'Tạo đợt lấy ý kiến' }).waitFor();
    return { user, context };
  }

  const save = (page: Page) => page.getByRole('button', { name: 'Lưu và kiểm tra dự thảo' });
  const fillIn = (page: Page) => page.getByRole('button', { name: 'Điền từ tệp' });
  const agencyBox = (page: Page, name: string) => page.getByRole('checkbox', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')} \\(`, 'u') });

  /** One agency ticked, the subject left empty: the form comes back, 400, with the message and all that was typed. */
  async function refusedWithOneAgency(user: User, where: string): Promise<void> {
    const { page } = user;
    await user.fill(page.getByLabel('Số, ký hiệu công văn'), '600/STTTT-BCVT');
    await user.fill(page.getByLabel('Ngày công văn'), dmy(-1));
    await user.fill(page.getByLabel('Họ và tên người ký'), 'Nguyễn Văn Mẫu');
    await user.fill(page.locator('#deadlineDate'), dmy(6));
    await user.tick(agencyBox(page, 'Tỉnh đoàn Gia Lai'));
    await user.upload(page.getByLabel('Dự thảo (DOCX, PDF hoặc TXT)'), { name: 'du-thao.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await seedDraftDocx('typed') });

    const answer = await user.submit(save(page));
    expect(answer.status()).toBe(400);
    await page.getByRole('heading', { name: 'Có lỗi cần sửa' }).waitFor();
    expect(await page.getByRole('alert').getByRole('link', { name: /Hãy nhập trích yếu/u }).count()).toBe(1);
    expect(await page.getByLabel('Số, ký hiệu công văn').inputValue()).toBe('600/STTTT-BCVT');
    expect(await page.getByLabel('Họ và tên người ký').inputValue()).toBe('Nguyễn Văn Mẫu');
    expect(await page.locator('#deadlineDate').inputValue()).toBe(dmy(6));
    expect(await agencyBox(page, 'Tỉnh đoàn Gia Lai').isChecked()).toBe(true);
    expect(await agencyBox(page, 'Công an tỉnh').isChecked()).toBe(false);
    await user.check(`${where}, refused`);

    await user.fill(page.getByLabel('Trích yếu (V/v)'), 'tham gia góp ý dự thảo');
    await user.upload(page.getByLabel('Dự thảo (DOCX, PDF hoặc TXT)'), { name: 'du-thao.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await seedDraftDocx('typed') });
    expect((await user.submit(save(page))).status()).toBe(303);
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra cây điều khoản' }).waitFor();
  }

  /** Letter 532/STTTT-BCVT with its draft fills the form in, each filled field marked, every "Kính gửi" line ticked. */
  async function prefilled(user: User, where: string): Promise<void> {
    const { page } = user;
    await user.fill(page.locator('#deadlineDate'), dmy(6));
    await user.upload(page.getByLabel('Tệp công văn hoặc dự thảo'), DEMO_SEED_FILE);
    expect((await user.submit(fillIn(page))).status()).toBe(200);
    await page.getByText('— hãy kiểm tra các ô được đánh dấu trước khi lưu.').waitFor();

    expect(await page.getByLabel('Số, ký hiệu công văn').inputValue()).toBe('532/STTTT-BCVT');
    expect(await page.getByLabel('Ngày công văn').inputValue()).toBe('21/04/2020');
    expect(await page.getByLabel('Trích yếu (V/v)').inputValue()).toBe(SUBJECT);
    expect(await page.getByLabel('Hình thức ký').inputValue()).toBe('KT.');
    expect(await page.getByLabel('Họ và tên người ký').inputValue()).toBe('Lê Thị Thu Hương');
    // Each filled field says so to a screen reader too, through its description.
    expect(await page.getByRole('textbox', { name: 'Số, ký hiệu công văn' }).getAttribute('aria-describedby')).toContain('number-filled');
    expect(await page.locator('#number-filled').textContent()).toBe('Đã điền từ tệp — hãy kiểm tra.');
    // What the officer typed before filling in is kept.
    expect(await page.locator('#deadlineDate').inputValue()).toBe(dmy(6));
    for (const name of KINH_GUI_AGENCIES) expect(`${name}: ${await agencyBox(page, name).isChecked()}`).toBe(`${name}: true`);
    for (const name of KINH_GUI_GROUPS) expect(`${name}: ${await agencyBox(page, name).isChecked()}`).toBe(`${name}: true`);
    expect(await page.getByText('Đã chọn 8 nơi nhận theo “Kính gửi” của tệp — hãy kiểm tra.').count()).toBe(1);
    await user.check(`${where}, filled in`);

    // A file that is not a letter at all: a message at the field, the values kept.
    await user.upload(page.getByLabel('Tệp công văn hoặc dự thảo'), { name: 'anh.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
    expect((await user.submit(fillIn(page))).status()).toBe(400);
    expect(await page.locator('#source-error').textContent()).toContain('không phải DOCX, PDF, TXT');
    expect(await page.getByLabel('Số, ký hiệu công văn').inputValue()).toBe('532/STTTT-BCVT');
    await user.check(`${where}, refused file`);
  }

  it('with a mouse, one ticked agency and an empty subject come back with the errors and every value, then it saves; a letter fills the form in; axe-core finds nothing serious', async () => {
    const { user, context } = await open(MOUSE);
    try {
      await user.check('new form');
      await refusedWithOneAgency(user, 'mouse');
      await user.page.goto(`${app.base}/office/consultations/new`);
      await prefilled(user, 'mouse');
    } catch (err) {
      await user.page.screenshot({ path: `test-artifacts/consultation-form-failed-${user.way.width}-${user.way.keyboard ? 'keyboard' : 'mouse'}.png`, fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }, WAY_TIMEOUT_MS);

  it('by keyboard alone, the same, and Enter in a text field saves the form rather than filling it in or searching', async () => {
    const { user, context } = await open(KEYBOARD);
    try {
      const { page } = user;
      await user.tick(agencyBox(page, 'Công an tỉnh'));
      await user.fill(page.getByLabel('Số, ký hiệu công văn'), '601/STTTT-BCVT');
      const answer = page.waitForResponse((r) => r.request().method() === 'POST');
      await page.keyboard.press('Enter');
      expect((await answer).status()).toBe(400);
      await page.getByRole('heading', { name: 'Có lỗi cần sửa' }).waitFor();
      // The form was sent to be saved: its own fields are checked, no file was asked for.
      expect(await page.getByRole('alert').getByRole('link', { name: /Hãy nhập trích yếu/u }).count()).toBe(1);
      expect(await page.locator('#source-error').count()).toBe(0);
      expect(await agencyBox(page, 'Công an tỉnh').isChecked()).toBe(true);
      expect(await page.getByLabel('Số, ký hiệu công văn').inputValue()).toBe('601/STTTT-BCVT');
      await user.check('keyboard, Enter');

      await page.goto(`${app.base}/office/consultations/new`);
      await refusedWithOneAgency(user, 'keyboard');
      await page.goto(`${app.base}/office/consultations/new`);
      await prefilled(user, 'keyboard');
    } catch (err) {
      await user.page.screenshot({ path: `test-artifacts/consultation-form-failed-${user.way.width}-${user.way.keyboard ? 'keyboard' : 'mouse'}.png`, fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }, WAY_TIMEOUT_MS);

  it('on a 360 px phone without JavaScript, the same', async () => {
    const { user, context } = await open(PHONE);
    try {
      await refusedWithOneAgency(user, 'phone');
      await user.page.goto(`${app.base}/office/consultations/new`);
      await prefilled(user, 'phone');
    } catch (err) {
      await user.page.screenshot({ path: `test-artifacts/consultation-form-failed-${user.way.width}-${user.way.keyboard ? 'keyboard' : 'mouse'}.png`, fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }, WAY_TIMEOUT_MS);
});
