/// <reference lib="dom" />
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mammoth from 'mammoth';
import type { Browser, BrowserContextOptions, CDPSession, Download, Locator, Page } from 'playwright-core';
import { seedDraftDocx } from '../fixtures/make-docx';
import { type TestApp, startTestApp } from '../helpers/app';
import { seriousAxeViolations } from '../helpers/axe';
import { launchBrowser } from '../helpers/browser';
import { type UploadFile, tabTo, uploadByKeyboard } from '../helpers/keyboard';
import { receiptsTo } from '../helpers/agency';
import { DEMO_OFFICE, PDF_FIXTURE, linkIn } from '../helpers/office';
import { type TestSmtpServer, startSmtpServer } from '../helpers/smtp';
import { STAFF_PASSWORD, addStaff } from '../helpers/staff';

// The whole consultation, played by its three kinds of users in a real browser: the officer
// prepares and publishes, two agencies reply through the links of the e-mails a real SMTP server
// received, the officer answers every comment after the deadline and publishes the report, and a
// citizen reads both. Played three ways: with a mouse, with axe-core checking every page; by
// keyboard alone; and on a 360 px phone with JavaScript turned off.

const OFFICER = 'chuyenvien@stttt.gialai.example';
const ZONE = 'Asia/Ho_Chi_Minh';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Clause 3.1. as imported, and as the officer corrects it on the review page. */
const TYPO = 'Phối hợp với Sở thông tin và Truyền thông';
const FIXED = 'Phối hợp với Sở Thông tin và Truyền thông';
const PHONE_WIDTH = 360;

/** How the journey is played. */
interface Way {
  keyboard: boolean;
  width: number;
  javaScript: boolean;
  axe: boolean;
}

const WAYS = {
  mouse: { keyboard: false, width: 1280, javaScript: true, axe: true },
  keyboard: { keyboard: true, width: 1280, javaScript: true, axe: false },
  phoneWithoutJs: { keyboard: false, width: PHONE_WIDTH, javaScript: false, axe: false },
} satisfies Record<string, Way>;

interface Agency {
  name: string;
  email: string;
}

interface Plan {
  way: Way;
  number: string;
  draftTitle: string;
  commenter: Agency & { clauses: [string, string] };
  agreer: Agency;
  citizen: { name: string; email: string; text: string };
}

let browser: Browser;
let draftDocx: Buffer;

beforeAll(async () => {
  [browser, draftDocx] = await Promise.all([launchBrowser(), seedDraftDocx('typed')]);
}, 60_000);

afterAll(() => browser?.close());

/** A portal of its own for each journey (each moves its clock past its deadline), delivering to a real SMTP server. */
interface Portal {
  t: TestApp;
  smtp: TestSmtpServer;
  base: string;
  close(): Promise<void>;
}

async function startPortal(): Promise<Portal> {
  const smtp = await startSmtpServer();
  const t = await startTestApp({ demo: false, env: { SMTP_URL: smtp.url } });
  const server: Server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  await addStaff(t, OFFICER, { office: DEMO_OFFICE, name: 'Nguyễn Chuyên Viên' });
  return {
    t,
    smtp,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await t.close();
      await smtp.close();
    },
  };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const vnDate = (at: Date) => at.toLocaleDateString('en-GB', { timeZone: ZONE });

/** The elements that stick out past the right edge of the viewport, outside any box that scrolls them. */
function tooWide(): string[] {
  const vw = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll('body *'))
    .filter((el) => el.getBoundingClientRect().right > vw + 0.5)
    .filter((el) => {
      // Inside a scrolling box, unless it is absolutely placed against something outside that box.
      let escapes = getComputedStyle(el).position === 'absolute';
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX !== 'visible' && !escapes) return false;
        if (style.position !== 'static') escapes = false;
      }
      return true;
    })
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${Array.from(el.classList, (c) => `.${c}`).join('')} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
}

/** Everything the journey does to a control, done with a mouse or by keyboard alone. */
class Ui {
  private cdp: CDPSession | null = null;

  constructor(
    readonly page: Page,
    readonly way: Way,
  ) {}

  /**
   * Reads the page through the DevTools protocol: it works with the page's JavaScript turned off
   * (where page.evaluate waits for ever) and is not governed by its CSP (script-src 'self').
   */
  private async inspect<T>(expression: string): Promise<T> {
    this.cdp ??= await this.page.context().newCDPSession(this.page);
    const { result, exceptionDetails } = await this.cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`${expression.slice(0, 80)}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  }

  /** The page the user expects, by its main heading; then what every page must pass. */
  async arrive(heading: string | RegExp): Promise<void> {
    await this.page.getByRole('heading', { level: 1, name: heading }).waitFor();
    // The heading can be there before the stylesheet: measured then, a loaded machine saw an unstyled, wider page.
    await this.page.waitForLoadState('load');
    const where = new URL(this.page.url()).pathname.replace(/\/invite\/[^/]+/u, '/invite/…');
    if (this.way.width <= PHONE_WIDTH) {
      const width = await this.inspect<number>('document.documentElement.scrollWidth');
      if (width > this.way.width) {
        const wide = await this.inspect<string[]>(`(${tooWide.toString()})()`);
        throw new Error(`${where} scrolls sideways at ${this.way.width} px: scrollWidth ${width}; too wide: ${wide.join(', ')}`);
      }
    }
    if (this.way.axe) await this.expectNoSeriousAxeViolations(where);
  }

  private async expectNoSeriousAxeViolations(where: string): Promise<void> {
    const serious = await seriousAxeViolations((source) => this.inspect(source));
    if (serious.length) throw new Error(`axe-core on ${where}:\n${serious.join('\n')}`);
  }

  /** Presses Tab until the target has the focus, which it must show: the control is reachable, in order, and visibly focused. */
  tabTo(target: Locator): Promise<void> {
    return tabTo(this.page, target, { mustShowFocus: true });
  }

  /** Vietnamese is typed through an input method (Telex, VNI) that commits whole words: insertText, not key by key. */
  async fill(target: Locator, text: string): Promise<void> {
    if (!this.way.keyboard) return target.fill(text);
    await this.tabTo(target);
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
    expect(await target.inputValue()).toBe(text);
  }

  /** Corrects a few characters inside a field's text: by keyboard, the caret gets there with the arrow keys. */
  async correct(target: Locator, from: string, to: string): Promise<void> {
    const before = await target.inputValue();
    const at = before.indexOf(from);
    expect(at).toBeGreaterThanOrEqual(0);
    if (!this.way.keyboard) return target.fill(before.replace(from, to));
    await this.tabTo(target);
    await this.page.keyboard.press('ControlOrMeta+Home');
    for (let i = 0; i < at; i++) await this.page.keyboard.press('ArrowRight');
    for (let i = 0; i < from.length; i++) await this.page.keyboard.press('Shift+ArrowRight');
    await this.page.keyboard.insertText(to);
    expect(await target.inputValue()).toBe(before.replace(from, to));
  }

  /** Follows a link, presses a button or opens a <summary>. */
  async activate(target: Locator): Promise<void> {
    if (!this.way.keyboard) return target.click();
    await this.tabTo(target);
    await this.page.keyboard.press('Enter');
  }

  async tick(target: Locator): Promise<void> {
    if (!this.way.keyboard) return target.check();
    await this.tabTo(target);
    await this.page.keyboard.press('Space');
    expect(await target.isChecked()).toBe(true);
  }

  /** A radio button: Tab reaches its group, the arrow keys move the choice. */
  async choose(target: Locator): Promise<void> {
    if (!this.way.keyboard) return target.check();
    const handle = (await target.elementHandle())!;
    const where = () =>
      handle.evaluate((el) => {
        const input = el as HTMLInputElement;
        const active = document.activeElement as HTMLInputElement | null;
        if (active === input) return 'target';
        return active?.type === 'radio' && active.name === input.name && active.form === input.form ? 'group' : 'elsewhere';
      });
    for (let i = 0; i < 400 && (await where()) === 'elsewhere'; i++) await this.page.keyboard.press('Tab');
    for (let i = 0; i < 10 && (await where()) === 'group'; i++) await this.page.keyboard.press('ArrowRight');
    expect(await where()).toBe('target');
    if (!(await target.isChecked())) await this.page.keyboard.press('Space');
    expect(await target.isChecked()).toBe(true);
  }

  /** A file input: by keyboard, the chooser opens with Space or Enter. */
  async upload(target: Locator, file: UploadFile): Promise<void> {
    if (!this.way.keyboard) return target.setInputFiles(file);
    await uploadByKeyboard(this.page, file, () => this.tabTo(target));
  }

  async download(target: Locator): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.activate(target)]);
    return download;
  }
}

function contextOptions(way: Way): BrowserContextOptions {
  return {
    acceptDownloads: true,
    locale: 'vi-VN',
    viewport: { width: way.width, height: way.width <= PHONE_WIDTH ? 740 : 900 },
    javaScriptEnabled: way.javaScript,
  };
}

async function signIn(ui: Ui): Promise<void> {
  const { page } = ui;
  await ui.arrive('Đăng nhập cho cán bộ');
  await ui.fill(page.getByLabel('Địa chỉ thư điện tử'), OFFICER);
  await ui.fill(page.getByLabel('Mật khẩu'), STAFF_PASSWORD);
  await ui.activate(page.getByRole('button', { name: 'Đăng nhập', exact: true }));
}

/** The personal link in the invitation the SMTP server received for an address. */
function invitationPath(smtp: TestSmtpServer, address: string, number: string): string {
  const mail = smtp.received.find((m) => JSON.stringify(m.to).includes(address) && m.subject?.includes(number));
  if (!mail) throw new Error(`no invitation to ${address}; received: ${smtp.received.map((m) => m.subject).join(' | ')}`);
  return new URL(linkIn(mail.text!)).pathname;
}

async function journey(plan: Plan): Promise<void> {
  const portal = await startPortal();
  try {
    await play(plan, portal);
  } finally {
    await portal.close();
  }
}

async function play(plan: Plan, { t, smtp, base }: Portal): Promise<void> {
  const { way, commenter, agreer } = plan;
  const today = t.clock.now();
  const deadline = new Date(today.getTime() + 7 * DAY_MS);
  const comments = [`Đề nghị làm rõ đầu mối phối hợp tại mục ${commenter.clauses[0]}`, `Đề nghị bổ sung thời hạn báo cáo tại mục ${commenter.clauses[1]}`];

  // 1. The officer signs in through the login page.
  const officer = await browser.newContext(contextOptions(way));
  let page = await officer.newPage();
  let ui = new Ui(page, way);
  await page.goto(`${base}/login`);
  await signIn(ui);
  await ui.arrive('Các đợt lấy ý kiến của cơ quan');
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });

  // The two agencies join the office's directory.
  await ui.activate(nav.getByRole('link', { name: 'Danh bạ cơ quan' }));
  await ui.arrive('Danh bạ cơ quan, đơn vị được lấy ý kiến');
  for (const agency of [commenter, agreer]) {
    await ui.activate(page.getByRole('link', { name: 'Thêm cơ quan', exact: true }));
    await ui.arrive('Thêm cơ quan');
    await ui.fill(page.getByLabel('Tên cơ quan, đơn vị'), agency.name);
    await ui.fill(page.getByLabel('Địa chỉ thư điện tử'), agency.email);
    await ui.activate(page.getByRole('button', { name: 'Lưu', exact: true }));
    await ui.arrive('Danh bạ cơ quan, đơn vị được lấy ý kiến');
    await page.getByRole('rowheader', { name: agency.name, exact: true }).waitFor();
  }

  // 2. A new consultation from a DOCX draft.
  await ui.activate(nav.getByRole('link', { name: 'Trang làm việc' }));
  await ui.arrive('Các đợt lấy ý kiến của cơ quan');
  await ui.activate(page.getByRole('link', { name: 'Tạo đợt lấy ý kiến mới' }));
  await ui.arrive('Tạo đợt lấy ý kiến');
  await ui.fill(page.getByLabel(/^Số, ký hiệu công văn/u), plan.number);
  await ui.fill(page.getByLabel(/^Ngày công văn/u), vnDate(today));
  // One agency ticked and the subject forgotten: the form comes back with its errors and everything kept.
  const commenterBox = () => page.getByRole('checkbox', { name: new RegExp(`^${escapeRe(commenter.name)} \\(`, 'u') });
  await ui.tick(commenterBox());
  await ui.activate(page.getByRole('button', { name: 'Lưu và kiểm tra dự thảo' }));
  await ui.arrive('Tạo đợt lấy ý kiến');
  await page.getByRole('alert').waitFor();
  expect(await page.getByLabel(/^Số, ký hiệu công văn/u).inputValue()).toBe(plan.number);
  expect(await commenterBox().isChecked()).toBe(true);
  expect(page.url()).not.toContain('_csrf');
  await ui.fill(page.getByLabel(/^Trích yếu/u), 'tham gia góp ý Dự thảo văn bản tăng cường công tác quản lý dịch vụ Internet');
  await ui.fill(page.getByLabel('Tên dự thảo (nếu khác trích yếu)'), plan.draftTitle);
  // The letter posts the draft for anyone to comment on, moderated before publishing.
  await ui.choose(page.getByRole('radio', { name: 'Nhận, kiểm duyệt trước khi đăng' }));
  await ui.fill(page.getByRole('group', { name: 'Hạn góp ý' }).getByLabel(/^Ngày/u), vnDate(deadline));
  await ui.upload(page.getByLabel(/^Dự thảo \(DOCX, PDF hoặc TXT\)/u), {
    name: 'du-thao-lan-1.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: draftDocx,
  });
  await ui.activate(page.getByRole('button', { name: 'Lưu và kiểm tra dự thảo' }));

  // The review page: clause 3.1. came out of the DOCX with a typo the officer corrects.
  await ui.arrive('Kiểm tra cây điều khoản');
  const tree = page.getByRole('region', { name: 'Mục lục dự thảo' });
  const summary31 = tree.locator('summary').filter({ hasText: /^\s*3\.1\.\s/u });
  expect(await summary31.textContent()).toContain(TYPO);
  await ui.activate(summary31);
  const form31 = page.getByRole('form', { name: 'Sửa 3.1.', exact: true });
  const text31 = form31.getByLabel('Nội dung', { exact: true });
  await ui.correct(text31, 'Sở thông tin', 'Sở Thông tin');
  await ui.activate(form31.getByRole('button', { name: 'Lưu mục', exact: true }));
  await ui.arrive('Kiểm tra cây điều khoản');
  // The page says what was saved and keeps that clause open.
  await page.getByRole('status').filter({ hasText: 'Đã lưu mục 3.1.' }).waitFor();
  expect(await text31.isVisible()).toBe(true);
  expect(await text31.inputValue()).toContain(FIXED);
  expect(await page.locator('summary').filter({ hasText: /^\s*3\.1\.\s/u }).textContent()).toContain(FIXED);

  // Recipients from the directory, then publication.
  await ui.activate(page.getByRole('link', { name: plan.number, exact: true }));
  const dashboardHeading = `Công văn đề nghị góp ý ${plan.number}`;
  await ui.arrive(dashboardHeading);
  const dashboard = page.url();
  await ui.activate(page.getByRole('link', { name: 'Chọn cơ quan được lấy ý kiến' }));
  await ui.arrive('Cơ quan được lấy ý kiến (Kính gửi)');
  // The agency ticked on the new-consultation form is already chosen.
  expect(await page.getByRole('checkbox', { name: new RegExp(`^${escapeRe(commenter.name)} \\(`, 'u') }).first().isChecked()).toBe(true);
  await ui.tick(page.getByRole('checkbox', { name: new RegExp(`^${escapeRe(agreer.name)} \\(`, 'u') }));
  await ui.activate(page.getByRole('button', { name: 'Lưu danh sách' }));
  await ui.arrive(dashboardHeading);
  await page.getByRole('status').filter({ hasText: 'Đã lưu danh sách cơ quan được lấy ý kiến.' }).waitFor();
  await page.getByText('Cơ quan được lấy ý kiến: 2').waitFor();
  // Publishing shows first what will happen: the public page, the invitation itself and who gets it.
  await ui.activate(page.getByRole('link', { name: 'Công bố và gửi thư mời' }));
  await ui.arrive('Xác nhận công bố và gửi thư mời');
  const invitation = page.getByRole('region', { name: 'Thư mời', exact: true });
  expect(await invitation.textContent()).toMatch(new RegExp(`Kính gửi: (${escapeRe(commenter.name)}|${escapeRe(agreer.name)})\n`, 'u'));
  expect(await invitation.textContent()).toContain('[đường liên kết riêng của cơ quan — chỉ tạo khi gửi thư]');
  for (const agency of [commenter, agreer]) await page.getByRole('rowheader', { name: agency.name, exact: true }).waitFor();
  await ui.activate(page.getByRole('link', { name: 'Xem trước trang công khai như người dân sẽ thấy' }));
  await ui.arrive(plan.draftTitle);
  await page.getByText('Bản xem trước: trang này chưa công khai.').waitFor();
  await ui.activate(page.getByRole('link', { name: 'Về trang xác nhận công bố' }));
  await ui.arrive('Xác nhận công bố và gửi thư mời');
  // Held at the SMTP server, the invitations wait in the outbox: the dashboard says so.
  const release = smtp.hold();
  await ui.activate(page.getByRole('button', { name: 'Xác nhận: công bố và gửi 2 thư mời' }));
  await ui.arrive(dashboardHeading);
  await page.getByRole('status').filter({ hasText: 'Đã công bố.' }).waitFor();
  const recipients = page.getByRole('region', { name: 'Tình hình góp ý' });
  for (const agency of [commenter, agreer]) {
    // By the cells' own text: on a phone each cell also carries its column's name (CSS), which a row's accessible name includes.
    expect(await recipients.getByRole('row').filter({ hasText: agency.name }).filter({ hasText: 'Đang chờ gửi' }).count()).toBe(1);
  }
  expect(await recipients.textContent()).not.toContain('Chưa gửi được thư');
  release();
  const officerPage = page;

  // 3. Each agency opens the link of the e-mail it received.
  await t.deps.mail.delivery.deliverDue();
  const agencyA = await browser.newContext(contextOptions(way));
  page = await agencyA.newPage();
  ui = new Ui(page, way);
  await page.goto(`${base}${invitationPath(smtp, commenter.email, plan.number)}`);
  await ui.arrive(`Góp ý của ${commenter.name}`);
  for (const [i, label] of commenter.clauses.entries()) {
    await ui.activate(page.locator('summary').filter({ hasText: `Góp ý mục này ${label}` }));
    await ui.fill(page.getByLabel(`Ý kiến góp ý — ${label}`, { exact: true }), comments[i]!);
  }
  const letter = page.getByRole('group', { name: 'Văn bản góp ý của cơ quan' });
  await ui.fill(letter.getByLabel('Số, ký hiệu văn bản'), '45/CV-TEST');
  await ui.fill(letter.getByLabel(/^Ngày văn bản/u), vnDate(today));
  await ui.fill(letter.getByLabel('Người ký', { exact: true }), 'Lê Văn Ký');
  await ui.fill(letter.getByLabel('Chức vụ người ký'), 'Phó Giám đốc');
  await ui.upload(letter.getByLabel(/^Tệp văn bản đã ký/u), PDF_FIXTURE);
  await ui.fill(page.getByLabel(/^Người lưu/u), 'Phạm Thị Chuyên Viên');
  await ui.activate(page.getByRole('button', { name: 'Gửi ý kiến', exact: true }));
  await ui.arrive(/^Đã nhận ý kiến góp ý — biên nhận số BN-/u);
  for (const text of comments) await page.getByRole('cell', { name: text }).waitFor();
  await page.getByText('45/CV-TEST').waitFor();
  await agencyA.close();
  await t.deps.mail.delivery.deliverDue();
  expect(receiptsTo(smtp, commenter.email)).toHaveLength(1);

  const agencyB = await browser.newContext(contextOptions(way));
  page = await agencyB.newPage();
  ui = new Ui(page, way);
  await page.goto(`${base}${invitationPath(smtp, agreer.email, plan.number)}`);
  await ui.arrive(`Góp ý của ${agreer.name}`);
  await ui.tick(page.getByRole('checkbox', { name: 'Thống nhất với dự thảo, không có ý kiến khác' }));
  await ui.activate(page.getByRole('button', { name: 'Gửi ý kiến', exact: true }));
  await ui.arrive(/^Đã nhận ý kiến góp ý — biên nhận số BN-/u);
  await page.getByRole('definition').filter({ hasText: 'Thống nhất với dự thảo, không có ý kiến khác' }).waitFor();
  await agencyB.close();

  // A citizen comments on the first clause from its page and confirms from the mail.
  const commentingCitizen = await browser.newContext(contextOptions(way));
  page = await commentingCitizen.newPage();
  ui = new Ui(page, way);
  const consultationId = Number(/\/consultations\/(\d+)/u.exec(dashboard)![1]);
  await page.goto(`${base}/consultations/${consultationId}`);
  await ui.arrive(plan.draftTitle);
  await ui.activate(page.getByRole('link', { name: 'Gửi ý kiến góp ý' }));
  await ui.arrive(/^Gửi ý kiến góp ý dự thảo/u);
  await ui.fill(page.getByLabel(/^Họ và tên/u), plan.citizen.name);
  await ui.fill(page.getByLabel(/^Thư điện tử/u), plan.citizen.email);
  await ui.fill(page.getByLabel(/^Nội dung góp ý/u), plan.citizen.text);
  // A person takes longer than the minimum fill time.
  t.clock.advance(30_000);
  await ui.activate(page.getByRole('button', { name: 'Gửi ý kiến', exact: true }));
  await ui.arrive('Hãy kiểm tra thư điện tử');
  await t.deps.mail.delivery.deliverDue();
  const confirmMail = smtp.received.find((m) => JSON.stringify(m.to).includes(plan.citizen.email));
  expect(confirmMail?.subject).toContain('Xác nhận ý kiến góp ý');
  await page.goto(`${base}${new URL(/http:\/\/\S+\/public-comments\/confirm\/[A-Za-z0-9_-]{43}/u.exec(confirmMail!.text!)![0]).pathname}`);
  await ui.arrive('Xác nhận ý kiến góp ý');
  await ui.activate(page.getByRole('button', { name: 'Xác nhận ý kiến' }));
  await ui.arrive('Đã xác nhận ý kiến');
  await commentingCitizen.close();

  // Both have replied: the officer ends the consultation now, after reading what the record will say.
  page = officerPage;
  ui = new Ui(page, way);
  await page.goto(dashboard);
  await ui.arrive(dashboardHeading);
  await ui.activate(page.getByRole('link', { name: 'Kết thúc lấy ý kiến ngay bây giờ' }));
  await ui.arrive('Xác nhận kết thúc lấy ý kiến ngay');
  await page.getByText('Mọi cơ quan được lấy ý kiến đã gửi ý kiến.').waitFor();
  await page.getByText('Không cơ quan nào nhận thư thông báo.').waitFor();
  await ui.activate(page.getByRole('button', { name: 'Xác nhận: kết thúc lấy ý kiến ngay' }));
  await ui.arrive(dashboardHeading);
  await page.getByRole('status').filter({ hasText: 'Đã kết thúc lấy ý kiến' }).waitFor();

  // 4. The deadline passes ("trước ngày D" closes at 00:00 of D in Vietnam), and with it the officer's 12-hour session.
  const cutoff = new Date(`${deadline.toLocaleDateString('en-CA', { timeZone: ZONE })}T00:00:00+07:00`);
  t.clock.set(new Date(cutoff.getTime() + 60 * 60 * 1000));

  // 5. The officer comes back to the consultation, signs in again, answers every comment, downloads the report and publishes it.
  await page.goto(dashboard);
  await signIn(ui);
  await ui.arrive(dashboardHeading);
  await page.getByRole('definition').filter({ hasText: 'Đã hết hạn góp ý' }).waitFor();
  // The citizen's comment waits for moderation: the officer publishes it.
  await ui.activate(page.getByRole('link', { name: 'Kiểm duyệt ý kiến' }));
  await ui.arrive(/^Kiểm duyệt ý kiến của tổ chức, cá nhân/u);
  await ui.tick(page.getByRole('checkbox', { name: new RegExp(`của ${escapeRe(plan.citizen.name)}$`, 'u') }));
  await ui.activate(page.getByRole('button', { name: 'Đăng ý kiến đã chọn' }));
  await ui.arrive(/^Kiểm duyệt ý kiến của tổ chức, cá nhân/u);
  await page.getByRole('status').filter({ hasText: 'Đã đăng 1 ý kiến.' }).waitFor();
  // Answered once for its group (a group of one here).
  const citizenAnswer = 'Đã bổ sung nội dung hướng dẫn tại mục 1 của dự thảo.';
  await page.goto(dashboard);
  await ui.arrive(dashboardHeading);
  await ui.activate(page.getByRole('link', { name: 'Tiếp thu, giải trình ý kiến của tổ chức, cá nhân' }));
  await ui.arrive('Tiếp thu, giải trình ý kiến của tổ chức, cá nhân');
  const publicGroup = page.getByRole('article').filter({ hasText: plan.citizen.text });
  await ui.choose(publicGroup.getByRole('radio', { name: 'Tiếp thu', exact: true }));
  await ui.fill(publicGroup.getByLabel(/^Nội dung tiếp thu, giải trình/u), citizenAnswer);
  await ui.activate(publicGroup.getByRole('button', { name: /^Lưu cho cả nhóm/u }));
  await ui.arrive('Tiếp thu, giải trình ý kiến của tổ chức, cá nhân');
  await page.getByRole('status').filter({ hasText: 'Đã lưu câu trả lời cho 1 ý kiến.' }).waitFor();
  await page.goto(dashboard);
  await ui.arrive(dashboardHeading);
  await ui.activate(page.getByRole('link', { name: 'Tổng hợp, tiếp thu, giải trình ý kiến' }));
  await ui.arrive('Tổng hợp, tiếp thu, giải trình ý kiến');
  await page.getByText('Đã xử lý 0/2 ý kiến').waitFor();
  const answers = [
    { decision: 'Tiếp thu', explanation: 'Đã bổ sung đầu mối phối hợp là Sở Thông tin và Truyền thông.' },
    { decision: 'Giải trình, không tiếp thu', explanation: 'Thời hạn báo cáo đã được quy định tại văn bản khác.' },
  ];
  for (const [i, text] of comments.entries()) {
    const group = page.getByRole('article').filter({ hasText: text });
    await ui.choose(group.getByRole('radio', { name: answers[i]!.decision, exact: true }));
    await ui.fill(group.getByLabel('Nội dung tiếp thu, giải trình'), answers[i]!.explanation);
    await ui.activate(group.getByRole('button', { name: 'Lưu cách xử lý' }));
    await ui.arrive('Tổng hợp, tiếp thu, giải trình ý kiến');
    await page.getByText(`Đã xử lý ${i + 1}/2 ý kiến`).waitFor();
  }
  await ui.activate(page.getByRole('link', { name: plan.number, exact: true }));
  await ui.arrive(dashboardHeading);
  const download = await ui.download(page.getByRole('link', { name: 'DOCX', exact: true }));
  expect(download.suggestedFilename()).toMatch(/\.docx$/u);
  const docxText = (await mammoth.extractRawText({ path: await download.path() })).value;
  for (const text of [...comments, ...answers.map((a) => a.explanation), plan.citizen.text, citizenAnswer]) expect(docxText).toContain(text);
  expect(docxText).toContain('III. Ý KIẾN CỦA TỔ CHỨC, CÁ NHÂN GÓP Ý TRÊN CỔNG THÔNG TIN');
  expect(docxText).not.toContain(plan.citizen.email);
  expect(docxText).toContain(commenter.name);
  await ui.activate(page.getByRole('link', { name: 'Công bố báo cáo trên cổng' }));
  await ui.arrive('Xác nhận công bố báo cáo');
  for (const text of [...comments, ...answers.map((a) => a.explanation)]) await page.getByRole('cell', { name: text }).first().waitFor();
  await page.getByText(/^Trở thành công khai: tên 2 cơ quan đã trả lời/u).waitFor();
  await ui.activate(page.getByRole('button', { name: 'Xác nhận: công bố báo cáo' }));
  await ui.arrive(dashboardHeading);
  await page.getByText(/^Báo cáo đã công bố ngày/u).waitFor();
  await officer.close();

  // 6. A citizen, not signed in, reads the corrected draft and the published report.
  const citizen = await browser.newContext(contextOptions(way));
  page = await citizen.newPage();
  ui = new Ui(page, way);
  await page.goto(`${base}/`);
  await ui.arrive('Dự thảo văn bản lấy ý kiến góp ý');
  await ui.activate(page.getByRole('link', { name: plan.draftTitle }));
  await ui.arrive(plan.draftTitle);
  expect(await page.getByRole('region', { name: '3.1.', exact: true }).textContent()).toContain(FIXED);
  await ui.activate(page.getByRole('link', { name: 'Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý' }));
  await ui.arrive('BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý');
  for (const text of [...comments, ...answers.map((a) => a.explanation)]) await page.getByText(text).first().waitFor();
  // Section III: the citizen's comment and its answer, on the published record.
  await page.getByText('III. Ý KIẾN CỦA TỔ CHỨC, CÁ NHÂN GÓP Ý TRÊN CỔNG THÔNG TIN').waitFor();
  await page.getByText(plan.citizen.text).first().waitFor();
  await page.getByText(citizenAnswer).first().waitFor();
  expect(await page.content()).not.toContain(plan.citizen.email);
  // The citizen's published comment with its answer, on the list of public comments.
  await page.goto(`${base}/consultations/${consultationId}/public-comments`);
  await ui.arrive(/^Ý kiến góp ý của tổ chức, cá nhân/u);
  const published = page.getByRole('listitem').filter({ hasText: plan.citizen.text });
  expect(await published.textContent()).toContain(citizenAnswer);
  await citizen.close();
}

describe('the whole consultation in a real browser', () => {
  it('with a mouse, axe-core finding no serious or critical violation on any page', () =>
    journey({
      way: WAYS.mouse,
      number: '601/STTTT-BCVT',
      draftTitle: 'Dự thảo Công văn tăng cường quản lý dịch vụ Internet (bản chuột)',
      commenter: { name: 'Công an tỉnh', email: 'congan@gialai.example', clauses: ['2.1.', '2.3.'] },
      agreer: { name: 'Tỉnh đoàn Gia Lai', email: 'tinhdoan@gialai.example' },
      citizen: { name: 'Nguyễn Thị Hoa', email: 'hoa.nguyen@example.vn', text: 'Đề nghị bổ sung việc hướng dẫn người dân nhận biết tin giả trên mạng.' },
    }), 120_000);

  it('by keyboard alone: every control reached with Tab, used with Enter, Space, the arrows and typing', () =>
    journey({
      way: WAYS.keyboard,
      number: '602/STTTT-BCVT',
      draftTitle: 'Dự thảo Công văn tăng cường quản lý dịch vụ Internet (bản bàn phím)',
      commenter: { name: 'Sở Giáo dục và Đào tạo', email: 'sgddt@gialai.example', clauses: ['3.1.', '3.3.'] },
      agreer: { name: 'Sở Kế hoạch và Đầu tư', email: 'skhdt@gialai.example' },
      citizen: { name: 'Trần Văn Minh', email: 'minh.tran@example.vn', text: 'Đề nghị quy định rõ thời hạn gỡ bỏ thông tin vi phạm.' },
    }), 120_000);

  it('on a 360 px phone with JavaScript turned off, no page scrolling sideways', () =>
    journey({
      way: WAYS.phoneWithoutJs,
      number: '603/STTTT-BCVT',
      draftTitle: 'Dự thảo Công văn tăng cường quản lý dịch vụ Internet (bản điện thoại)',
      commenter: { name: 'Sở Lao động - Thương binh và Xã hội', email: 'sldtbxh@gialai.example', clauses: ['4.1.', '4.2.'] },
      agreer: { name: 'Cục Quản lý thị trường Gia Lai', email: 'qltt@gialai.example' },
      citizen: { name: 'Lê Hoàng Nam', email: 'nam.le@example.vn', text: 'Đề nghị có kênh tiếp nhận phản ánh của người dân về dịch vụ Internet.' },
    }), 120_000);
});
